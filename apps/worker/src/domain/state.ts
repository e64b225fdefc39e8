import type { CommandRecord, LedgerEntry } from '@loyalty/contracts';
import type { Notification } from './notifications.js';

/**
 * Everything an account remembers. Plain JSON on purpose (no Map, Set, Date or classes): it is
 * carried whole into the next run at continue-as-new, and a workflow query may serialise it.
 */
export interface AccountState {
  customerId: string;
  name: string;
  email?: string;
  invitedBy?: string;
  enrolledAt: string;
  points: number;
  accountActive: boolean;
  /** Guests whose invitation went through. */
  guests: string[];
  /** Guests being invited right now: they hold a guest slot so concurrent invites cannot exceed the limit. */
  pendingInvites: string[];
  ledger: LedgerWindow;
  /** Idempotency records, oldest first (see idempotency.ts for how long they are kept). */
  commands: CommandRecord[];
  /** Notifications decided but not yet delivered; carried across continue-as-new and sent again. */
  outbox: Notification[];
  nextNotificationNumber: number;
  nextGiftNumber: number;
}

export interface LedgerWindow {
  /** The most recent entries, oldest first. */
  entries: LedgerEntry[];
  nextEntryId: number;
  /** Balance before the oldest entry kept: with the window it adds up to the current balance. */
  balanceBeforeWindow: number;
}
