import { Type, type Static } from 'typebox';
import { CUSTOMER_ID_PATTERN } from './names.js';
import { FAILURE_CODES } from './failures.js';
import { HIGHEST_TIER, LOWEST_TIER, TIER_NAMES, tierForPoints } from './tiers.js';
import { GIFT_POINTS, GIFT_TIERS, MAX_BALANCE, MAX_POINTS_CHANGE, POINTS_EXPIRY_DAYS } from './limits.js';
import { REWARDS } from './rewards.js';

// Webhook names and schemas: in this entry point because schemas must be made where TypeBox is
// shared (the worker preloads this module; TypeBox is frozen for every module outside it).
export * from './webhooks.js';

/**
 * Schemas of everything that crosses a process boundary: workflow input, messages, query
 * answers. The gateway validates HTTP bodies with them and the actor validates messages with
 * them (update validators), so both sides agree on one definition.
 */

export const CustomerIdSchema = Type.String({
  pattern: CUSTOMER_ID_PATTERN,
  minLength: 1,
  maxLength: 64,
  description: '1–64 characters of A-Z a-z 0-9 _ -',
  examples: ['42'],
});

export const TierOrdinalSchema = Type.Integer({
  minimum: LOWEST_TIER.ordinal,
  maximum: HIGHEST_TIER.ordinal,
  description: 'Tier ordinal: 0 Member, 1 Bronze, 2 Silver, 3 Gold, 4 Platinum',
});

/** Any integer a balance change may carry; the actor refuses one that would go below zero. */
export const PointsDeltaSchema = Type.Integer({ minimum: -MAX_POINTS_CHANGE, maximum: MAX_POINTS_CHANGE });

export const GiftPointsSchema = Type.Integer({ minimum: GIFT_POINTS.minimum, maximum: GIFT_POINTS.maximum });

/** A tier a gift may give; whether this host may give it depends on the host's own tier. */
export const GiftTierSchema = Type.Integer({ minimum: GIFT_TIERS.minimum, maximum: GIFT_TIERS.maximum });

/** A reward of the catalogue (rewards.ts); whether it is unlocked depends on the account's tier. */
export const RewardIdSchema = Type.Enum(
  REWARDS.map((reward) => reward.rewardId),
  { description: 'A reward of the catalogue (GET /rewards).' },
);

const BalanceSchema = Type.Integer({ minimum: 0, maximum: MAX_BALANCE });

export const IdempotencyKeySchema = Type.String({
  minLength: 1,
  maxLength: 255,
  pattern: '^[\\x21-\\x7E]+$',
  description: 'Printable ASCII without spaces, at most 255 characters.',
});

export const ReasonSchema = Type.String({ maxLength: 500 });

export const CustomerNameSchema = Type.String({ minLength: 1, maxLength: 200 });
// A pattern rather than `format: 'email'`: the API (Ajv) and the actor (TypeBox) implement
// formats differently, and an address one accepts and the other refuses would strand a command.
export const EmailSchema = Type.String({ maxLength: 320, pattern: '^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$', examples: ['ada@example.com'] });

export const TierSchema = Type.Object(
  {
    ordinal: TierOrdinalSchema,
    name: Type.Enum(TIER_NAMES),
    minimumPoints: Type.Integer({ minimum: 0 }),
    guestsAllowed: Type.Integer({ minimum: 0 }),
  },
  { additionalProperties: false },
);

// ---------------------------------------------------------------------------------------------
// Commands: everything that changes an account. Each is one member of a tagged union so that a
// batch can carry several kinds, each with its own idempotency key and its own result.
// ---------------------------------------------------------------------------------------------

/** An instant as the wire carries it (RFC 3339). */
export const InstantSchema = Type.String({ format: 'date-time', maxLength: 40 });

export const AddPointsCommandSchema = Type.Object(
  {
    type: Type.Literal('addPoints'),
    points: PointsDeltaSchema,
    reason: Type.Optional(ReasonSchema),
    /**
     * Apply the change at this time, not now (e.g. a bonus once an order's return window has
     * closed). Until then the command is scheduled: its outcome reads pending and it can be
     * cancelled. A time already passed applies it at once.
     */
    notBefore: Type.Optional(InstantSchema),
  },
  { additionalProperties: false },
);

