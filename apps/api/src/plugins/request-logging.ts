import fp from 'fastify-plugin';
import { workflowIdFor } from '@loyalty/contracts';

declare module 'fastify' {
  interface FastifyRequest {
    /** The customer workflow this request touched, set by the route, for the request's log line. */
    workflowId: string | null;
  }
}

/**
 * One line per request, written when the answer has gone out, carrying what an on-call engineer
 * searches by: the request id (also sent back as X-Request-Id) and the workflow it touched.
 * Fastify's own two lines per request are switched off in app.ts in favour of this one.
 */
export default fp(
  async function requestLogging(app) {
    app.decorateRequest('workflowId', null);

    // Routes under /customers/:customerId touch that customer's workflow; routes that learn the
    // customer elsewhere (enrolment, from the body) set it themselves.
    app.addHook('preHandler', async (request) => {
      const customerId = (request.params as { customerId?: unknown } | undefined)?.customerId;
      if (request.workflowId === null && typeof customerId === 'string') request.workflowId = workflowIdFor(customerId);
    });

    app.addHook('onSend', async (request, reply) => {
      reply.header('x-request-id', request.id);
    });

    app.addHook('onResponse', async (request, reply) => {
      const line = {
        method: request.method,
        url: request.url,
        route: request.routeOptions.url,
        statusCode: reply.statusCode,
        durationMs: Math.round(reply.elapsedTime * 10) / 10,
        ...(request.workflowId === null ? {} : { workflowId: request.workflowId }),
        ...(request.principal === null ? {} : { keyId: request.principal.keyId }),
      };
      if (reply.statusCode >= 500) request.log.warn(line, 'request completed');
      else request.log.info(line, 'request completed');
    });
  },
  { name: 'request-logging', fastify: '5.x', dependencies: ['auth'] },
);
