import { Type } from 'typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  AddPointsCommandSchema,
  LEDGER_WINDOW_SIZE,
  LedgerEntrySchema,
  LedgerPageSchema,
  MAX_POINTS_CHANGE,
  MAX_SCHEDULE_AHEAD_MS,
  MAX_SCHEDULED_COMMANDS,
  InstantSchema,
  PointsDeltaSchema,
  STOREFRONT_POINTS,
} from '@loyalty/contracts';
import { HttpProblem } from '../../errors.js';
import { runCommand } from '../run-command.js';
import { CommandHeadersSchema, CustomerParamsSchema, CustomerRef, commandBody } from '../schemas.js';
import { commandProblemResponses, jsonResponse, pendingResponse, problemResponses } from '../../openapi-responses.js';

const LEDGER_PAGE_SIZE = 50;
const storefrontRange = `${STOREFRONT_POINTS.minimum} to ${STOREFRONT_POINTS.maximum.toLocaleString('en')}`;

const AddPointsBodySchema = commandBody(
  Type.Object({
    ...AddPointsCommandSchema.properties,
    // A change of nothing is no command; over HTTP it is refused before it reaches the actor.
    points: Type.Integer({
      ...PointsDeltaSchema,
      not: { const: 0 },
      description:
        `Points to add. A storefront key may add ${storefrontRange} at a time; ` +
        `an admin key may adjust by up to ${MAX_POINTS_CHANGE.toLocaleString('en')} either way (never below a zero balance).`,
    }),
    notBefore: Type.Optional({
      ...InstantSchema,
      description:
        'Apply the change at this time instead of now (e.g. once an order\u2019s return window has closed): the answer is 202, ' +
        'the outcome reads pending with this time until then, and DELETE on its Location cancels it. At most ' +
        `${MAX_SCHEDULE_AHEAD_MS / 86_400_000} days ahead and ${MAX_SCHEDULED_COMMANDS} scheduled commands per account; ` +
        'a time already passed applies the change at once.',
    }),
  }),
);

const PointsAddedSchema = Type.Object(
  { customer: CustomerRef, entry: Type.Optional(LedgerEntrySchema) },
  { additionalProperties: false },
);

const LedgerQuerySchema = Type.Object(
  {
    beforeId: Type.Optional(Type.Integer({ minimum: 1, description: 'Entries older than this id (nextBeforeId of the previous page).' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: LEDGER_WINDOW_SIZE, default: LEDGER_PAGE_SIZE })),
  },
  { additionalProperties: false },
);

const TransactionsSchema = Type.Object(
  {
    ...LedgerPageSchema.properties,
    next: Type.Optional(Type.String({ description: 'The URL of the next (older) page, when there is one.' })),
  },
  { additionalProperties: false },
);

const points: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/customers/:customerId/points',
    {
      config: { access: 'storefront' },
      schema: {
        tags: ['points'],
        summary: 'Add points',
        operationId: 'addPoints',
        params: CustomerParamsSchema,
        headers: CommandHeadersSchema,
        body: AddPointsBodySchema,
        response: {
          200: jsonResponse('Applied: the account after the change and its ledger entry.', PointsAddedSchema, {
            idempotencyKey: true,
          }),
          202: pendingResponse,
          ...commandProblemResponses('forbidden', 'insufficient-points', 'balance-limit-reached', 'not-before-too-far', 'scheduled-command-limit-reached'),
        },
      },
    },
    async (request, reply) => {
      const { points: delta, reason, notBefore } = request.body;
      if (request.principal?.role !== 'admin' && (delta < STOREFRONT_POINTS.minimum || delta > STOREFRONT_POINTS.maximum)) {
        throw new HttpProblem(
          'forbidden',
          `A storefront key may add ${storefrontRange} points at a time; other adjustments need an admin key.`,
        );
      }
      return runCommand(request, reply, {
        customerId: request.params.customerId,
        command: {
          type: 'addPoints',
          points: delta,
          ...(reason === undefined ? {} : { reason }),
          ...(notBefore === undefined ? {} : { notBefore }),
        },
        status: 200,
        present: (customer, result) => ({ customer, ...(result.entry ? { entry: result.entry } : {}) }),
      });
    },
  );

  app.get(
    '/customers/:customerId/transactions',
    {
      config: { access: 'storefront' },
      schema: {
        tags: ['points'],
        summary: 'Recent ledger entries',
        description: 'Newest first, a page at a time. The account keeps a bounded recent window; older entries are summarised in balanceBeforeWindow.',
        operationId: 'listTransactions',
        params: CustomerParamsSchema,
        querystring: LedgerQuerySchema,
        response: {
          200: jsonResponse('A page of ledger entries.', TransactionsSchema),
          ...problemResponses('customer-not-found', 'temporal-unavailable'),
        },
      },
    },
    async (request) => {
      const { customerId } = request.params;
      const { beforeId, limit = LEDGER_PAGE_SIZE } = request.query;
      const page = await app.gateway.getLedger(customerId, { limit, ...(beforeId === undefined ? {} : { beforeId }) });
      if (page.nextBeforeId === undefined) return page;
      const next = `/customers/${encodeURIComponent(customerId)}/transactions?beforeId=${page.nextBeforeId}&limit=${limit}`;
      return { ...page, next };
    },
  );
};

export default points;