export const InviteGuestCommandSchema = Type.Object(
  { type: Type.Literal('inviteGuest'), guestId: CustomerIdSchema },
  { additionalProperties: false },
);

export const EnsureMinimumStatusCommandSchema = Type.Object(
  { type: Type.Literal('ensureMinimumStatus'), tier: TierOrdinalSchema, reason: Type.Optional(ReasonSchema) },
  { additionalProperties: false },
);

/** Changes the name, the email or both (an invited guest starts with a name its host gave it). */
export const UpdateProfileCommandSchema = Type.Object(
  { type: Type.Literal('updateProfile'), name: Type.Optional(CustomerNameSchema), email: Type.Optional(EmailSchema) },
  // `type` and at least one change.
  { additionalProperties: false, minProperties: 2 },
);

export const CancelAccountCommandSchema = Type.Object(
  { type: Type.Literal('cancelAccount'), reason: Type.Optional(ReasonSchema) },
  { additionalProperties: false },
);

/**
 * A gift from a host to one of its guests: points from the host's balance, or a tier. Exactly one
 * of the two, a rule this schema alone owns: each shape forbids the other's field.
 */
export const PointsGiftCommandSchema = Type.Object(
  {
    type: Type.Literal('gift'),
    guestId: CustomerIdSchema,
    points: { ...GiftPointsSchema, description: 'Points taken from the host\u2019s balance.' },
  },
  { additionalProperties: false, title: 'PointsGift' },
);
export const TierGiftCommandSchema = Type.Object(
  {
    type: Type.Literal('gift'),
    guestId: CustomerIdSchema,
    tier: { ...GiftTierSchema, description: 'At most the tier just below the host\u2019s.' },
  },
  { additionalProperties: false, title: 'TierGift' },
);
export const GiftCommandSchema = Type.Union([PointsGiftCommandSchema, TierGiftCommandSchema]);

export const RedeemRewardCommandSchema = Type.Object(
  { type: Type.Literal('redeemReward'), rewardId: RewardIdSchema },
  { additionalProperties: false },
);

/** Withdraws a scheduled command (one sent with `notBefore`) before it runs, by its key. */
export const CancelScheduledCommandSchema = Type.Object(
  { type: Type.Literal('cancelScheduledCommand'), idempotencyKey: IdempotencyKeySchema },
  { additionalProperties: false },
);

export const CommandSchema = Type.Union([
  AddPointsCommandSchema,
  InviteGuestCommandSchema,
  EnsureMinimumStatusCommandSchema,
  CancelAccountCommandSchema,
  UpdateProfileCommandSchema,
  GiftCommandSchema,
  RedeemRewardCommandSchema,
  CancelScheduledCommandSchema,
]);

export type AddPointsCommand = Static<typeof AddPointsCommandSchema>;
export type InviteGuestCommand = Static<typeof InviteGuestCommandSchema>;
export type EnsureMinimumStatusCommand = Static<typeof EnsureMinimumStatusCommandSchema>;
export type CancelAccountCommand = Static<typeof CancelAccountCommandSchema>;
export type UpdateProfileCommand = Static<typeof UpdateProfileCommandSchema>;
export type GiftCommand = Static<typeof GiftCommandSchema>;
export type RedeemRewardCommand = Static<typeof RedeemRewardCommandSchema>;
export type CancelScheduledCommand = Static<typeof CancelScheduledCommandSchema>;
export type Command = Static<typeof CommandSchema>;
export type CommandType = Command['type'];

/**
 * One command as it travels to the actor. With an idempotency key the actor applies it at most
 * once and answers a repeat with the first outcome; the fingerprint (a digest of what the caller
 * asked for) tells a true repeat from a different request that reuses the key.
 */
export const CommandEnvelopeSchema = Type.Object(
  {
    idempotencyKey: Type.Optional(IdempotencyKeySchema),
    fingerprint: Type.Optional(Type.String({ maxLength: 128 })),
    command: CommandSchema,
  },
  { additionalProperties: false },
);
export type CommandEnvelope = Static<typeof CommandEnvelopeSchema>;

/** A batch is how the gateway coalesces a busy customer's concurrent requests into one update. */
export const MAX_COMMANDS_PER_BATCH = 100;

