import { Context } from '@temporalio/activity';
import type { Client, WorkflowHandle } from '@temporalio/client';
import { ApplicationFailure, WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError } from '@temporalio/common';
import {
  CLOSED_WORKFLOW_STATUSES,
  NAME_MEMO_FIELD,
  WEBHOOK_DELIVERY_MEMO,
  WEBHOOK_DELIVERY_WORKFLOW_TYPE,
  WORKFLOW_TYPE,
  getWebhookEndpointsQuery,
  webhookDeliveryWorkflowId,
  webhookRegistryWorkflowId,
  ensureMinimumStatusSignal,
  getGiftReceiptQuery,
  getStatusQuery,
  receiveGiftUpdate,
  tierByOrdinal,
  workflowIdFor,
  type CustomerLoyaltyInput,
  type GiftDelivery,
  type GiftReceipt,
  type PointsExpiryPolicy,
  type WebhookDeliveryOutcome,
  type WebhookEndpointRecord,
  type WebhookEvent,
  type WebhookEventType,
} from '@loyalty/contracts';
import type { Notification } from '../domain/notifications.js';
import type { Notifier } from '../notifiers/notifier.js';
import { isMessageToCustomer, webhookEventFor } from '../domain/webhook-events.js';
import { webhookBody, webhookHeaders } from '../webhooks/signing.js';
import type { WebhookDeliveryInput, WebhookRetryPolicy } from '../workflows/webhook-delivery.js';

export interface WebhookSettings {
  retry: WebhookRetryPolicy;
  /** How long the fan-out and the deliveries reuse what the endpoint registry answered. */
  endpointsCacheMs: number;
}

/** Production defaults (the worker's config can change each): a receiver away for a day still gets everything. */
export const DEFAULT_WEBHOOK_SETTINGS: WebhookSettings = {
  retry: { initialIntervalMs: 5_000, maximumIntervalMs: 10 * 60 * 1000, giveUpAfterMs: 3 * 24 * 60 * 60 * 1000, attemptTimeoutMs: 15_000 },
  endpointsCacheMs: 1_000,
};

export interface ActivityDependencies {
  notifier: Notifier;
  /** Reaches other customers' actors, the webhook registry and the delivery workflows. */
  client: Client;
  taskQueue: string;
  webhooks?: WebhookSettings;
}

/**
 * What a fan-out read of the endpoint registry, handed back to the account: the event types some
 * endpoint subscribes to, as the registry stood at most the cache time before `standsUntil`. Until
 * then the account publishes an event of any other type to no one without asking (a fan-out would
 * have read the same), so balance changes nobody subscribes to cost it nothing.
 */
export interface WebhookSubscriptions {
  eventTypes: WebhookEventType[];
  standsUntil: string;
}

export interface PostWebhookRequest {
  endpointId: string;
  event: WebhookEvent;
}

export interface InviteGuestRequest {
  hostId: string;
  guestId: string;
  guestTier: number;
  /** The host's expiry policy, which a guest enrolled by this invitation gets too. */
  pointsExpiry?: PointsExpiryPolicy;
}

/**
 * A gift on its way from a host to a guest. `giftNumber`, `settledBelow` and `sentAt` are absent
 * only in activities scheduled by earlier workflow code, which named the gift by `giftId` alone.
 */
export interface DeliverGiftRequest {
  giftId: string;
  hostId: string;
  guestId: string;
  points?: number;
  tier?: number;
  giftNumber?: number;
  settledBelow?: number;
  sentAt?: string;
  voidIfNew?: boolean;
}

/** The guest's answer, with when it was given: the host's refund entry takes its time from here. */
export interface GiftDeliveryAnswer {
  receipt: GiftReceipt;
  answeredAt: string;
}

