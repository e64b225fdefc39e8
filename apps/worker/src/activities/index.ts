import type { Client } from '@temporalio/client';
import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError } from '@temporalio/common';
import {
  WORKFLOW_TYPE,
  ensureMinimumStatusSignal,
  executeCommandsUpdate,
  getStatusQuery,
  tierByOrdinal,
  workflowIdFor,
  type CustomerLoyaltyInput,
  type SettledOutcome,
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
}

export interface DeliverGiftRequest {
  giftId: string;
  hostId: string;
  guestId: string;
  points?: number;
  tier?: number;
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
     */
    async inviteGuest({ hostId, guestId, guestTier }: InviteGuestRequest): Promise<'invited' | 'guestAccountClosed'> {
      const tier = tierByOrdinal(guestTier);
      if (tier === undefined) throw new RangeError(`There is no tier ${guestTier}`);
      const enrolment: CustomerLoyaltyInput = {
        customerId: guestId,
        name: guestId,
        points: tier.minimumPoints,
        invitedBy: hostId,
      };
      let guest;
      try {
        guest = await client.workflow.signalWithStart(WORKFLOW_TYPE, {
          workflowId: workflowIdFor(guestId),
          taskQueue,
          args: [enrolment],
          signal: ensureMinimumStatusSignal,
          signalArgs: [tier.ordinal],
          workflowIdReusePolicy: 'REJECT_DUPLICATE',
          // As the gateway's enrolment does: listings show the name from the memo.
          memo: { name: enrolment.name },
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
     * Credits the guest through its command update, keyed by the gift ID: however often this
     * activity is retried, the guest applies the gift once and answers every retry alike.
     */
    async deliverGift({ giftId, hostId, guestId, points, tier }: DeliverGiftRequest): Promise<SettledOutcome> {
      const guest = client.workflow.getHandle(workflowIdFor(guestId));
      try {
        const result = await guest.executeUpdate(executeCommandsUpdate, {
          updateId: giftId,
          args: [
            {
              commands: [
                {
                  idempotencyKey: giftId,
                  fingerprint: giftId,
                  command: {
                    type: 'receiveGift',
                    giftId,
                    fromCustomerId: hostId,
                    ...(points === undefined ? {} : { points }),
                    ...(tier === undefined ? {} : { tier }),
                  },
                },
              ],
            },
          ],
        });
        const outcome = result.outcomes[0]!;
        // The guest's actor answers 'account-closed' about itself while it drains its last
        // notifications; to the host that is its guest's account, not its own, being closed.
        if (outcome.status === 'rejected' && outcome.rejection.code === 'account-closed') return guestClosed(guestId);
        return outcome;
      } catch (error) {
        if (await hasClosed(guest, error)) return guestClosed(guestId);
        throw error;
      }
    },
  };
}

function guestClosed(guestId: string): SettledOutcome {
  return { status: 'rejected', rejection: { code: 'guest-account-closed', detail: `${guestId} has closed their account.` } };
}

/** An update to a finished workflow fails; tell that apart from a passing fault by asking the server. */
async function hasClosed(guest: ReturnType<Client['workflow']['getHandle']>, error: unknown): Promise<boolean> {
  if (error instanceof WorkflowNotFoundError) return true;
  try {
    const description = await guest.describe();
    return description.status.name !== 'RUNNING';
  } catch (describeError) {
    return describeError instanceof WorkflowNotFoundError;
  }
}

export type { Notification };
