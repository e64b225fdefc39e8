import { Type } from 'typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { EnrolmentSchema, EnsureMinimumStatusCommandSchema, TIER_NAMES, UpdateProfileCommandSchema, workflowIdFor } from '@loyalty/contracts';
import { runCommand } from '../run-command.js';
import { CommandHeadersSchema, CustomerParamsSchema, CustomerRef, commandBody } from '../schemas.js';
import { commandProblemResponses, jsonResponse, pendingResponse, problemResponses } from '../../openapi-responses.js';

/** What a client may give at enrolment. A starting balance and the inviter are the actor's business. */
const EnrolBodySchema = Type.Object(
  {
    customerId: EnrolmentSchema.properties.customerId,
    name: EnrolmentSchema.properties.name,
    email: EnrolmentSchema.properties.email,
  },
  { additionalProperties: false },
);

const CustomerSummarySchema = Type.Object(
  {
    customerId: Type.String(),
    name: Type.Optional(Type.String()),
    tier: Type.Enum(TIER_NAMES),
    accountActive: Type.Boolean(),
  },
  { additionalProperties: false },
);

const MAX_PAGE_SIZE = 100;
const DEFAULT_PAGE_SIZE = 20;

const ListQuerySchema = Type.Object(
  {
    tier: Type.Optional(Type.Enum(TIER_NAMES, { description: 'Only accounts of this tier.' })),
    active: Type.Optional(Type.Boolean({ description: 'Only open (true) or closed (false) accounts.' })),
    pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_PAGE_SIZE, default: DEFAULT_PAGE_SIZE })),
    pageToken: Type.Optional(
      Type.String({ minLength: 1, maxLength: 2048, description: 'nextPageToken of the previous page.' }),
    ),
  },
  { additionalProperties: false },
);

const CustomerListSchema = Type.Object(
  {
    customers: Type.Array(CustomerSummarySchema),
    nextPageToken: Type.Optional(Type.String()),
    next: Type.Optional(Type.String({ description: 'The URL of the next page, when there is one.' })),
  },
  { additionalProperties: false },
);

const StatusBodySchema = commandBody(EnsureMinimumStatusCommandSchema);
const ProfileBodySchema = commandBody(UpdateProfileCommandSchema, { description: 'The fields to change: name, email or both.' });

const customers: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/customers',
    {
      config: { access: 'storefront' },
      schema: {
        tags: ['customers'],
        summary: 'Enrol a customer',
        description: 'Starts the customer\u2019s account with 0 points. A closed account\u2019s ID cannot be enrolled again.',
        operationId: 'enrolCustomer',
        body: EnrolBodySchema,
        response: {
          201: jsonResponse('Enrolled.', CustomerRef, { location: true }),
          ...problemResponses('customer-exists', 'account-closed', 'temporal-unavailable'),
        },
      },
    },
    async (request, reply) => {
      request.workflowId = workflowIdFor(request.body.customerId);
      const customer = await app.gateway.enrol(request.body);
      return reply
        .code(201)
        .header('location', `/customers/${encodeURIComponent(customer.customerId)}`)
        .send(customer);
    },
  );

  app.get(
    '/customers/:customerId',
    {
      config: { access: 'storefront' },
      schema: {
        tags: ['customers'],
        summary: 'Read a customer',
        description: 'The current state; a closed account answers with its final state.',
        operationId: 'getCustomer',
        params: CustomerParamsSchema,
        response: {
          200: jsonResponse('The customer.', CustomerRef),
          ...problemResponses('customer-not-found', 'temporal-unavailable'),
        },
      },
    },
    async (request) => app.gateway.getCustomer(request.params.customerId),
  );

  app.get(
    '/customers',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['customers'],
        summary: 'List customers',
        description: 'Filtered by tier and whether the account is open, a page at a time. Listing is eventually consistent.',
        operationId: 'listCustomers',
        querystring: ListQuerySchema,
        response: {
          200: jsonResponse('A page of customers.', CustomerListSchema),
          ...problemResponses('invalid-page-token', 'temporal-unavailable'),
        },
      },
    },
    async (request) => {
      const { tier, active, pageSize = DEFAULT_PAGE_SIZE, pageToken } = request.query;
      const page = await app.gateway.listCustomers({
        pageSize,
        ...(tier === undefined ? {} : { tier }),
        ...(active === undefined ? {} : { accountActive: active }),
        ...(pageToken === undefined ? {} : { pageToken }),
      });
      if (page.nextPageToken === undefined) return page;
      const next = new URLSearchParams({
        ...(tier === undefined ? {} : { tier }),
        ...(active === undefined ? {} : { active: String(active) }),
        pageSize: String(pageSize),
        pageToken: page.nextPageToken,
      });
      return { ...page, next: `/customers?${next.toString()}` };
    },
  );

  app.put(
    '/customers/:customerId/status',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['customers'],
        summary: 'Ensure a minimum tier',
        description: 'Raises the account to at least this tier (setting its points to the tier\u2019s minimum); a higher tier is left as it is.',
        operationId: 'ensureMinimumStatus',
        params: CustomerParamsSchema,
        headers: CommandHeadersSchema,
        body: StatusBodySchema,
        response: {
          200: jsonResponse('The customer after the change.', CustomerRef, { idempotencyKey: true }),
          202: pendingResponse,
          ...commandProblemResponses(),
        },
      },
    },
    async (request, reply) =>
      runCommand(request, reply, {
        customerId: request.params.customerId,
        command: { type: 'ensureMinimumStatus', ...request.body },
        status: 200,
        present: (customer) => customer,
      }),
  );

  app.patch(
    '/customers/:customerId',
    {
      config: { access: 'storefront' },
      schema: {
        tags: ['customers'],
        summary: 'Change a profile',
        description: 'Changes the name, the email or both (an invited guest starts with the name its host gave). Listings show the new name.',
        operationId: 'updateProfile',
        params: CustomerParamsSchema,
        headers: CommandHeadersSchema,
        body: ProfileBodySchema,
        response: {
          200: jsonResponse('The account after the change.', CustomerRef, { idempotencyKey: true }),
          202: pendingResponse,
          ...commandProblemResponses(),
        },
      },
    },
    async (request, reply) =>
      runCommand(request, reply, {
        customerId: request.params.customerId,
        command: { type: 'updateProfile', ...request.body },
        status: 200,
        present: (customer) => customer,
      }),
  );

  app.delete(
    '/customers/:customerId',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['customers'],
        summary: 'Cancel an account',
        description: 'Closes the account for good; it stays readable in its final state.',
        operationId: 'cancelAccount',
        params: CustomerParamsSchema,
        headers: CommandHeadersSchema,
        response: {
          200: jsonResponse('The account\u2019s final state.', CustomerRef, { idempotencyKey: true }),
          202: pendingResponse,
          ...commandProblemResponses(),
        },
      },
    },
    async (request, reply) =>
      runCommand(request, reply, {
        customerId: request.params.customerId,
        command: { type: 'cancelAccount' },
        status: 200,
        present: (customer) => customer,
      }),
  );
};

export default customers;
