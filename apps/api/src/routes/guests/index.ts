import { Type } from 'typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { InviteGuestCommandSchema, LedgerEntrySchema, PointsGiftCommandSchema, TierGiftCommandSchema } from '@loyalty/contracts';
import { runCommand } from '../run-command.js';
import { CommandHeadersSchema, CustomerParamsSchema, CustomerRef, commandBody } from '../schemas.js';
import { commandProblemResponses, jsonResponse, pendingResponse, problemResponses } from '../../openapi-responses.js';

const InviteBodySchema = commandBody(InviteGuestCommandSchema);

const InvitedSchema = Type.Object(
  { customer: CustomerRef, guestId: Type.String() },
  { additionalProperties: false },
);

const GuestListSchema = Type.Object({ guests: Type.Array(Type.String()) }, { additionalProperties: false });

const GiftBodySchema = Type.Union([commandBody(PointsGiftCommandSchema, { title: 'PointsGift' }), commandBody(TierGiftCommandSchema, { title: 'TierGift' })], {
  description: 'A gift of points from the host\u2019s balance, or of a tier.',
});

const GiftedSchema = Type.Object(
  {
    customer: CustomerRef,
    guestId: Type.String(),
    giftId: Type.Optional(Type.String()),
    entry: Type.Optional(LedgerEntrySchema),
  },
  { additionalProperties: false },
);

const guests: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/customers/:customerId/guests',
    {
      config: { access: 'storefront' },
      schema: {
        tags: ['guests'],
        summary: 'Invite a guest',
        description:
          'The guest\u2019s account is created, or reached, and raised to at least the tier below the host\u2019s.',
        operationId: 'inviteGuest',
        params: CustomerParamsSchema,
        headers: CommandHeadersSchema,
        body: InviteBodySchema,
        response: {
          201: jsonResponse('Invited.', InvitedSchema, { location: true, idempotencyKey: true }),
          202: pendingResponse,
          ...commandProblemResponses(
            'guest-already-invited',
            'guest-account-closed',
            'guest-limit-reached',
            'cannot-invite-self',
            'peer-unavailable',
            'peer-work-limit-reached',
          ),
        },
      },
    },
    async (request, reply) => {
      const { guestId } = request.body;
      return runCommand(request, reply, {
        customerId: request.params.customerId,
        command: { type: 'inviteGuest', guestId },
        status: 201,
        present: (customer) => ({ customer, guestId }),
        location: () => `/customers/${encodeURIComponent(guestId)}`,
      });
    },
  );

  app.get(
    '/customers/:customerId/guests',
    {
      config: { access: 'storefront' },
      schema: {
        tags: ['guests'],
        summary: 'List guests',
        operationId: 'listGuests',
        params: CustomerParamsSchema,
        response: {
          200: jsonResponse('The customer IDs of the guests.', GuestListSchema),
          ...problemResponses('customer-not-found', 'temporal-unavailable'),
        },
      },
    },
    async (request) => ({ guests: await app.gateway.getGuests(request.params.customerId) }),
  );

  app.post(
    '/customers/:customerId/gifts',
    {
      config: { access: 'storefront' },
      schema: {
        tags: ['guests'],
        summary: 'Give a guest points or a tier',
        description: 'The guest is credited exactly once, even across retries.',
        operationId: 'giftGuest',
        params: CustomerParamsSchema,
        headers: CommandHeadersSchema,
        body: GiftBodySchema,
        response: {
          200: jsonResponse('Given.', GiftedSchema, { idempotencyKey: true }),
          202: pendingResponse,
          ...commandProblemResponses(
            'not-your-guest',
            'guest-account-closed',
            'insufficient-points',
            'gift-tier-too-high',
            'gift-tier-already-given',
            'peer-work-limit-reached',
          ),
        },
      },
    },
    async (request, reply) => {
      const { guestId } = request.body;
      return runCommand(request, reply, {
        customerId: request.params.customerId,
        command: { type: 'gift', ...request.body },
        status: 200,
        present: (customer, result) => ({
          customer,
          guestId,
          ...(result.giftId === undefined ? {} : { giftId: result.giftId }),
          ...(result.entry === undefined ? {} : { entry: result.entry }),
        }),
      });
    },
  );
};

export default guests;
