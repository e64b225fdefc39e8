import { Type } from 'typebox';
import { DEFAULT_TASK_QUEUE, POINTS_EXPIRY_DAYS, pointsExpiryPolicyProblem, type PointsExpiryPolicy } from '@loyalty/contracts';
import { ConfigurationError, LoggingEnvironment, parseEnvironment } from '@loyalty/node-runtime';

const ROLES = ['storefront', 'admin'] as const;
export type Role = (typeof ROLES)[number];
const KEY_ROLE_PAIR = `[^=,\\s]+=(${ROLES.join('|')})`;

/**
 * The API's settings. Temporal's own connection settings (TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE,
 * TEMPORAL_API_KEY, TEMPORAL_TLS_*, TEMPORAL_PROFILE) are read by @temporalio/envconfig,
 * following Temporal's conventions; these are the rest.
 */
export const ApiEnvironmentSchema = Type.Object({
  PORT: Type.Integer({ minimum: 0, maximum: 65535, default: 3000 }),
  HOST: Type.String({ minLength: 1, default: '0.0.0.0' }),
  ...LoggingEnvironment,
  TEMPORAL_TASK_QUEUE: Type.String({ minLength: 1, default: DEFAULT_TASK_QUEUE }),
  /** `key=role` pairs separated by commas, e.g. `k1=admin,k2=storefront`. */
  LOYALTY_API_KEYS: Type.Optional(Type.String({ pattern: `^${KEY_ROLE_PAIR}(,${KEY_ROLE_PAIR})*$` })),
  /** Serve every request as admin. Only for local experiments: must be said explicitly. */
  LOYALTY_AUTH_DISABLED: Type.Boolean({ default: false }),
  /** The longest a client may take to send a whole request. */
  REQUEST_TIMEOUT_MS: Type.Integer({ minimum: 1, default: 30_000 }),
  /** Idle keep-alive connections are closed after this long. */
  KEEP_ALIVE_TIMEOUT_MS: Type.Integer({ minimum: 1, default: 72_000 }),
  /** Bodies are small JSON documents; anything bigger is a 413. */
  BODY_LIMIT_BYTES: Type.Integer({ minimum: 1, default: 16_384 }),
  /** Comma-separated origins allowed by CORS, or `*`; empty: no CORS headers at all. */
  CORS_ORIGINS: Type.String({ default: '' }),
  /**
   * Requests per minute for one storefront key. The default (10,000 a second) is above what one
   * deployment takes, so it never caps a storefront backend below the system's own speed.
   */
  RATE_LIMIT_STOREFRONT_PER_MINUTE: Type.Integer({ minimum: 1, default: 600_000 }),
  /** Requests per minute for one admin key: support tools and scripts. */
  RATE_LIMIT_ADMIN_PER_MINUTE: Type.Integer({ minimum: 1, default: 60_000 }),
  /**
   * Points of accounts enrolled from now on expire this many days after they were earned, oldest
   * first; unset: they never expire. Each account keeps the policy it was enrolled with.
   */
  POINTS_EXPIRE_AFTER_DAYS: Type.Optional(Type.Integer({ minimum: POINTS_EXPIRY_DAYS.minimum, maximum: POINTS_EXPIRY_DAYS.maximum })),
  /** A warning (`pointsExpiring`) this many days before points expire; unset: no warning. */
  POINTS_EXPIRY_WARNING_DAYS: Type.Optional(Type.Integer({ minimum: POINTS_EXPIRY_DAYS.minimum, maximum: POINTS_EXPIRY_DAYS.maximum - 1 })),
  /** How long a shutdown waits for in-flight requests before giving up. */
  SHUTDOWN_TIMEOUT_MS: Type.Integer({ minimum: 1, default: 10_000 }),
});

/** The settings as the app uses them; every type comes from the schema or the parsers below. */
export type ApiConfig = ReturnType<typeof loadApiConfig>;

export function loadApiConfig(environment: Record<string, string | undefined>) {
  const env = parseEnvironment(ApiEnvironmentSchema, environment);
  const apiKeys = parseApiKeys(env.LOYALTY_API_KEYS ?? '');
  if (apiKeys.size === 0 && !env.LOYALTY_AUTH_DISABLED) {
    throw new ConfigurationError(
      'Invalid configuration: LOYALTY_API_KEYS is required (e.g. LOYALTY_API_KEYS=k1=admin,k2=storefront), ' +
        'unless authentication is switched off with LOYALTY_AUTH_DISABLED=true',
    );
  }
  return {
    /** The expiry policy new accounts are enrolled with, or undefined: points never expire. */
    pointsExpiry: pointsExpiryPolicy(env.POINTS_EXPIRE_AFTER_DAYS, env.POINTS_EXPIRY_WARNING_DAYS),
    port: env.PORT,
    host: env.HOST,
    logLevel: env.LOG_LEVEL,
    logPretty: env.LOG_PRETTY,
    taskQueue: env.TEMPORAL_TASK_QUEUE,
    /** API key → role. Empty only when auth is disabled. */
    apiKeys,
    authDisabled: env.LOYALTY_AUTH_DISABLED,
    requestTimeoutMs: env.REQUEST_TIMEOUT_MS,
    keepAliveTimeoutMs: env.KEEP_ALIVE_TIMEOUT_MS,
    bodyLimitBytes: env.BODY_LIMIT_BYTES,
    /** `true` for any origin, a list, or `false` for no CORS. */
    corsOrigins: parseOrigins(env.CORS_ORIGINS),
    /** Requests per minute for one key, by its role. */
    rateLimitPerMinute: { storefront: env.RATE_LIMIT_STOREFRONT_PER_MINUTE, admin: env.RATE_LIMIT_ADMIN_PER_MINUTE } satisfies Record<Role, number>,
    shutdownTimeoutMs: env.SHUTDOWN_TIMEOUT_MS,
  };
}

function pointsExpiryPolicy(afterDays: number | undefined, warningDays: number | undefined): PointsExpiryPolicy | undefined {
  if (afterDays === undefined) {
    if (warningDays !== undefined) {
      throw new ConfigurationError('Invalid configuration: POINTS_EXPIRY_WARNING_DAYS needs POINTS_EXPIRE_AFTER_DAYS (points that never expire need no warning)');
    }
    return undefined;
  }
  const policy: PointsExpiryPolicy = { afterDays, ...(warningDays === undefined ? {} : { warningDays }) };
  const problem = pointsExpiryPolicyProblem(policy);
  if (problem) throw new ConfigurationError(`Invalid configuration: POINTS_EXPIRY_WARNING_DAYS: ${problem}`);
  return policy;
}

function parseApiKeys(value: string): ReadonlyMap<string, Role> {
  const keys = new Map<string, Role>();
  for (const pair of value.split(',').filter(Boolean)) {
    const [key, role] = pair.split('=') as [string, Role];
    if (keys.has(key)) throw new ConfigurationError('Invalid configuration: LOYALTY_API_KEYS names one key twice');
    keys.set(key, role);
  }
  return keys;
}

function parseOrigins(value: string): true | false | string[] {
  const origins = value
    .split(',')
    .map((origin) => origin.trim())
    .filter(Boolean);
  if (origins.length === 0) return false;
  return origins.includes('*') ? true : origins;
}
