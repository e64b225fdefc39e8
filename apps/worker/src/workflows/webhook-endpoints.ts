import * as wf from '@temporalio/workflow';
import {
  APPLICATION_FAILURE_TYPES,
  ChangeWebhookEndpointSchema,
  MAX_WEBHOOK_ENDPOINTS,
  MESSAGES_PER_RUN,
  RegisterWebhookEndpointSchema,
  RotateWebhookSecretSchema,
  WEBHOOK_SECRET_GRACE_MS,
  WebhookEndpointRefSchema,
  changeWebhookEndpointUpdate,
  deleteWebhookEndpointUpdate,
  getWebhookEndpointsQuery,
  registerWebhookEndpointUpdate,
  rotateWebhookSecretUpdate,
  type WebhookEndpointRecord,
} from '@loyalty/contracts';
import { checked } from './checked.js';

export interface WebhookEndpointRegistryInput {
  /** Carried across continue-as-new. */
  endpoints?: WebhookEndpointRecord[];
}

/**
 * The registered webhook endpoints: one workflow per deployment (webhookRegistryWorkflowId),
 * changed by updates and read by a query (the fan-out reads it, briefly cached). Its state is
 * bounded by MAX_WEBHOOK_ENDPOINTS, each with at most two secrets. Validators refuse what cannot be
 * done (an unknown endpoint, a full registry) before anything reaches history.
 */
export async function WebhookEndpointRegistryWorkflow(input: WebhookEndpointRegistryInput = {}): Promise<void> {
  const endpoints: WebhookEndpointRecord[] = input.endpoints ?? [];
  let updates = 0;
  const now = () => new Date(Date.now()).toISOString();
  const find = (endpointId: string) => endpoints.find((endpoint) => endpoint.endpointId === endpointId);
  const existing = (endpointId: string): WebhookEndpointRecord => {
    const endpoint = find(endpointId);
    if (endpoint === undefined) {
      throw wf.ApplicationFailure.nonRetryable(`There is no webhook endpoint ${endpointId}.`, APPLICATION_FAILURE_TYPES.webhookEndpointNotFound);
    }
    return endpoint;
  };
  /** A previous secret past its grace period signs no more: it goes at the next change. */
  const dropExpiredSecrets = (endpoint: WebhookEndpointRecord) => {
    endpoint.secrets = endpoint.secrets.filter((secret) => secret.expiresAt === undefined || Date.parse(secret.expiresAt) > Date.now());
  };

  wf.setHandler(getWebhookEndpointsQuery, () => endpoints);

  wf.setHandler(
    registerWebhookEndpointUpdate,
    (request) => {
      updates += 1;
      // A retried registration (same ID) answers as the first did.
      const known = find(request.endpointId);
      if (known) return known;
      const at = now();
      const endpoint: WebhookEndpointRecord = {
        endpointId: request.endpointId,
        url: request.url,
        events: [...request.events],
        createdAt: at,
        updatedAt: at,
        secrets: [{ secret: request.secret, createdAt: at }],
      };
      endpoints.push(endpoint);
      return endpoint;
    },
    {
      validator: (request) => {
        checked(RegisterWebhookEndpointSchema, request);
        if (find(request.endpointId) === undefined && endpoints.length >= MAX_WEBHOOK_ENDPOINTS) {
          throw wf.ApplicationFailure.nonRetryable(
            `At most ${MAX_WEBHOOK_ENDPOINTS} webhook endpoints may be registered.`,
            APPLICATION_FAILURE_TYPES.webhookEndpointLimitReached,
          );
        }
      },
    },
  );

  wf.setHandler(
    changeWebhookEndpointUpdate,
    (request) => {
      updates += 1;
      const endpoint = existing(request.endpointId);
      if (request.url !== undefined) endpoint.url = request.url;
      if (request.events !== undefined) endpoint.events = [...request.events];
      endpoint.updatedAt = now();
      dropExpiredSecrets(endpoint);
      return endpoint;
    },
    { validator: (request) => void existing(checked(ChangeWebhookEndpointSchema, request).endpointId) },
  );

  wf.setHandler(
    rotateWebhookSecretUpdate,
    (request) => {
      updates += 1;
      const endpoint = existing(request.endpointId);
      const at = now();
      const [current] = endpoint.secrets;
      // Only the newest previous secret stays: a second rotation within the grace period ends the first's.
      endpoint.secrets = [
        { secret: request.secret, createdAt: at },
        ...(current === undefined || current.secret === request.secret
          ? []
          : [{ secret: current.secret, createdAt: current.createdAt, expiresAt: new Date(Date.now() + WEBHOOK_SECRET_GRACE_MS).toISOString() }]),
      ];
      endpoint.updatedAt = at;
      return endpoint;
    },
    { validator: (request) => void existing(checked(RotateWebhookSecretSchema, request).endpointId) },
  );

  wf.setHandler(
    deleteWebhookEndpointUpdate,
    (request) => {
      updates += 1;
      const index = endpoints.findIndex((endpoint) => endpoint.endpointId === request.endpointId);
      if (index >= 0) endpoints.splice(index, 1);
    },
    { validator: (request) => void existing(checked(WebhookEndpointRefSchema, request).endpointId) },
  );

  await wf.condition(() => wf.workflowInfo().continueAsNewSuggested || updates >= MESSAGES_PER_RUN.updates);
  await wf.condition(wf.allHandlersFinished);
  await wf.continueAsNew<typeof WebhookEndpointRegistryWorkflow>({ endpoints });
}

