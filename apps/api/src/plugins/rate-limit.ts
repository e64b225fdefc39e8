import fp from 'fastify-plugin';
import rateLimit from '@fastify/rate-limit';
import type { Role } from '../config.js';
import { HttpProblem } from '../errors.js';
import { documentResponses } from '../openapi-responses.js';

export interface RateLimitOptions {
  /** Requests per minute for one key, by its role. */
  rateLimitPerMinute: Readonly<Record<Role, number>>;
}

/** A request budget per API key and role, so that one busy caller cannot starve the others. */
export default fp<RateLimitOptions>(
  async function apiKeyRateLimit(app, options) {
    app.addHook('onRoute', (route) => {
      if (route.config?.access !== 'public') documentResponses(route.schema, route.method, ['rate-limited']);
    });

    await app.register(rateLimit, {
      global: true,
      // Only authenticated requests get this far; a request without a key was answered 401.
      max: (request) => options.rateLimitPerMinute[request.principal?.role ?? 'storefront'],
      timeWindow: 60_000,
      // Runs after authentication (a route-level hook, after the app-level auth hook): the budget
      // belongs to the key, so that one busy storefront does not starve another behind the same proxy.
      keyGenerator: (request) => request.principal?.keyId ?? request.ip,
      // Health probes and documentation are never throttled.
      allowList: (request) => request.routeOptions.config.access === 'public',
      errorResponseBuilder: (_request, context) =>
        new HttpProblem(
          'rate-limited',
          `This API key may make ${context.max} requests a minute (RATE_LIMIT_<ROLE>_PER_MINUTE); retry in ${context.after}.`,
          { retryAfterSeconds: Math.ceil(context.ttl / 1000) },
        ),
    });
  },
  { name: 'rate-limit', fastify: '5.x', dependencies: ['auth', 'error-handler'] },
);
