import type { LedgerEntry, Tier } from '@loyalty/contracts';

export type NotificationKind =
  | 'welcome'
  | 'promotion'
  | 'demotion'
  | 'guestInvited'
  | 'guestAccountClosed'
  | 'guestLimitReached'
  | 'giftSent'
  | 'giftReceived'
  | 'accountClosed'
  /** A balance change (one ledger entry): published as a webhook event only, never sent as a message. */
  | 'pointsChanged'
  /** Points about to expire: a message to the customer and a webhook event. */
  | 'pointsExpiring';

/** What a webhook event says beyond the notification's kind and tier: who else, which entry. */
export interface NotificationDetails {
  /** A balance change's ledger entry, without its reason and key. */
  entry?: Omit<LedgerEntry, 'reason' | 'idempotencyKey'>;
  guestId?: string;
  hostId?: string;
  points?: number;
  /** For `pointsExpiring`: how many points expire, and when (unless spent first). */
  expiring?: { points: number; at: string };
}

/**
 * A message to the customer (an email by default). `id` is stable across retries and runs, so a
 * notifier that can deduplicate (a webhook receiver, an email API's idempotency key) sends each once.
 */
export interface Notification {
  id: string;
  customerId: string;
  email?: string;
  kind: NotificationKind;
  subject: string;
  text: string;
  tier?: Tier['name'];
  details?: NotificationDetails;
  /** When the first attempt to send it was made: it is given up a while later, across runs. */
  firstAttemptAt?: string;
}
