import fp from 'fastify-plugin';
import helmet from '@fastify/helmet';

/** Security headers on every answer (helmet). */
export default fp(
  async function securityHeaders(app) {
    await app.register(helmet, {
      // The API answers JSON only, so its pages may load nothing; Swagger UI's own pages get the
      // policy they need from @fastify/swagger-ui (staticCSP in plugins/swagger.ts).
      contentSecurityPolicy: {
        useDefaults: false,
        directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] },
      },
    });
  },
  { name: 'security-headers', fastify: '5.x' },
);
