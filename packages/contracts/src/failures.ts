/**
 * The closed set of reasons the program says no. The actor answers a rejected command with one
 * of these codes; the gateway maps each to exactly one HTTP status in apps/api/src/errors.ts.
 * They are stable wire values: clients branch on them.
 */
export const FAILURE_CODES = [
  /** A command's shape or values are not acceptable (caught before it reaches history). */
  'invalid-command',
  /** The account has been closed; it only answers reads. */
  'account-closed',
  /** The change would take the balance below zero. */
  'insufficient-points',
  /** The host's tier allows no more guests. */
  'guest-limit-reached',
  /** The guest is already on the host's guest list, or an invitation to them is under way. */
  'guest-already-invited',
  /** A customer cannot be their own guest. */
  'cannot-invite-self',
  /** The invited or gifted guest has closed their account. */
  'guest-account-closed',
  /** A gift was addressed to someone who is not the host's guest. */
  'not-your-guest',
  /** A tier gift above the tier just below the host's. */
  'gift-tier-too-high',
  /** The reward is not in the catalogue. */
  'unknown-reward',
  /** The account's tier does not unlock the reward. */
  'reward-locked',
  /** The idempotency key was used before for a different command. */
  'idempotency-key-reused',
  /** Another actor the command needed did not answer in time; retrying with the same key is safe. */
  'peer-unavailable',
  /** The account has as much work waiting on other actors as it may; retry once some settles. */
  'peer-work-limit-reached',
  /** A tier gift to a tier this host has already raised the guest to (raises create points once). */
  'gift-tier-already-given',
  /** The change would take the balance past the most an account may hold. */
  'balance-limit-reached',
  /** A scheduled command's time is further ahead than an account schedules. */
  'not-before-too-far',
  /** The account holds as many scheduled commands as it may; one must run or be cancelled first. */
  'scheduled-command-limit-reached',
  /** No scheduled command with this key: it was never scheduled, or is forgotten. */
  'scheduled-command-not-found',
  /** The command has run (or was refused) already: too late to cancel it. */
  'command-already-run',
  /** A scheduled command that was cancelled before its time: it never ran. */
  'command-cancelled',
] as const;

export type FailureCode = (typeof FAILURE_CODES)[number];

/** Why a command was refused: what the actor keeps and what the gateway turns into a problem. */
export interface Rejection {
  code: FailureCode;
  detail: string;
}

/**
 * `ApplicationFailure.type` values thrown by activities and workflows, so that callers can tell
 * a business answer from an infrastructure fault.
 */
export const APPLICATION_FAILURE_TYPES = {
  invalidInput: 'InvalidInput',
  /** The webhook registry has no endpoint of that ID. */
  webhookEndpointNotFound: 'WebhookEndpointNotFound',
  /** The webhook registry holds MAX_WEBHOOK_ENDPOINTS already. */
  webhookEndpointLimitReached: 'WebhookEndpointLimitReached',
} as const;