/** Activities are built from their dependencies, so tests hand in fakes and main.ts the real ones. */
export function createActivities({ notifier, client, taskQueue, webhooks = DEFAULT_WEBHOOK_SETTINGS }: ActivityDependencies) {
  const registry = endpointRegistry(client, taskQueue, webhooks.endpointsCacheMs);

  /** Starts one delivery workflow; one already started for this endpoint and event (a retry) is left alone. */
  async function startDelivery(endpoint: WebhookEndpointRecord, event: WebhookEvent): Promise<void> {
    const input: WebhookDeliveryInput = { endpointId: endpoint.endpointId, event, retry: webhooks.retry };
    try {
      await client.workflow.start(WEBHOOK_DELIVERY_WORKFLOW_TYPE, {
        workflowId: webhookDeliveryWorkflowId(endpoint.endpointId, event.id),
        taskQueue,
        args: [input],
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
        memo: { [WEBHOOK_DELIVERY_MEMO.eventId]: event.id, [WEBHOOK_DELIVERY_MEMO.eventType]: event.type },
      });
    } catch (error) {
      if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
    }
  }

  return {
    /** Activities scheduled by earlier workflow code: one notification each. */
    async sendNotification(notification: Notification): Promise<void> {
      await notifier.send(notification);
    },

    /**
     * The webhook events of a batch of the account's outbox: a delivery workflow started for each
     * subscribed endpoint. Only talks to Temporal, so it is quick (a local activity); it never waits
     * on a receiver. Retried as a whole, which starts no delivery twice (deterministic workflow IDs).
     */
    async publishWebhookEvents(notifications: Notification[]): Promise<WebhookSubscriptions> {
      const events = notifications.flatMap((notification) => webhookEventFor(notification) ?? []);
      const { endpoints, readAt } = await registry.read();
      await Promise.all(
        events.flatMap((event) =>
          endpoints.filter((endpoint) => endpoint.events.includes(event.type)).map((endpoint) => startDelivery(endpoint, event)),
        ),
      );
      return {
        eventTypes: [...new Set(endpoints.flatMap((endpoint) => endpoint.events))],
        standsUntil: new Date(readAt + webhooks.endpointsCacheMs).toISOString(),
      };
    },

    /** The messages to customers of a batch of the outbox, in order, to the notifier. */
    async sendNotifications(notifications: Notification[]): Promise<void> {
      for (const notification of notifications) {
        if (!isMessageToCustomer(notification)) continue;
        // The details go along: a message can say, e.g., how many points expire and when.
        const { firstAttemptAt: _carried, ...message } = notification;
        await notifier.send(message);
      }
    },

    /**
     * One attempt to deliver an event: signed with the endpoint's secrets as they are now (a
     * rotation applies to retries too), posted, and a non-2xx answer or no answer thrown, for
     * Temporal to retry with backoff. Redirects are not followed: a receiver answers where it is.
     */
    async postWebhook({ endpointId, event }: PostWebhookRequest): Promise<WebhookDeliveryOutcome> {
      const { attempt } = Context.current().info;
      const endpoint = (await registry.endpoints()).find((candidate) => candidate.endpointId === endpointId);
      if (endpoint === undefined) return { status: 'endpointDeleted' };
      const now = new Date();
      const secrets = endpoint.secrets.filter((secret) => secret.expiresAt === undefined || Date.parse(secret.expiresAt) > now.getTime());
      const body = webhookBody(event);
      let response: Response;
      try {
        response = await fetch(endpoint.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...webhookHeaders(event.id, body, secrets.map((secret) => secret.secret), now) },
          body,
          redirect: 'manual',
          signal: AbortSignal.timeout(webhooks.retry.attemptTimeoutMs),
        });
      } catch (error) {
        const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : '';
        throw ApplicationFailure.retryable(`Attempt ${attempt}: ${String(error instanceof Error ? error.message : error)}${cause}`, 'WebhookUnreachable');
      }
      await response.body?.cancel();
      if (response.status < 200 || response.status >= 300) {
        throw ApplicationFailure.retryable(`Attempt ${attempt}: the receiver answered ${response.status}`, 'WebhookRefused');
      }
      return { status: 'delivered', attempts: attempt, responseStatus: response.status, deliveredAt: new Date().toISOString() };
    },

    /**
     * Creates the guest's actor, or reaches the running one, with signal-with-start. The
     * reject-duplicate policy keeps a closed account closed: its ID cannot start a new actor.
     * The signal names its host, so however often this is retried the guest is raised once.
     */
    async inviteGuest({ hostId, guestId, guestTier, pointsExpiry }: InviteGuestRequest): Promise<'invited' | 'guestAccountClosed'> {
      const tier = tierByOrdinal(guestTier);
      if (tier === undefined) throw new RangeError(`There is no tier ${guestTier}`);
      const enrolment: CustomerLoyaltyInput = {
        customerId: guestId,
        name: guestId,
        points: tier.minimumPoints,
        invitedBy: hostId,
        ...(pointsExpiry === undefined ? {} : { pointsExpiry }),
      };
      let guest;
      try {
        guest = await client.workflow.signalWithStart(WORKFLOW_TYPE, {
          workflowId: workflowIdFor(guestId),
          taskQueue,
          args: [enrolment],
          signal: ensureMinimumStatusSignal,
          signalArgs: [tier.ordinal, { hostId }],
          workflowIdReusePolicy: 'REJECT_DUPLICATE',
          // As the gateway's enrolment does: listings show the name from the memo.
          memo: { [NAME_MEMO_FIELD]: enrolment.name },
        });
      } catch (error) {
        if (error instanceof WorkflowExecutionAlreadyStartedError) return 'guestAccountClosed';
        throw error;
      }
      // A guest who cancelled a moment ago still runs while it sends its farewell: the signal
      // reached it, but it is not an active member any more.
      const status = await guest.query(getStatusQuery);
      return status.accountActive ? 'invited' : 'guestAccountClosed';
    },

    /**
     * Delivers a gift to the guest's gift register: however often this activity is retried, the
     * guest credits the gift once and answers every retry alike. A guest that has closed is asked
     * what it did with the gift, so a gift credited before the close is never refunded as well.
     * Only a definite answer returns; anything else (the guest paused, a worker restarting, a
     * guest on older code) throws, and Temporal retries.
     */
    async deliverGift(request: DeliverGiftRequest): Promise<GiftDeliveryAnswer> {
      const giftNumber = request.giftNumber ?? Number(request.giftId.slice(request.giftId.lastIndexOf('-') + 1));
      const delivery: GiftDelivery = {
        fromCustomerId: request.hostId,
        giftNumber,
        settledBelow: request.settledBelow ?? 1,
        sentAt: request.sentAt ?? new Date().toISOString(),
        ...(request.points === undefined ? {} : { points: request.points }),
        ...(request.tier === undefined ? {} : { tier: request.tier }),
        ...(request.voidIfNew ? { voidIfNew: true } : {}),
      };
      const guest = client.workflow.getHandle(workflowIdFor(request.guestId));
      const answered = (receipt: GiftReceipt): GiftDeliveryAnswer => ({ receipt, answeredAt: new Date().toISOString() });
      try {
        // A void attempt is a request of its own: the server would otherwise answer it with the
        // outcome of an earlier delivery of the same ID that is still under way.
        const updateId = `${request.giftId}${request.voidIfNew ? '/void' : ''}`;
        return answered(await guest.executeUpdate(receiveGiftUpdate, { updateId, args: [delivery] }));
      } catch (error) {
        const status = await closedStatus(guest, error);
        if (status === undefined) throw error;
        if (status === 'gone') return answered(guestClosed(request.guestId));
        const receipt = await guest.query(getGiftReceiptQuery, { fromCustomerId: request.hostId, giftNumber });
        return answered(receipt ?? guestClosed(request.guestId));
      }
    },
  };
}

