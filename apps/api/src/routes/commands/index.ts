import { Type } from 'typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { CommandResultSchema, CustomerIdSchema, IDEMPOTENCY_RETENTION, IdempotencyKeySchema } from '@loyalty/contracts';
import { HttpProblem, problemBody } from '../../errors.js';
import { ProblemRef } from '../schemas.js';
import { jsonResponse, problemResponses } from '../../openapi-responses.js';

const CommandParamsSchema = Type.Object(
  { customerId: CustomerIdSchema, idempotencyKey: IdempotencyKeySchema },
  { additionalProperties: false },
);

const CommandStatusSchema = Type.Object(
  {
    idempotencyKey: Type.String(),
    commandType: Type.String(),
    recordedAt: Type.String({ format: 'date-time' }),
    status: Type.Enum(['pending', 'applied', 'rejected']),
    result: Type.Optional(CommandResultSchema),
    problem: Type.Optional(ProblemRef),
  },
  { additionalProperties: false },
);

const CommandQuerySchema = Type.Object(
  {
    fingerprint: Type.Optional(
      Type.String({
        maxLength: 128,
        description: 'As in the Location of a 202: the outcome of this request, so a key another request took first reads as reused.',
      }),
    ),
  },
  { additionalProperties: false },
);

const commands: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/customers/:customerId/commands/:idempotencyKey',
    {
      config: { access: 'storefront' },
      schema: {
        tags: ['commands'],
        summary: 'Outcome of an earlier command',
        description:
          'Pending, applied (with its result) or rejected (with the problem a synchronous call would have answered). ' +
          `Keys are remembered for at least ${IDEMPOTENCY_RETENTION.keepForMs / 3_600_000} hours and at least the customer\u2019s ` +
          `most recent ${IDEMPOTENCY_RETENTION.keepAtLeast.toLocaleString('en')} keys, up to ` +
          `${IDEMPOTENCY_RETENTION.keepAtMost.toLocaleString('en')} keys in all; a command still waiting on another account is never forgotten.`,
        operationId: 'getCommandOutcome',
        params: CommandParamsSchema,
        querystring: CommandQuerySchema,
        response: {
          200: jsonResponse('What became of the command.', CommandStatusSchema),
          ...problemResponses('customer-not-found', 'not-found', 'temporal-unavailable'),
        },
      },
    },
    async (request) => {
      const { customerId, idempotencyKey } = request.params;
      const record = await app.gateway.getCommand(customerId, idempotencyKey, request.query.fingerprint);
      if (record === null) {
        throw new HttpProblem('not-found', `Customer ${customerId} holds no command with this idempotency key.`);
      }
      const { outcome } = record;
      return {
        idempotencyKey: record.idempotencyKey,
        commandType: record.commandType,
        recordedAt: record.recordedAt,
        status: outcome.status,
        ...(outcome.status === 'applied' ? { result: outcome.result } : {}),
        ...(outcome.status === 'rejected'
          ? { problem: problemBody(outcome.rejection.code, outcome.rejection.detail) }
          : {}),
      };
    },
  );
};

export default commands;
