import type { WebhookEvent, WebhookEventType } from '@loyalty/contracts';
import type { Notification, NotificationKind } from './notifications.js';

/** Which notifications are webhook events, and as which type. Kinds missing here are messages only. */
const EVENT_TYPE_OF: Partial<Record<NotificationKind, WebhookEventType>> = {
  pointsChanged: 'points.changed',
  promotion: 'tier.changed',
  demotion: 'tier.changed',
  guestInvited: 'guest.joined',
  giftReceived: 'gift.received',
  pointsExpiring: 'points.expiring',
  accountClosed: 'account.closed',
};

/** Kinds that are only webhook events: there is nothing to tell the customer by message. */
const EVENT_ONLY: ReadonlySet<NotificationKind> = new Set(['pointsChanged']);

/** The webhook event type a notification is published as, or undefined for a message only. */
export function webhookEventTypeOf(notification: Notification): WebhookEventType | undefined {
  return EVENT_TYPE_OF[notification.kind];
}

/** Whether a notification is also a message to the customer (the notifier's: e-mail, the log). */
export function isMessageToCustomer(notification: Notification): boolean {
  return !EVENT_ONLY.has(notification.kind);
}

/**
 * The webhook event a notification stands for, or undefined. Its ID is the notification's, which
 * the account keeps across retries and continue-as-new, so every delivery of it has one `webhook-id`.
 * Its time is when it happened (the ledger entry's) or else when the account first tried to send it,
 * which the account also keeps: the same event always carries the same payload.
 */
export function webhookEventFor(notification: Notification, now: () => Date = () => new Date()): WebhookEvent | undefined {
  const type = webhookEventTypeOf(notification);
  if (type === undefined) return undefined;
  const { details = {}, customerId } = notification;
  const timestamp = details.entry?.at ?? notification.firstAttemptAt ?? now().toISOString();
  return { id: notification.id, type, timestamp, data: { customerId, ...dataOf(type, notification) } };
}

function dataOf(type: WebhookEventType, notification: Notification): Record<string, unknown> {
  const { details = {}, tier } = notification;
  switch (type) {
    case 'points.changed': {
      const { entry } = details;
      if (entry === undefined) return {};
      return {
        entryId: entry.id,
        kind: entry.kind,
        delta: entry.delta,
        balance: entry.balanceAfter,
        at: entry.at,
        ...(entry.counterparty === undefined ? {} : { counterparty: entry.counterparty }),
        ...(entry.rewardId === undefined ? {} : { rewardId: entry.rewardId }),
      };
    }
    case 'tier.changed':
      return { tier, direction: notification.kind === 'demotion' ? 'down' : 'up' };
    case 'guest.joined':
      return { guestId: details.guestId };
    case 'gift.received':
      return { fromCustomerId: details.hostId, ...(details.points === undefined ? {} : { points: details.points }) };
    case 'points.expiring':
      return { ...(details.expiring ?? {}), text: notification.text };
    case 'account.closed':
      return {};
  }
}
