import type { Client, WorkflowHandle } from '@temporalio/client';
import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError } from '@temporalio/common';
import {
  CLOSED_WORKFLOW_STATUSES,
  NAME_MEMO_FIELD,
  WORKFLOW_TYPE,
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
} from '@loyalty/contracts';
import type { Notification } from '../domain/notifications.js';
import type { Notifier } from '../notifiers/notifier.js';

export interface ActivityDependencies {
  notifier: Notifier;
  /** Reaches other customers' actors. */
  client: Client;
  taskQueue: string;
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
export function createActivities({ notifier, client, taskQueue }: ActivityDependencies) {
  return {
    async sendNotification(notification: Notification): Promise<void> {
      await notifier.send(notification);
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
