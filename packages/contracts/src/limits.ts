import { HIGHEST_TIER, LOWEST_TIER } from './tiers.js';

/**
 * Every number that bounds an account, in one place. The actor enforces them, the API's schemas
 * and the OpenAPI text quote them, and the README states them: none is typed anywhere else.
 */

/** The largest change one command may make to a balance, either way. */
export const MAX_POINTS_CHANGE = 1_000_000_000;

/**
 * The largest balance an account may hold: far inside JavaScript's safe integers (2^53), so that
 * no sum of accepted changes ever loses a point to rounding. A change that would pass it is refused.
 */
export const MAX_BALANCE = 1_000_000_000_000;

/** What a storefront key may add at a time (SPEC §5); admin keys may adjust by up to MAX_POINTS_CHANGE. */
export const STOREFRONT_POINTS = { minimum: 1, maximum: 1_000_000 } as const;

/** How many points one gift may carry. */
export const GIFT_POINTS = { minimum: 1, maximum: 1_000_000 } as const;

/**
 * The tiers a gift may raise a guest to. Never the lowest, which the invitation already gave
 * (a host raises a guest only above what it gave before), never the highest, since a host gives
 * at most the tier below its own; between them the host's tier decides (gift-tier-too-high).
 */
export const GIFT_TIERS = { minimum: LOWEST_TIER.ordinal + 1, maximum: HIGHEST_TIER.ordinal - 1 } as const;

/**
 * How long an account remembers idempotency keys. A key is kept while it is among the most
 * recent `keepAtLeast` keys or younger than `keepForMs`, and never more than `keepAtMost` keys.
 * Records of commands still waiting on another actor are never dropped.
 */
export const IDEMPOTENCY_RETENTION = {
  keepAtLeast: 1_000,
  keepForMs: 24 * 60 * 60 * 1000,
  keepAtMost: 2_000,
} as const;

/** How many recent ledger entries an account keeps; older ones survive as `balanceBeforeWindow`. */
export const LEDGER_WINDOW_SIZE = 200;

/**
 * The state carried into the next run at continue-as-new, as UTF-8 JSON, stays within this many
 * bytes, well under Temporal's 2 MB payload limit. Over it, the oldest idempotency records beyond
 * `keepAtLeast` go first, then the oldest ledger entries down to LEDGER_WINDOW_FLOOR; with the
 * longest keys and reasons, `keepAtLeast` records and everything else bounded here fit within it,
 * MAX_EARNED_LOTS lots of expiring points (never dropped: they hold the balance) included.
 */
export const CARRIED_STATE_BUDGET_BYTES = 768 * 1024;

/** The fewest ledger entries the carried state keeps when it must shrink to its budget. */
export const LEDGER_WINDOW_FLOOR = 20;

/**
 * Work waiting on another actor (gifts being delivered, invitations being answered) that one
 * account may have at once; past it, a new gift or invitation is refused until some settle.
 */
export const MAX_PEER_WORK_IN_FLIGHT = 20;

/** How long a command update waits for another actor before answering "pending". */
export const PEER_ANSWER_WAIT_MS = 3_000;

/** An invitation whose guest does not answer for this long is given up (nothing was given). */
export const INVITATION_GIVE_UP_MS = 60 * 60 * 1000;

/** Notifications waiting to be sent; past it the oldest is dropped (the outbox never blocks). */
export const MAX_OUTBOX = 100;

/** Notifications being sent at once, so an outage never piles up activities. */
export const MAX_NOTIFICATIONS_IN_FLIGHT = 3;

/** A notification not delivered within this time is given up, across runs. */
export const NOTIFICATION_GIVE_UP_MS = 15 * 60 * 1000;

/** Commands waiting for their `notBefore` time that one account may hold (they are carried state). */
export const MAX_SCHEDULED_COMMANDS = 100;

/** How far ahead a command may be scheduled: over a year, for anniversaries and long return windows. */
export const MAX_SCHEDULE_AHEAD_MS = 400 * 24 * 60 * 60 * 1000;

/**
 * A points-expiry policy's bounds: points expire 1 to 3,650 days (ten years) after they were
 * earned, and the warning comes 1 day or more before, always less than the expiry itself.
 */
export const POINTS_EXPIRY_DAYS = { minimum: 1, maximum: 3_650 } as const;

/**
 * Earned-points lots an account with an expiry policy keeps (points earned on one UTC day are
 * one lot). Past it, new earnings join the newest lot, which then expires with the latest of its
 * earnings: merging only ever makes points expire later than promised, never earlier.
 */
export const MAX_EARNED_LOTS = 1_000;

/** Hosts an account remembers gifts and invitations from (those heard from longest ago go first). */
export const MAX_HOSTS_REMEMBERED = 500;

/**
 * A run continues-as-new after this many messages even before Temporal suggests it, staying
 * clear of Temporal's per-run limits (2,000 updates, 10,000 signals).
 */
export const MESSAGES_PER_RUN = { updates: 1_500, signals: 8_000 } as const;

/** Webhook endpoints one installation may register (the registry's state stays small). */
export const MAX_WEBHOOK_ENDPOINTS = 50;

/** After a secret rotation the previous secret keeps signing, beside the new one, this long. */
export const WEBHOOK_SECRET_GRACE_MS = 24 * 60 * 60 * 1000;

/**
 * The outbox's bound once every balance change is in it too (a webhook event each): a full batch of
 * commands (MAX_COMMANDS_PER_BATCH), each with a tier change, fits. A balance change is at most
 * ~550 bytes (longest IDs, no reason, no e-mail address), so ~165 KB of CARRIED_STATE_BUDGET_BYTES
 * at worst; fitToBudget makes room from the ledger window and idempotency records as for anything.
 */
export const MAX_OUTBOX_WITH_BALANCE_EVENTS = 300;

/** Outbox items one activity takes at once: an account's events travel in a few activities, not one each. */
export const OUTBOX_BATCH_SIZE = 100;

/** Deliveries listed per page of an endpoint's delivery log. */
export const WEBHOOK_DELIVERY_PAGE_SIZE = { default: 20, maximum: 100 } as const;
