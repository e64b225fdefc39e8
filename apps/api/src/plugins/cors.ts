import fp from 'fastify-plugin';
import cors from '@fastify/cors';

export interface CorsOptions {
  /** `true` for any origin, a list, or `false` for no CORS headers at all. */
  corsOrigins: true | false | string[];
}

/** CORS for the browser clients that are allowed (CORS_ORIGINS); none by default. */
export default fp<CorsOptions>(
  async function corsPolicy(app, options) {
    if (options.corsOrigins === false) return;
    await app.register(cors, {
      origin: options.corsOrigins,
      exposedHeaders: ['Location', 'Retry-After', 'X-Request-Id', 'Idempotency-Key', 'Preference-Applied'],
      allowedHeaders: ['Authorization', 'Content-Type', 'Idempotency-Key', 'Prefer', 'X-Request-Id'],
    });
  },
  { name: 'cors', fastify: '5.x' },
);
