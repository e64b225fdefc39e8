import { Type, type Static } from 'typebox';
import { WEBHOOK_DELIVERY_PAGE_SIZE } from './limits.js';

/**
 * Signed webhooks (Standard Webhooks: `webhook-id`, `webhook-timestamp`, `webhook-signature`).
 * The event types are wire values that receivers branch on: never rename one.
 */
export const WEBHOOK_EVENT_TYPES = [
  'points.changed',
  'tier.changed',
  'guest.joined',
  'gift.received',
  'points.expiring',
  'account.closed',
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

/** The workflow that keeps the registered endpoints: one per deployment. */
export const WEBHOOK_REGISTRY_WORKFLOW_TYPE = 'WebhookEndpointRegistryWorkflow';

/**
 * The registry of the deployment serving this task queue. Named by the queue so that deployments
 * sharing a namespace (and tests sharing one server) each have their own, served by their own worker.
 */
export function webhookRegistryWorkflowId(taskQueue: string): string {
  return `webhook-endpoints:${taskQueue}`;
}
/** One workflow per (endpoint, event): it signs and posts, retried with backoff until it lands or gives up. */
export const WEBHOOK_DELIVERY_WORKFLOW_TYPE = 'WebhookDeliveryWorkflow';

const DELIVERY_ID_PREFIX = 'webhook-delivery:';

/** Deterministic, so that a retried fan-out finds the delivery it started before and starts nothing. */
export function webhookDeliveryWorkflowId(endpointId: string, eventId: string): string {
  return `${webhookDeliveryWorkflowIdPrefix(endpointId)}${eventId}`;
}

export function webhookDeliveryWorkflowIdPrefix(endpointId: string): string {
  return `${DELIVERY_ID_PREFIX}${endpointId}:`;
}

/** Memo fields of a delivery workflow, which the delivery log reads from visibility. */
export const WEBHOOK_DELIVERY_MEMO = { eventId: 'eventId', eventType: 'eventType', outcome: 'outcome' } as const;

export const WebhookEventTypeSchema = Type.Enum(WEBHOOK_EVENT_TYPES, { description: 'A webhook event type.' });

export const WebhookEndpointIdSchema = Type.String({
  pattern: '^[A-Za-z0-9_-]{1,64}$',
  minLength: 1,
  maxLength: 64,
  description: 'Assigned by the service when the endpoint is registered.',
});

export const WebhookUrlSchema = Type.String({
  format: 'uri',
  pattern: '^https?://[^\\s/?#]+',
  minLength: 8,
  maxLength: 2048,
  description: 'Where events are posted: an http or https URL.',
  examples: ['https://example.com/loyalty-webhooks'],
});

export const WebhookEventTypesSchema = Type.Array(WebhookEventTypeSchema, {
  minItems: 1,
  maxItems: WEBHOOK_EVENT_TYPES.length,
  uniqueItems: true,
  description: 'The event types posted to this endpoint.',
});

/** Standard Webhooks' secret format: `whsec_` and the base64 of the key. */
export const WebhookSecretSchema = Type.String({ pattern: '^whsec_[A-Za-z0-9+/]+={0,2}$', maxLength: 200 });

/** One signing secret. `expiresAt` is set on the previous secret after a rotation. */
export const WebhookSigningSecretSchema = Type.Object(
  { secret: WebhookSecretSchema, createdAt: Type.String({ format: 'date-time' }), expiresAt: Type.Optional(Type.String({ format: 'date-time' })) },
  { additionalProperties: false },
);
export type WebhookSigningSecret = Static<typeof WebhookSigningSecretSchema>;

/** An endpoint as the registry keeps it, secrets included (never shown by the API but once). */
export const WebhookEndpointRecordSchema = Type.Object(
  {
    endpointId: WebhookEndpointIdSchema,
    url: WebhookUrlSchema,
    events: WebhookEventTypesSchema,
    createdAt: Type.String({ format: 'date-time' }),
    updatedAt: Type.String({ format: 'date-time' }),
    /** Newest first; at most two (the current one and, for a grace period, the previous). */
    secrets: Type.Array(WebhookSigningSecretSchema, { minItems: 1, maxItems: 2 }),
  },
  { additionalProperties: false },
);
export type WebhookEndpointRecord = Static<typeof WebhookEndpointRecordSchema>;

export const RegisterWebhookEndpointSchema = Type.Object(
  { endpointId: WebhookEndpointIdSchema, url: WebhookUrlSchema, events: WebhookEventTypesSchema, secret: WebhookSecretSchema },
  { additionalProperties: false },
);
export type RegisterWebhookEndpoint = Static<typeof RegisterWebhookEndpointSchema>;

export const ChangeWebhookEndpointSchema = Type.Object(
  { endpointId: WebhookEndpointIdSchema, url: Type.Optional(WebhookUrlSchema), events: Type.Optional(WebhookEventTypesSchema) },
  { additionalProperties: false },
);
export type ChangeWebhookEndpoint = Static<typeof ChangeWebhookEndpointSchema>;

export const RotateWebhookSecretSchema = Type.Object(
  { endpointId: WebhookEndpointIdSchema, secret: WebhookSecretSchema },
  { additionalProperties: false },
);
export type RotateWebhookSecret = Static<typeof RotateWebhookSecretSchema>;

export const WebhookEndpointRefSchema = Type.Object({ endpointId: WebhookEndpointIdSchema }, { additionalProperties: false });
export type WebhookEndpointRef = Static<typeof WebhookEndpointRefSchema>;

/** The Standard Webhooks payload: `{ type, timestamp, data }`; its ID travels in `webhook-id`. */
export interface WebhookEvent {
  id: string;
  type: WebhookEventType;
  timestamp: string;
  data: Record<string, unknown>;
}

/** How one delivery ended, kept in its workflow's memo and result for the delivery log. */
export type WebhookDeliveryOutcome =
  | { status: 'delivered'; attempts: number; responseStatus: number; deliveredAt: string }
  | { status: 'givenUp'; lastError: string; givenUpAt: string }
  | { status: 'endpointDeleted' };

export const WebhookDeliveryStatusSchema = Type.Enum(['delivered', 'retrying', 'givenUp', 'endpointDeleted'], {
  description: 'delivered: a 2xx answered; retrying: still being tried; givenUp: retries ran out; endpointDeleted: the endpoint went first.',
});

export const WebhookDeliverySchema = Type.Object(
  {
    eventId: Type.String(),
    eventType: WebhookEventTypeSchema,
    status: WebhookDeliveryStatusSchema,
    startedAt: Type.String({ format: 'date-time' }),
    attempts: Type.Optional(Type.Integer({ minimum: 0, description: 'Attempts made so far (delivered: the one that landed).' })),
    lastError: Type.Optional(Type.String({ description: 'Why the latest attempt failed.' })),
    responseStatus: Type.Optional(Type.Integer({ description: 'The receiver\u2019s status for the delivered attempt.' })),
    finishedAt: Type.Optional(Type.String({ format: 'date-time' })),
  },
  { additionalProperties: false },
);
export type WebhookDelivery = Static<typeof WebhookDeliverySchema>;

export const WebhookDeliveryPageSchema = Type.Object(
  { deliveries: Type.Array(WebhookDeliverySchema), nextPageToken: Type.Optional(Type.String()) },
  { additionalProperties: false },
);
export type WebhookDeliveryPage = Static<typeof WebhookDeliveryPageSchema>;

export const WebhookDeliveryPageSizeSchema = Type.Integer({
  minimum: 1,
  maximum: WEBHOOK_DELIVERY_PAGE_SIZE.maximum,
  default: WEBHOOK_DELIVERY_PAGE_SIZE.default,
});