/** The registry's endpoints, asked at most once per `cacheMs`; none while no endpoint was ever registered. */
function endpointRegistry(client: Client, taskQueue: string, cacheMs: number) {
  let cached: { at: number; endpoints: Promise<WebhookEndpointRecord[]> } | undefined;
  const ask = async (): Promise<WebhookEndpointRecord[]> => {
    try {
      return await client.workflow.getHandle(webhookRegistryWorkflowId(taskQueue)).query(getWebhookEndpointsQuery);
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) return [];
      throw error;
    }
  };
  const current = () => {
    if (cached === undefined || Date.now() - cached.at >= cacheMs) {
      const asked = { at: Date.now(), endpoints: ask() };
      // A failed read is not kept: the next call asks again.
      asked.endpoints.catch(() => {
        if (cached === asked) cached = undefined;
      });
      cached = asked;
    }
    return cached;
  };
  return {
    endpoints: (): Promise<WebhookEndpointRecord[]> => current().endpoints,
    /** The endpoints with when they were asked for: what they say stands for cacheMs from then. */
    async read(): Promise<{ endpoints: WebhookEndpointRecord[]; readAt: number }> {
      const { at, endpoints } = current();
      return { endpoints: await endpoints, readAt: at };
    },
  };
}

function guestClosed(guestId: string): GiftReceipt {
  return { status: 'refused', rejection: { code: 'guest-account-closed', detail: `${guestId} has closed their account.` } };
}

/**
 * Whether an update failed because the guest's workflow has ended ('closed'), or no longer exists
 * at all ('gone': closed and past the namespace's retention); undefined for anything passing.
 */
async function closedStatus(guest: WorkflowHandle, error: unknown): Promise<'closed' | 'gone' | undefined> {
  // "Not found" is also how an update to a workflow that has completed fails: ask the server.
  try {
    const description = await guest.describe();
    return CLOSED_WORKFLOW_STATUSES.includes(description.status.name) ? 'closed' : undefined;
  } catch (describeError) {
    if (describeError instanceof WorkflowNotFoundError) return 'gone';
    throw error;
  }
}

export type { Notification };
