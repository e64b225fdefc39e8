import { randomBytes, randomUUID } from 'node:crypto';
import { status as GRPC } from '@grpc/grpc-js';
import proto from '@temporalio/proto';
import {
  ApplicationFailure,
  WithStartWorkflowOperation,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  defaultPayloadConverter,
  type Client,
} from '@temporalio/client';
import { optionalTsToDate } from '@temporalio/common/lib/time.js';
import {
  APPLICATION_FAILURE_TYPES,
  WEBHOOK_DELIVERY_MEMO,
  WEBHOOK_DELIVERY_WORKFLOW_TYPE,
  WEBHOOK_EVENT_TYPES,
  WEBHOOK_REGISTRY_WORKFLOW_TYPE,
  changeWebhookEndpointUpdate,
  deleteWebhookEndpointUpdate,
  getWebhookEndpointsQuery,
  registerWebhookEndpointUpdate,
  rotateWebhookSecretUpdate,
  webhookDeliveryWorkflowIdPrefix,
  webhookRegistryWorkflowId,
  type WebhookDelivery,
  type WebhookDeliveryOutcome,
  type WebhookDeliveryPage,
  type WebhookEndpointRecord,
  type WebhookEventType,
} from '@loyalty/contracts';
import { GatewayError, type WebhookEndpoint, type WebhookGateway } from './gateway.js';

export interface TemporalWebhookGatewayOptions {
  client: Client;
  taskQueue: string;
  /** Every call's deadline. */
  readMs: number;
  /** How the Temporal gateway maps the client's errors (unavailable, too many requests). */
  mapError: (error: unknown) => unknown;
  /** Decodes a page token this service issued; throws GatewayError 'invalid-page-token' otherwise. */
  visibilityToken: (pageToken: string) => Buffer;
}

const { PendingActivityState, WorkflowExecutionStatus: Status } = proto.temporal.api.enums.v1;

/**
 * Webhook endpoints live in one registry workflow (started by the first registration), each
 * delivery in a workflow of its own, listed from visibility by its ID prefix. Secrets are made
 * here, from the system's random source, and shown once; they live in the registry's history,
 * which is why production deployments encrypt payloads (README, Webhooks).
 */
