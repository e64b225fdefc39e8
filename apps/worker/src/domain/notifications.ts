import type { Tier } from '@loyalty/contracts';

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
  | 'pointsExpiring';

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
  /** For `pointsExpiring`: how many points expire, and when (unless spent first). */
  expiring?: { points: number; at: string };
  /** When the first attempt to send it was made: it is given up a while later, across runs. */
  firstAttemptAt?: string;
}
