import { Type } from 'typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  CommandResultSchema,
  CustomerIdSchema,
  IDEMPOTENCY_RETENTION,
  IdempotencyKeySchema,
  MAX_SCHEDULED_COMMANDS,
  ScheduledCommandSchema,
} from '@loyalty/contracts';
import { HttpProblem, problemBody } from '../../errors.js';
import { runCommand } from '../run-command.js';
import { CommandHeadersSchema, CustomerParamsSchema, CustomerRef, ProblemRef } from '../schemas.js';
import { commandProblemResponses, jsonResponse, pendingResponse, problemResponses } from '../../openapi-responses.js';

const CommandParamsSchema = Type.Object(
  { customerId: CustomerIdSchema, idempotencyKey: IdempotencyKeySchema },
  { additionalProperties: false },
);

const CommandStatusSchema = Type.Object(
  {
    idempotencyKey: Type.String(),
    commandType: Type.String(),
    recordedAt: Type.String({ format: 'date-time' }),
    notBefore: Type.Optional(Type.String({ format: 'date-time', description: 'A scheduled command runs at this time; pending until then.' })),
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

const CancelledCommandSchema = Type.Object(
  { customer: CustomerRef, cancelled: ScheduledCommandSchema },
  { additionalProperties: false },
);

const ScheduledCommandsSchema = Type.Object(
  { commands: Type.Array(ScheduledCommandSchema, { maxItems: MAX_SCHEDULED_COMMANDS }) },
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
        ...(record.notBefore === undefined ? {} : { notBefore: record.notBefore }),
        status: outcome.status,
        ...(outcome.status === 'applied' ? { result: outcome.result } : {}),
        ...(outcome.status === 'rejected'
          ? { problem: problemBody(outcome.rejection.code, outcome.rejection.detail) }
          : {}),
      };
    },
  );

  app.delete(
    '/customers/:customerId/commands/:idempotencyKey',
    {
      config: { access: 'storefront' },
      schema: {
        tags: ['commands'],
        summary: 'Cancel a scheduled command',
        description:
          'Withdraws a command sent with notBefore, before its time: it never runs, and its outcome reads rejected (command-cancelled). ' +
          'A command that has run already cannot be cancelled (409).',
        operationId: 'cancelScheduledCommand',
        params: CommandParamsSchema,
        headers: CommandHeadersSchema,
        response: {
          200: jsonResponse('Cancelled: the account and the command withdrawn.', CancelledCommandSchema, { idempotencyKey: true }),
          202: pendingResponse,
          ...commandProblemResponses('scheduled-command-not-found', 'command-already-run', 'command-cancelled'),
        },
      },
    },
    async (request, reply) => {
      const { customerId, idempotencyKey } = request.params;
      return runCommand(request, reply, {
        customerId,
        command: { type: 'cancelScheduledCommand', idempotencyKey },
        status: 200,
        present: (customer, result) => {
          if (result.cancelled === undefined) throw new TypeError('A cancellation answers the command it withdrew');
          return { customer, cancelled: result.cancelled };
        },
      });
    },
  );

  app.get(
    '/customers/:customerId/scheduled-commands',
    {
      config: { access: 'storefront' },
      schema: {
        tags: ['commands'],
        summary: 'Commands waiting for their time',
        description: 'Commands sent with a notBefore time still to come, the soonest first; each can be cancelled by its key until then.',
        operationId: 'listScheduledCommands',
        params: CustomerParamsSchema,
        response: {
          200: jsonResponse('The scheduled commands.', ScheduledCommandsSchema),
          ...problemResponses('customer-not-found', 'temporal-unavailable'),
        },
      },
    },
    async (request) => ({ commands: await app.gateway.getScheduledCommands(request.params.customerId) }),
  );
};

export default commands;
