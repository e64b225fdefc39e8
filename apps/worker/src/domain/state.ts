import type { CommandRecord, LedgerEntry, Rejection, ScheduledCommand } from '@loyalty/contracts';
import type { PointsExpiryState } from './expiry.js';
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
  /**
   * Each balance change also goes to the outbox (a `pointsChanged` notification, a webhook event).
   * Set by workflow code that publishes the outbox in batches; absent in runs of earlier code,
   * whose histories must not find new items in their outbox.
   */
  announcesPointChanges?: true;
  nextGiftNumber: number;
  /** Work waiting on another actor, carried across continue-as-new until it settles (peer-work.ts). */
  peerWork: PeerWork[];
  /** Commands waiting for their `notBefore` time, soonest first (schedule.ts). */
  scheduled: ScheduledCommand[];
  /** What this account did with its hosts' gifts and invitations (gift-register.ts). */
  hosts: HostRecord[];
  /** The highest tier this account has raised each of its guests to, by invitation or tier gift. */
  guestRaises: GuestRaise[];
  /** Only for accounts enrolled with an expiry policy: it and the earned lots (expiry.ts, bounded by MAX_EARNED_LOTS). */
  pointsExpiry?: PointsExpiryState;
}

export interface LedgerWindow {
  /** The most recent entries, oldest first. */
  entries: LedgerEntry[];
  nextEntryId: number;
  /** Balance before the oldest entry kept: with the window it adds up to the current balance. */
  balanceBeforeWindow: number;
}

interface PeerWorkBase {
  /** Stable across retries and runs: the gift or invitation ID the guest deduplicates by. */
  id: string;
  guestId: string;
  /** The command's key, whose record settles with the work. */
  idempotencyKey?: string;
  startedAt: string;
  /**
   * Started by a run older than this workflow code, which waits for it inside the handler. Such
   * runs are only ever replayed up to the version marker; the driver leaves their work alone.
   */
  inline?: true;
}

export interface GiftWork extends PeerWorkBase {
  kind: 'gift';
  giftNumber: number;
  points?: number;
  tier?: number;
  /** For a tier gift: the tier this host had raised the guest to before, restored if it is not taken. */
  previousRaise?: number;
  /** The host's debit entry, for a points gift: what the command answers once the gift is taken. */
  debit?: LedgerEntry;
}

export interface InvitationWork extends PeerWorkBase {
  kind: 'invitation';
  /** The tier the guest is raised to: the one below the host's when the invitation was made. */
  guestTier: number;
}

export type PeerWork = GiftWork | InvitationWork;

/** What a guest did with one gift of one host. */
export interface GiftRecord {
  giftNumber: number;
  receipt: { status: 'credited' } | { status: 'refused'; rejection: Rejection } | { status: 'voided' };
}

export interface HostRecord {
  hostId: string;
  /** The host will never deliver a gift numbered below this again: records below it are gone. */
  settledBelow: number;
  gifts: GiftRecord[];
  /** This host's invitation has raised the account already. */
  invited?: true;
  lastHeardAt: string;
}

export interface GuestRaise {
  guestId: string;
  tier: number;
}
