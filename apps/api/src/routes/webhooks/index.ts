import { Type } from 'typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  MAX_WEBHOOK_ENDPOINTS,
  WEBHOOK_EVENT_TYPES,
  WEBHOOK_SECRET_GRACE_MS,
  WebhookDeliveryPageSchema,
  WebhookDeliveryPageSizeSchema,
  WebhookEndpointIdSchema,
  WebhookEventTypesSchema,
  WebhookSecretSchema,
  WebhookUrlSchema,
  WEBHOOK_DELIVERY_PAGE_SIZE,
} from '@loyalty/contracts';
import { jsonResponse, problemResponses } from '../../openapi-responses.js';

const EndpointSchema = Type.Object(
  {
    endpointId: WebhookEndpointIdSchema,
    url: WebhookUrlSchema,
    events: WebhookEventTypesSchema,
    createdAt: Type.String({ format: 'date-time' }),
    updatedAt: Type.String({ format: 'date-time' }),
    previousSecretExpiresAt: Type.Optional(
      Type.String({ format: 'date-time', description: 'After a rotation: until when the previous secret still signs beside the new one.' }),
    ),
  },
  { additionalProperties: false },
);

const EndpointWithSecretSchema = Type.Object(
  {
    endpoint: EndpointSchema,
    secret: { ...WebhookSecretSchema, description: 'The signing secret (Standard Webhooks format). Shown only in this answer: keep it.' },
  },
  { additionalProperties: false },
);

const EndpointListSchema = Type.Object({ endpoints: Type.Array(EndpointSchema, { maxItems: MAX_WEBHOOK_ENDPOINTS }) }, { additionalProperties: false });

const RegisterBodySchema = Type.Object({ url: WebhookUrlSchema, events: WebhookEventTypesSchema }, { additionalProperties: false });

const ChangeBodySchema = Type.Object(
  { url: Type.Optional(WebhookUrlSchema), events: Type.Optional(WebhookEventTypesSchema) },
  { additionalProperties: false, minProperties: 1 },
);

const EndpointParamsSchema = Type.Object({ endpointId: WebhookEndpointIdSchema }, { additionalProperties: false });

const DeliveriesQuerySchema = Type.Object(
  {
    pageSize: Type.Optional(WebhookDeliveryPageSizeSchema),
    pageToken: Type.Optional(Type.String({ minLength: 1, maxLength: 2048, description: 'nextPageToken of the previous page.' })),
  },
  { additionalProperties: false },
);

const DeletedSchema = { description: 'Deleted: nothing more is posted to it.', type: 'null' } as const;

const eventTypes = WEBHOOK_EVENT_TYPES.map((type) => `\`${type}\``).join(', ');
const graceHours = WEBHOOK_SECRET_GRACE_MS / 3_600_000;

/**
 * Webhook endpoints, for administrators. Events are posted as Standard Webhooks (`webhook-id`,
 * `webhook-timestamp`, `webhook-signature`), at least once per endpoint, with a stable ID.
 */
const webhooks: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/webhooks/endpoints',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['webhooks'],
        summary: 'Register a webhook endpoint',
        description:
          `Events of the chosen types (${eventTypes}) are posted to the URL, signed with the secret in this answer, ` +
          `which is shown only here. At most ${MAX_WEBHOOK_ENDPOINTS} endpoints.`,
        operationId: 'createWebhookEndpoint',
        body: RegisterBodySchema,
        response: {
          201: jsonResponse('Registered; the secret is shown only now.', EndpointWithSecretSchema, { location: true }),
          ...problemResponses('webhook-endpoint-limit-reached', 'temporal-unavailable'),
        },
      },
    },
    async (request, reply) => {
      const registered = await app.gateway.webhooks.register(request.body);
      return reply.code(201).header('location', `/webhooks/endpoints/${registered.endpoint.endpointId}`).send(registered);
    },
  );

  app.get(
    '/webhooks/endpoints',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['webhooks'],
        summary: 'List webhook endpoints',
        operationId: 'listWebhookEndpoints',
        response: { 200: jsonResponse('Every registered endpoint (without secrets).', EndpointListSchema), ...problemResponses('temporal-unavailable') },
      },
    },
    async () => ({ endpoints: await app.gateway.webhooks.list() }),
  );

  app.get(
    '/webhooks/endpoints/:endpointId',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['webhooks'],
        summary: 'A webhook endpoint',
        operationId: 'getWebhookEndpoint',
        params: EndpointParamsSchema,
        response: { 200: jsonResponse('The endpoint (without secrets).', EndpointSchema), ...problemResponses('webhook-endpoint-not-found', 'temporal-unavailable') },
      },
    },
    async (request) => app.gateway.webhooks.get(request.params.endpointId),
  );

  app.patch(
    '/webhooks/endpoints/:endpointId',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['webhooks'],
        summary: 'Change a webhook endpoint\u2019s URL or events',
        description: 'Deliveries already under way keep going; their retries go to the new URL.',
        operationId: 'changeWebhookEndpoint',
        params: EndpointParamsSchema,
        body: ChangeBodySchema,
        response: { 200: jsonResponse('Changed.', EndpointSchema), ...problemResponses('webhook-endpoint-not-found', 'temporal-unavailable') },
      },
    },
    async (request) => app.gateway.webhooks.change(request.params.endpointId, request.body),
  );

  app.delete(
    '/webhooks/endpoints/:endpointId',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['webhooks'],
        summary: 'Delete a webhook endpoint',
        description: 'Deliveries still being retried end without posting again.',
        operationId: 'deleteWebhookEndpoint',
        params: EndpointParamsSchema,
        response: { 204: DeletedSchema, ...problemResponses('webhook-endpoint-not-found', 'temporal-unavailable') },
      },
    },
    async (request, reply) => {
      await app.gateway.webhooks.remove(request.params.endpointId);
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/webhooks/endpoints/:endpointId/secret-rotations',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['webhooks'],
        summary: 'Rotate a webhook endpoint\u2019s secret',
        description:
          `The new secret, shown only in this answer, signs from now on. The previous one keeps signing too for ${graceHours} hours ` +
          '(two signatures in `webhook-signature`), so receivers can switch over without missing an event.',
        operationId: 'rotateWebhookSecret',
        params: EndpointParamsSchema,
        response: {
          201: jsonResponse('Rotated; the new secret is shown only now.', EndpointWithSecretSchema),
          ...problemResponses('webhook-endpoint-not-found', 'temporal-unavailable'),
        },
      },
    },
    async (request, reply) => reply.code(201).send(await app.gateway.webhooks.rotateSecret(request.params.endpointId)),
  );

  app.get(
    '/webhooks/endpoints/:endpointId/deliveries',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['webhooks'],
        summary: 'A webhook endpoint\u2019s delivery log',
        description:
          'One entry per event posted (or being posted) to the endpoint: delivered, retrying (with the attempts so far and the last error) ' +
          'or given up. Eventually consistent, like every listing.',
        operationId: 'listWebhookDeliveries',
        params: EndpointParamsSchema,
        querystring: DeliveriesQuerySchema,
        response: {
          200: jsonResponse('A page of deliveries.', WebhookDeliveryPageSchema),
          ...problemResponses('webhook-endpoint-not-found', 'invalid-page-token', 'temporal-unavailable'),
        },
      },
    },
    async (request) => {
      const { pageSize = WEBHOOK_DELIVERY_PAGE_SIZE.default, pageToken } = request.query;
      return app.gateway.webhooks.deliveries(request.params.endpointId, { pageSize, ...(pageToken === undefined ? {} : { pageToken }) });
    },
  );
};

export default webhooks;
