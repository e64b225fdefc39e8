import { Type } from 'typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { GatewayError } from '../../gateway/gateway.js';
import { jsonResponse, problemResponses } from '../../openapi-responses.js';

const HealthSchema = Type.Object({ status: Type.Literal('ok') }, { additionalProperties: false });

const health: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/healthz',
    {
      config: { access: 'public' },
      schema: {
        tags: ['health'],
        summary: 'Liveness',
        description: 'Answers while the process runs, whatever the state of Temporal.',
        operationId: 'getLiveness',
        response: { 200: jsonResponse('Alive.', HealthSchema) },
      },
    },
    async () => ({ status: 'ok' as const }),
  );

  app.get(
    '/readyz',
    {
      config: { access: 'public' },
      schema: {
        tags: ['health'],
        summary: 'Readiness',
        description: 'Ready when Temporal answers and a worker polls the task queue.',
        operationId: 'getReadiness',
        response: {
          200: jsonResponse('Ready to serve.', HealthSchema),
          ...problemResponses('temporal-unavailable'),
        },
      },
    },
    async () => {
      try {
        await app.gateway.checkReady();
      } catch (error) {
        // Whatever went wrong, the answer to "ready?" is no (503), with a hint when to ask again.
        const retryAfter = error instanceof GatewayError ? error.retryAfterSeconds : undefined;
        throw new GatewayError('temporal-unavailable', 'readiness check failed', retryAfter, { cause: error });
      }
      return { status: 'ok' as const };
    },
  );
};

export default health;