export const CommandBatchSchema = Type.Object(
  {
    commands: Type.Array(CommandEnvelopeSchema, { minItems: 1, maxItems: MAX_COMMANDS_PER_BATCH }),
    /**
     * When the sender accepted the batch. Entries and records take their time from here, so that
     * every replay of the history gives the time a caller was told; without it, the actor's clock.
     */
    requestedAt: Type.Optional(InstantSchema),
  },
  { additionalProperties: false },
);
export type CommandBatch = Static<typeof CommandBatchSchema>;

// ---------------------------------------------------------------------------------------------
// Ledger
// ---------------------------------------------------------------------------------------------

export const LEDGER_ENTRY_KINDS = [
  'opening',
  'points',
  'statusRaise',
  'giftSent',
  'giftReceived',
  'giftReturned',
  'rewardUsed',
  'expiry',
] as const;

export const LedgerEntrySchema = Type.Object(
  {
    id: Type.Integer({ minimum: 1, description: 'Sequence number within the account, from 1.' }),
    kind: Type.Enum(LEDGER_ENTRY_KINDS),
    delta: Type.Integer(),
    balanceAfter: BalanceSchema,
    reason: Type.Optional(Type.String()),
    at: Type.String({ format: 'date-time' }),
    idempotencyKey: Type.Optional(Type.String()),
    counterparty: Type.Optional(Type.String({ description: 'The other customer of a gift.' })),
    rewardId: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
);
export type LedgerEntry = Static<typeof LedgerEntrySchema>;
export type LedgerEntryKind = LedgerEntry['kind'];

// ---------------------------------------------------------------------------------------------
// Outcomes
// ---------------------------------------------------------------------------------------------

export const RejectionSchema = Type.Object(
  {
    code: Type.Enum(FAILURE_CODES),
    detail: Type.String(),
  },
  { additionalProperties: false },
);

/** A command waiting for its `notBefore` time, as the account keeps it and a read shows it. */
export const ScheduledCommandSchema = Type.Object(
  {
    idempotencyKey: Type.String(),
    /** When it was accepted. */
    scheduledAt: Type.String({ format: 'date-time' }),
    command: Type.Object({ ...AddPointsCommandSchema.properties, notBefore: InstantSchema }, { additionalProperties: false }),
  },
  { additionalProperties: false },
);
export type ScheduledCommand = Static<typeof ScheduledCommandSchema>;

/** What an applied command produced. Small on purpose: outcomes are kept for idempotency. */
export const CommandResultSchema = Type.Object(
  {
    entry: Type.Optional(LedgerEntrySchema),
    guestId: Type.Optional(Type.String()),
    giftId: Type.Optional(Type.String()),
    rewardId: Type.Optional(Type.String()),
    tier: Type.Optional(TierOrdinalSchema),
    /** For cancelScheduledCommand: the command withdrawn. */
    cancelled: Type.Optional(ScheduledCommandSchema),
  },
  { additionalProperties: false },
);
export type CommandResult = Static<typeof CommandResultSchema>;

const AppliedOutcomeSchema = Type.Object(
  { status: Type.Literal('applied'), result: CommandResultSchema },
  { additionalProperties: false },
);
const RejectedOutcomeSchema = Type.Object(
  { status: Type.Literal('rejected'), rejection: RejectionSchema },
  { additionalProperties: false },
);
const PendingOutcomeSchema = Type.Object({ status: Type.Literal('pending') }, { additionalProperties: false });

/** How a command ended. */
export const SettledOutcomeSchema = Type.Union([AppliedOutcomeSchema, RejectedOutcomeSchema]);
export type SettledOutcome = Static<typeof SettledOutcomeSchema>;

/**
 * How a command stands: still waiting on another actor (it settles later, exactly once, and its
 * outcome is read by its key), or ended. This one vocabulary goes from the actor to the wire.
 */
export const CommandOutcomeSchema = Type.Union([PendingOutcomeSchema, AppliedOutcomeSchema, RejectedOutcomeSchema]);
export type CommandOutcome = Static<typeof CommandOutcomeSchema>;

/** The actor's memory of one keyed command, answered by the `getCommandOutcome` query. */
export const CommandRecordSchema = Type.Object(
  {
    idempotencyKey: Type.String(),
    fingerprint: Type.Optional(Type.String()),
    commandType: Type.String(),
    recordedAt: Type.String({ format: 'date-time' }),
    /** A scheduled command runs at this time; its outcome is pending until then. */
    notBefore: Type.Optional(Type.String({ format: 'date-time' })),
    outcome: CommandOutcomeSchema,
  },
  { additionalProperties: false },
);
export type CommandRecord = Static<typeof CommandRecordSchema>;

// ---------------------------------------------------------------------------------------------
// Reads
// ---------------------------------------------------------------------------------------------

export const CustomerSchema = Type.Object(
  {
    customerId: CustomerIdSchema,
    name: Type.String(),
    email: Type.Optional(Type.String()),
    points: BalanceSchema,
    tier: TierSchema,
    accountActive: Type.Boolean(),
    guests: Type.Array(CustomerIdSchema),
    invitedBy: Type.Optional(CustomerIdSchema),
    enrolledAt: Type.String({ format: 'date-time' }),
    pointsExpiring: Type.Optional(
      Type.Object(
        {
          points: Type.Integer({ minimum: 1, maximum: MAX_BALANCE }),
          at: Type.String({ format: 'date-time', description: 'When these points expire, unless spent first (oldest points are spent first).' }),
        },
        { additionalProperties: false, description: 'The points that expire next; present only when the account has an expiry policy and points that will expire.' },
      ),
    ),
  },
  { additionalProperties: false, $id: 'Customer' },
);
export type Customer = Static<typeof CustomerSchema>;

/** The answer of the executeCommands update: one outcome per command, in order, and the state after. */
export const CommandBatchResultSchema = Type.Object(
  { outcomes: Type.Array(CommandOutcomeSchema), customer: CustomerSchema },
  { additionalProperties: false },
);
export type CommandBatchResult = Static<typeof CommandBatchResultSchema>;

export const LedgerPageRequestSchema = Type.Object(
  {
    /** Entries with an id below this one; omitted: from the newest. */
    beforeId: Type.Optional(Type.Integer({ minimum: 1 })),
    limit: Type.Integer({ minimum: 1, maximum: 200 }),
  },
  { additionalProperties: false },
);
export type LedgerPageRequest = Static<typeof LedgerPageRequestSchema>;

export const LedgerPageSchema = Type.Object(
  {
    entries: Type.Array(LedgerEntrySchema),
    /** Pass as `beforeId` for the next (older) page; absent when the window is exhausted. */
    nextBeforeId: Type.Optional(Type.Integer()),
    /** Entries ever recorded; those older than the kept window are summed up in balanceBeforeWindow. */
    totalEntries: Type.Integer({ minimum: 0 }),
    /** The balance before the oldest entry still kept. */
    balanceBeforeWindow: Type.Integer(),
  },
  { additionalProperties: false },
);
export type LedgerPage = Static<typeof LedgerPageSchema>;

// ---------------------------------------------------------------------------------------------
// Workflow input
// ---------------------------------------------------------------------------------------------

export const EnrolmentSchema = Type.Object(
  {
    customerId: CustomerIdSchema,
    name: CustomerNameSchema,
    email: Type.Optional(EmailSchema),
    /** Starting balance; guests created by an invitation start with their tier's minimum. */
    points: Type.Optional(Type.Integer({ minimum: 0, maximum: MAX_POINTS_CHANGE })),
    invitedBy: Type.Optional(CustomerIdSchema),
  },
  { additionalProperties: false },
);
export type Enrolment = Static<typeof EnrolmentSchema>;

/**
 * When earned points expire: `afterDays` after they were earned, oldest first, with a warning
 * `warningDays` before (none without it). Part of the account from its enrolment, so that every
 * replay of its history applies the same policy; accounts enrolled without one never expire.
 */
export const PointsExpiryPolicySchema = Type.Object(
  {
    afterDays: Type.Integer({ minimum: POINTS_EXPIRY_DAYS.minimum, maximum: POINTS_EXPIRY_DAYS.maximum }),
    warningDays: Type.Optional(Type.Integer({ minimum: POINTS_EXPIRY_DAYS.minimum, maximum: POINTS_EXPIRY_DAYS.maximum - 1 })),
  },
  { additionalProperties: false },
);
export type PointsExpiryPolicy = Static<typeof PointsExpiryPolicySchema>;

/** Why a policy cannot be applied (the warning must come before the expiry), or undefined. */
export function pointsExpiryPolicyProblem(policy: PointsExpiryPolicy): string | undefined {
  return policy.warningDays !== undefined && policy.warningDays >= policy.afterDays
    ? `the warning (${policy.warningDays} days before) must come less than the ${policy.afterDays} days after which points expire`
    : undefined;
}

/** Asks for an earlier command's outcome; with the asker's fingerprint, a key reused for another request says so. */
export const CommandOutcomeRequestSchema = Type.Object(
  { idempotencyKey: IdempotencyKeySchema, fingerprint: Type.Optional(Type.String({ maxLength: 128 })) },
  { additionalProperties: false },
);
export type CommandOutcomeRequest = Static<typeof CommandOutcomeRequestSchema>;

// ---------------------------------------------------------------------------------------------
// Between actors: a host's gifts and invitations to its guests
// ---------------------------------------------------------------------------------------------

/**
 * A gift as a host's actor delivers it to its guest's. Gifts are numbered by the host; the guest
 * keeps what it did with each number apart from its idempotency records, so traffic never evicts
 * it and no client key can collide with it. `settledBelow` is the host's promise that it will
 * never deliver a lower number again, which lets the guest forget those.
 */
export const GiftDeliverySchema = Type.Object(
  {
    fromCustomerId: CustomerIdSchema,
    giftNumber: Type.Integer({ minimum: 1 }),
    settledBelow: Type.Integer({ minimum: 1 }),
    points: Type.Optional(GiftPointsSchema),
    tier: Type.Optional(TierOrdinalSchema),
    /** The host is closing: if the gift has not been received yet, refuse it for good. */
    voidIfNew: Type.Optional(Type.Boolean()),
    /** When the host accepted the gift: the guest's entry takes its time from here. */
    sentAt: Type.String({ format: 'date-time', maxLength: 40 }),
  },
  { additionalProperties: false },
);
export type GiftDelivery = Static<typeof GiftDeliverySchema>;

/** What a guest did with a gift: credited it, refused it (with why), or voided it unreceived. */
export const GiftReceiptSchema = Type.Union([
  Type.Object({ status: Type.Literal('credited') }, { additionalProperties: false }),
  Type.Object({ status: Type.Literal('refused'), rejection: RejectionSchema }, { additionalProperties: false }),
  Type.Object({ status: Type.Literal('voided') }, { additionalProperties: false }),
]);
export type GiftReceipt = Static<typeof GiftReceiptSchema>;

export const GiftReceiptRequestSchema = Type.Object(
  { fromCustomerId: CustomerIdSchema, giftNumber: Type.Integer({ minimum: 1 }) },
  { additionalProperties: false },
);
export type GiftReceiptRequest = Static<typeof GiftReceiptRequestSchema>;

/**
 * Sent beside the tier with `ensureMinimumStatus` when a host invites a guest: the guest is
 * raised once per host, however often the invitation is delivered.
 */
export const InvitationSchema = Type.Object({ hostId: CustomerIdSchema }, { additionalProperties: false });
export type Invitation = Static<typeof InvitationSchema>;

/** A just-opened account (SPEC §4: active, the starting balance, no guests): the actor's first state. */
export function newCustomer(enrolment: Enrolment & { enrolledAt: string; pointsExpiry?: PointsExpiryPolicy }): Customer {
  const points = enrolment.points ?? 0;
  const expiresAt = enrolment.pointsExpiry && points > 0 ? Date.parse(enrolment.enrolledAt) + enrolment.pointsExpiry.afterDays * 86_400_000 : undefined;
  return {
    customerId: enrolment.customerId,
    name: enrolment.name,
    ...(enrolment.email === undefined ? {} : { email: enrolment.email }),
    points,
    tier: { ...tierForPoints(points) },
    accountActive: true,
    guests: [],
    ...(enrolment.invitedBy === undefined ? {} : { invitedBy: enrolment.invitedBy }),
    enrolledAt: enrolment.enrolledAt,
    ...(expiresAt === undefined ? {} : { pointsExpiring: { points, at: new Date(expiresAt).toISOString() } }),
  };
}
