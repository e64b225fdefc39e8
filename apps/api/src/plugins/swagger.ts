import fp from 'fastify-plugin';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';

export const API_TAGS = [
  { name: 'customers', description: 'Enrolment, state, listing and closing of loyalty accounts.' },
  { name: 'points', description: 'Earning and adjusting points, and the ledger of balance changes.' },
  { name: 'commands', description: 'Outcomes of earlier commands, by their idempotency key.' },
  { name: 'guests', description: 'Guests a customer invites, and gifts to them.' },
  { name: 'rewards', description: 'The reward catalogue and using rewards.' },
  { name: 'tiers', description: 'The tier table.' },
  { name: 'webhooks', description: 'Signed webhook endpoints (Standard Webhooks), their secrets and delivery logs.' },
  { name: 'health', description: 'Liveness and readiness for orchestrators.' },
];

/**
 * The OpenAPI 3.1 document is generated from the route schemas, so it cannot drift from what the
 * routes validate and answer; it is served at /openapi.json, committed as openapi.yaml (see
 * scripts/openapi.ts) and browsable with Swagger UI at /docs.
 */
export default fp(
  async function openapi(app) {
    await app.register(swagger, {
      openapi: {
        openapi: '3.1.0',
        info: {
          title: 'Loyalty Gateway',
          version: '0.1.0',
          description:
            'A customer loyalty program: each customer is a long-running Temporal workflow. ' +
            'Errors are RFC 9457 problems (application/problem+json) with a stable `code`. ' +
            'Commands that change an account accept an `Idempotency-Key`: retrying with the same key ' +
            'returns the first outcome and changes nothing. Keys are remembered per customer for at ' +
            'least 24 hours and at least the customer\u2019s most recent 1,000 keys, up to 2,000 keys ' +
            'in all (past that, the oldest are forgotten first).',
          license: { name: 'MIT', identifier: 'MIT' },
        },
        servers: [{ url: '/', description: 'This server' }],
        tags: API_TAGS,
        components: {
          securitySchemes: {
            bearerAuth: {
              type: 'http',
              scheme: 'bearer',
              description: 'An API key from LOYALTY_API_KEYS; its role (storefront or admin) decides what it may do.',
            },
          },
        },
      },
      // Shared schemas (Problem, Customer) become components named by their $id.
      refResolver: { buildLocalReference: (json, _baseUri, _fragment, i) => (typeof json.$id === 'string' ? json.$id : `def-${i}`) },
    });

    await app.register(swaggerUi, {
      routePrefix: '/docs',
      // Swagger UI's pages get their own CSP (helmet's for the API allows nothing); without
      // upgrade-insecure-requests, so that the UI also works over plain HTTP on a LAN host, and
      // with inline styles, which Swagger UI sets from script (the authorize dialog among them).
      staticCSP: true,
      transformStaticCSP: (header) =>
        header.replace(/\s*upgrade-insecure-requests;?/, '').replace(/style-src ([^;]*);/, "style-src $1 'unsafe-inline';"),
      uiConfig: { persistAuthorization: true, displayOperationId: true },
    });

    app.get('/openapi.json', { schema: { hide: true }, config: { access: 'public' } }, async () => app.swagger());
  },
  { name: 'swagger', fastify: '5.x', dependencies: ['validation', 'auth'] },
);