export function createTemporalWebhookGateway(options: TemporalWebhookGatewayOptions): WebhookGateway {
  const { client, taskQueue, readMs, mapError, visibilityToken } = options;
  const namespace = client.options.namespace;
  const within = <T>(call: () => Promise<T>) => client.withDeadline(Date.now() + readMs, call);
  const registry = () => client.workflow.getHandle(webhookRegistryWorkflowId(taskQueue));

  async function records(): Promise<WebhookEndpointRecord[]> {
    try {
      return await within(() => registry().query(getWebhookEndpointsQuery));
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) return [];
      throw mapError(error);
    }
  }

  async function record(endpointId: string): Promise<WebhookEndpointRecord> {
    const found = (await records()).find((endpoint) => endpoint.endpointId === endpointId);
    if (found === undefined) throw notFound(endpointId);
    return found;
  }

  /** An update to the registry, its refusals mapped onto the gateway's codes. */
  async function update<T>(endpointId: string, call: () => Promise<T>): Promise<T> {
    try {
      return await within(call);
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) throw notFound(endpointId);
      if (error instanceof WorkflowUpdateFailedError && error.cause instanceof ApplicationFailure) {
        if (error.cause.type === APPLICATION_FAILURE_TYPES.webhookEndpointNotFound) throw notFound(endpointId);
        if (error.cause.type === APPLICATION_FAILURE_TYPES.webhookEndpointLimitReached) {
          throw new GatewayError('webhook-endpoint-limit-reached', error.cause.message);
        }
      }
      throw mapError(error);
    }
  }

  return {
    async register({ url, events }) {
      const endpointId = `ep_${randomUUID().replaceAll('-', '')}`;
      const secret = newSecret();
      const registered = await update(endpointId, () =>
        client.workflow.executeUpdateWithStart(registerWebhookEndpointUpdate, {
          args: [{ endpointId, url, events, secret }],
          // Resent by the client's own retries as the same registration.
          updateId: `register:${endpointId}`,
          startWorkflowOperation: new WithStartWorkflowOperation(WEBHOOK_REGISTRY_WORKFLOW_TYPE, {
            workflowId: webhookRegistryWorkflowId(taskQueue),
            taskQueue,
            args: [{}],
            workflowIdConflictPolicy: 'USE_EXISTING',
          }),
        }),
      );
      return { endpoint: shown(registered), secret };
    },

    async list() {
      return (await records()).map(shown);
    },

    async get(endpointId) {
      return shown(await record(endpointId));
    },

    async change(endpointId, change) {
      const changed = await update(endpointId, () =>
        registry().executeUpdate(changeWebhookEndpointUpdate, { args: [{ endpointId, ...change }] }),
      );
      return shown(changed);
    },

    async remove(endpointId) {
      await update(endpointId, () => registry().executeUpdate(deleteWebhookEndpointUpdate, { args: [{ endpointId }] }));
    },

    async rotateSecret(endpointId) {
      const secret = newSecret();
      const rotated = await update(endpointId, () =>
        registry().executeUpdate(rotateWebhookSecretUpdate, { args: [{ endpointId, secret }] }),
      );
      return { endpoint: shown(rotated), secret };
    },

    async deliveries(endpointId, page) {
      await record(endpointId);
      const nextPageToken = page.pageToken === undefined ? undefined : visibilityToken(page.pageToken);
      // The endpoint ID is one of the registry's (its pattern allows no quote): safe inside the query.
      const query = `WorkflowType = '${WEBHOOK_DELIVERY_WORKFLOW_TYPE}' AND WorkflowId STARTS_WITH '${webhookDeliveryWorkflowIdPrefix(endpointId)}'`;
      let response;
      try {
        response = await within(() =>
          client.workflowService.listWorkflowExecutions({
            namespace,
            pageSize: page.pageSize,
            query,
            ...(nextPageToken === undefined ? {} : { nextPageToken }),
          }),
        );
      } catch (error) {
        // Visibility stores answer a token they cannot read with INVALID_ARGUMENT or, SQLite's, UNKNOWN.
        const code = (error as { code?: unknown } | undefined)?.code ?? ((error as { cause?: { code?: unknown } } | undefined)?.cause?.code);
        if (nextPageToken !== undefined && (code === GRPC.INVALID_ARGUMENT || code === GRPC.UNKNOWN)) {
          throw new GatewayError('invalid-page-token', 'The page token is not one this service issued.');
        }
        throw mapError(error);
      }
      const deliveries = await Promise.all((response.executions ?? []).map((execution) => deliveryOf(execution)));
      const token = response.nextPageToken;
      const result: WebhookDeliveryPage = { deliveries: deliveries.flatMap((delivery) => (delivery ? [delivery] : [])) };
      if (token && token.length > 0) result.nextPageToken = Buffer.from(token).toString('base64url');
      return result;
    },
  };

  /** One delivery: its outcome from the memo once it has ended, its attempts from Temporal while it is retried. */
  async function deliveryOf(execution: proto.temporal.api.workflow.v1.IWorkflowExecutionInfo): Promise<WebhookDelivery | undefined> {
    const memo = (field: string) => {
      const payload = execution.memo?.fields?.[field];
      return payload ? defaultPayloadConverter.fromPayload<unknown>(payload) : undefined;
    };
    const eventId = memo(WEBHOOK_DELIVERY_MEMO.eventId);
    const eventType = memo(WEBHOOK_DELIVERY_MEMO.eventType);
    if (typeof eventId !== 'string' || !(WEBHOOK_EVENT_TYPES as readonly unknown[]).includes(eventType)) return undefined;
    const base = {
      eventId,
      eventType: eventType as WebhookEventType,
      startedAt: (optionalTsToDate(execution.startTime) ?? new Date(0)).toISOString(),
    };
    if (execution.status === Status.WORKFLOW_EXECUTION_STATUS_RUNNING) {
      return { ...base, status: 'retrying', ...(await attemptsOf(execution.execution?.workflowId ?? '')) };
    }
    const outcome = memo(WEBHOOK_DELIVERY_MEMO.outcome) as WebhookDeliveryOutcome | undefined;
    const finishedAt = (optionalTsToDate(execution.closeTime) ?? new Date(0)).toISOString();
    switch (outcome?.status) {
      case 'delivered':
        return { ...base, status: 'delivered', attempts: outcome.attempts, responseStatus: outcome.responseStatus, finishedAt: outcome.deliveredAt };
      case 'endpointDeleted':
        return { ...base, status: 'endpointDeleted', finishedAt };
      case 'givenUp':
        return { ...base, status: 'givenUp', lastError: outcome.lastError, finishedAt };
      default:
        // Ended without saying how (terminated, say): it was not delivered.
        return { ...base, status: 'givenUp', lastError: 'The delivery ended without an outcome.', finishedAt };
    }
  }

  /** The attempts made so far and why the latest failed, from the delivery's pending activity. */
  async function attemptsOf(workflowId: string): Promise<{ attempts?: number; lastError?: string }> {
    try {
      const { raw } = await within(() => client.workflow.getHandle(workflowId).describe());
      const pending = raw.pendingActivities?.[0];
      if (!pending) return {};
      const attempt = pending.attempt ?? 1;
      // Scheduled means waiting for its next attempt: that one has not been made yet.
      const made = pending.state === PendingActivityState.PENDING_ACTIVITY_STATE_SCHEDULED ? attempt - 1 : attempt;
      const lastError = pending.lastFailure?.message ?? undefined;
      return { attempts: Math.max(0, made), ...(lastError ? { lastError } : {}) };
    } catch {
      return {}; // closed or gone since it was listed: the next read shows how it ended
    }
  }
}

/** Standard Webhooks' format: `whsec_` and the base64 of 32 random bytes. */
function newSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`;
}

function shown(record: WebhookEndpointRecord): WebhookEndpoint {
  const previous = record.secrets.slice(1).find((secret) => secret.expiresAt !== undefined && Date.parse(secret.expiresAt) > Date.now());
  return {
    endpointId: record.endpointId,
    url: record.url,
    events: [...record.events],
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
    ...(previous?.expiresAt === undefined ? {} : { previousSecretExpiresAt: previous.expiresAt }),
  };
}

function notFound(endpointId: string): GatewayError {
  return new GatewayError('webhook-endpoint-not-found', `There is no webhook endpoint ${endpointId}.`);
}
