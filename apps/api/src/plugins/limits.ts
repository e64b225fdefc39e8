import fp from 'fastify-plugin';
import rateLimit from '@fastify/rate-limit';
import helmet from '@fastify/helmet';
import cors from '@fastify/cors';
import { HttpProblem } from '../errors.js';
import { documentResponses } from './error-handler.js';

export interface LimitsOptions {
  rateLimitPerMinute: number;
  /** `true` for any origin, a list, or `false` for no CORS at all. */
  corsOrigins: true | false | string[];
}

const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * What protects the service from its callers: a request budget per API key, security headers,
 * CORS for browser clients that are allowed. The body size limit is Fastify's own (app.ts); its
 * 413 and the 415 for a body that is not JSON are documented here with the rest.
 */
export default fp<LimitsOptions>(
  async function limits(app, options) {
    app.addHook('onRoute', (route) => {
      if (route.config?.access !== 'public') documentResponses(route.schema, route.method, ['rate-limited']);
      if ([route.method].flat().some((method) => BODY_METHODS.has(method))) {
        documentResponses(route.schema, route.method, ['payload-too-large', 'unsupported-media-type']);
      }
    });

    await app.register(rateLimit, {
      global: true,
      max: options.rateLimitPerMinute,
      timeWindow: 60_000,
      // Runs after authentication (a route-level hook, after the app-level auth hook): the budget
      // belongs to the key, so that one busy storefront does not starve another behind the same proxy.
      keyGenerator: (request) => request.principal?.keyId ?? request.ip,
      // Health probes and documentation are never throttled.
      allowList: (request) => request.routeOptions.config.access === 'public',
      errorResponseBuilder: (_request, context) =>
        new HttpProblem(
          'rate-limited',
          `This API key may make ${context.max} requests a minute; retry in ${context.after}.`,
          { retryAfterSeconds: Math.ceil(context.ttl / 1000) },
        ),
    });

    await app.register(helmet, {
      // The API answers JSON only, so its pages may load nothing; Swagger UI's own pages get the
      // policy they need from @fastify/swagger-ui (staticCSP in plugins/swagger.ts).
      contentSecurityPolicy: {
        useDefaults: false,
        directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] },
      },
    });

    if (options.corsOrigins !== false) {
      await app.register(cors, {
        origin: options.corsOrigins,
        exposedHeaders: ['Location', 'Retry-After', 'X-Request-Id', 'Idempotency-Key', 'Preference-Applied'],
        allowedHeaders: ['Authorization', 'Content-Type', 'Idempotency-Key', 'Prefer', 'X-Request-Id'],
      });
    }
  },
  { name: 'limits', fastify: '5.x', dependencies: ['auth', 'error-handler'] },
);
