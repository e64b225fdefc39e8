import fp from 'fastify-plugin';
import { documentResponses } from '../openapi-responses.js';

const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Bodies are small JSON documents. Anything else, text/plain included (which Fastify accepts by
 * default), is a 415; a body over BODY_LIMIT_BYTES (Fastify's own bodyLimit, set in app.ts) is
 * a 413. Both are documented on every route that takes a body.
 */
export default fp(
  async function jsonBodies(app) {
    app.removeContentTypeParser('text/plain');
    app.addHook('onRoute', (route) => {
      if ([route.method].flat().some((method) => BODY_METHODS.has(method))) {
        documentResponses(route.schema, route.method, ['payload-too-large', 'unsupported-media-type']);
      }
    });
  },
  { name: 'json-bodies', fastify: '5.x', dependencies: ['error-handler'] },
);
