import {
  rewardById,
  tierByOrdinal,
  tierForPoints,
  type AddPointsCommand,
  type CommandResult,
  type Customer,
  type Enrolment,
  type GiftCommand,
  type LedgerEntry,
  type LedgerEntryKind,
  type ReceiveGiftCommand,
  type RedeemRewardCommand,
  type Rejection,
  type Tier,
} from '@loyalty/contracts';
import { appendEntry, emptyLedger } from './ledger.js';
import type { Notification, NotificationKind } from './notifications.js';
import type { AccountState } from './state.js';

/**
 * The account state machine: plain functions over plain JSON state, no Temporal and no I/O, so
 * that every rule of the program is tested on its own. Each transition changes the state it is
 * given and answers what happened; notifications it decides on go to the state's outbox, from
 * which the actor delivers them.
 */

export type Decision<T = CommandResult> = { ok: true; result: T } | { ok: false; rejection: Rejection };

const accepted = <T>(result: T): Decision<T> => ({ ok: true, result });
const refused = (code: Rejection['code'], detail: string): Decision<never> => ({
  ok: false,
  rejection: { code, detail },
});

export function openAccount(enrolment: Enrolment, now: number): AccountState {
  const state: AccountState = {
    customerId: enrolment.customerId,
    name: enrolment.name,
    ...(enrolment.email === undefined ? {} : { email: enrolment.email }),
    ...(enrolment.invitedBy === undefined ? {} : { invitedBy: enrolment.invitedBy }),
    enrolledAt: new Date(now).toISOString(),
    points: 0,
    accountActive: true,
    guests: [],
    pendingInvites: [],
    ledger: emptyLedger(),
    commands: [],
    outbox: [],
    nextNotificationNumber: 1,
    nextGiftNumber: 1,
  };
  const openingPoints = enrolment.points ?? 0;
  if (openingPoints > 0) {
    // The starting tier is announced by the welcome, not as a promotion.
    record(state, now, { kind: 'opening', delta: openingPoints, reason: 'Opening balance' }, { announce: false });
  }
  const tier = currentTier(state);
  notify(state, 'welcome', `Welcome to the loyalty program, ${state.name}`, `You start as ${tier.name} with ${state.points} points.`, tier);
  return state;
}

export function currentTier(state: AccountState): Tier {
  return tierForPoints(state.points);
}

export function toCustomer(state: AccountState): Customer {
  return {
    customerId: state.customerId,
    name: state.name,
    ...(state.email === undefined ? {} : { email: state.email }),
    points: state.points,
    tier: { ...currentTier(state) },
    accountActive: state.accountActive,
    guests: [...state.guests],
    ...(state.invitedBy === undefined ? {} : { invitedBy: state.invitedBy }),
    enrolledAt: state.enrolledAt,
  };
}

interface ChangeDetails {
  kind: LedgerEntryKind;
  reason?: string;
  idempotencyKey?: string;
  counterparty?: string;
  rewardId?: string;
}

/** Changes the balance by `delta`, refusing a change that would take it below zero. */
export function changePoints(
  state: AccountState,
  delta: number,
  details: ChangeDetails,
  now: number,
): Decision<{ entry: LedgerEntry }> {
  const closed = refuseIfClosed(state);
  if (closed) return closed;
  if (state.points + delta < 0) {
    return refused(
      'insufficient-points',
      `A change of ${delta} would take the balance of ${state.points} below zero.`,
    );
  }
  return accepted({ entry: record(state, now, { ...details, delta }) });
}

export function addPoints(state: AccountState, command: AddPointsCommand, now: number, idempotencyKey?: string): Decision {
  return changePoints(
    state,
    command.points,
    { kind: 'points', ...optional({ reason: command.reason, idempotencyKey }) },
    now,
  );
}

/** Raises the account to at least `tierOrdinal` by setting the balance to that tier's minimum. */
export function ensureMinimumStatus(
  state: AccountState,
  tierOrdinal: number,
  now: number,
  details: Omit<ChangeDetails, 'kind'> = {},
): Decision {
  const closed = refuseIfClosed(state);
  if (closed) return closed;
  const target = tierByOrdinal(tierOrdinal);
  if (target === undefined) return refused('invalid-command', `There is no tier ${tierOrdinal}.`);
  if (currentTier(state).ordinal >= target.ordinal) return accepted({ tier: currentTier(state).ordinal });
  const entry = record(state, now, {
    kind: 'statusRaise',
    reason: `Raised to ${target.name}`,
    ...details,
    delta: target.minimumPoints - state.points,
  });
  return accepted({ entry, tier: target.ordinal });
}

export function cancelAccount(state: AccountState): Decision {
  const closed = refuseIfClosed(state);
  if (closed) return closed;
  state.accountActive = false;
  notify(state, 'accountClosed', 'Your loyalty account is closed', `Your final balance is ${state.points} points.`);
  return accepted({});
}

/** What the actor needs to reach the guest once an invitation is admitted. */
export interface InvitationPlan {
  guestId: string;
  guestTier: Tier;
}

/** First half of an invitation: checks the rules and reserves a guest slot. */
export function beginInvitation(state: AccountState, guestId: string): Decision<InvitationPlan> {
  const closed = refuseIfClosed(state);
  if (closed) return closed;
  if (guestId === state.customerId) return refused('cannot-invite-self', 'A customer cannot be their own guest.');
  if (state.guests.includes(guestId) || state.pendingInvites.includes(guestId)) {
    return refused('guest-already-invited', `${guestId} is already a guest of ${state.customerId}.`);
  }
  const tier = currentTier(state);
  if (state.guests.length + state.pendingInvites.length >= tier.guestsAllowed) {
    notify(
      state,
      'guestLimitReached',
      'You cannot invite more guests',
      `${tier.name} allows ${tier.guestsAllowed} guest(s); ${guestId} was not invited.`,
    );
    return refused('guest-limit-reached', `${tier.name} allows ${tier.guestsAllowed} guest(s).`);
  }
  state.pendingInvites.push(guestId);
  return accepted({ guestId, guestTier: tierByOrdinal(tier.ordinal - 1)! });
}

export type InvitationOutcome = 'invited' | 'guestAccountClosed' | 'guestUnreachable';

/** Second half: records what reaching the guest's actor gave. */
export function finishInvitation(state: AccountState, guestId: string, outcome: InvitationOutcome): Decision {
  state.pendingInvites = state.pendingInvites.filter((id) => id !== guestId);
  switch (outcome) {
    case 'invited':
      state.guests.push(guestId);
      notify(state, 'guestInvited', 'Your guest is invited', `${guestId} is now your guest.`);
      return accepted({ guestId });
    case 'guestAccountClosed':
      notify(state, 'guestAccountClosed', 'Your guest could not be invited', `${guestId} has closed their account.`);
      return refused('guest-account-closed', `${guestId} has closed their account.`);
    case 'guestUnreachable':
      return refused('peer-unavailable', `The account of ${guestId} could not be reached; try again.`);
  }
}

export interface GiftPlan {
  giftId: string;
  guestId: string;
  points?: number;
  tier?: number;
  /** The host's debit, for a points gift. */
  entry?: LedgerEntry;
}

/** First half of a gift: checks the rules and debits the host. The guest is credited by giftId, once. */
export function beginGift(state: AccountState, command: GiftCommand, now: number, idempotencyKey?: string): Decision<GiftPlan> {
  const closed = refuseIfClosed(state);
  if (closed) return closed;
  if ((command.points === undefined) === (command.tier === undefined)) {
    return refused('invalid-command', 'A gift carries either points or a tier.');
  }
  if (!state.guests.includes(command.guestId)) {
    return refused('not-your-guest', `${command.guestId} is not a guest of ${state.customerId}.`);
  }
  const giftId = `${state.customerId}/gift-${state.nextGiftNumber}`;
  if (command.tier !== undefined) {
    const highest = currentTier(state).ordinal - 1;
    if (command.tier > highest) {
      return refused('gift-tier-too-high', `A guest can be raised at most to tier ${highest}, the one below yours.`);
    }
    state.nextGiftNumber += 1;
    return accepted({ giftId, guestId: command.guestId, tier: command.tier });
  }
  const debit = changePoints(
    state,
    -command.points!,
    {
      kind: 'giftSent',
      reason: `Gift to ${command.guestId}`,
      counterparty: command.guestId,
      ...optional({ idempotencyKey }),
    },
    now,
  );
  if (!debit.ok) return debit;
  state.nextGiftNumber += 1;
  return accepted({ giftId, guestId: command.guestId, points: command.points!, entry: debit.result.entry });
}

/** Second half: a gift the guest did not take is returned to the host. */
export function finishGift(state: AccountState, gift: GiftPlan, delivery: Decision, now: number): Decision {
  if (delivery.ok) {
    const what = gift.points === undefined ? `tier ${gift.tier}` : `${gift.points} points`;
    notify(state, 'giftSent', 'Your gift was delivered', `${gift.guestId} received ${what}.`);
    return accepted({ giftId: gift.giftId, guestId: gift.guestId, ...(gift.entry === undefined ? {} : { entry: gift.entry }) });
  }
  if (gift.points !== undefined) {
    record(state, now, {
      kind: 'giftReturned',
      delta: gift.points,
      reason: `Gift to ${gift.guestId} returned: ${delivery.rejection.detail}`,
      counterparty: gift.guestId,
    });
  }
  return delivery;
}

export function receiveGift(state: AccountState, command: ReceiveGiftCommand, now: number, idempotencyKey?: string): Decision {
  const details = {
    counterparty: command.fromCustomerId,
    reason: `Gift from ${command.fromCustomerId}`,
    ...optional({ idempotencyKey }),
  };
  let decision: Decision;
  if (command.points !== undefined) {
    decision = changePoints(state, command.points, { kind: 'giftReceived', ...details }, now);
  } else if (command.tier !== undefined) {
    decision = ensureMinimumStatus(state, command.tier, now, details);
  } else {
    return refused('invalid-command', 'A gift carries either points or a tier.');
  }
  if (decision.ok) {
    notify(state, 'giftReceived', 'You received a gift', `${command.fromCustomerId} sent you a gift.`);
    return accepted({ ...decision.result, giftId: command.giftId });
  }
  return decision;
}

export function redeemReward(state: AccountState, command: RedeemRewardCommand, now: number, idempotencyKey?: string): Decision {
  const closed = refuseIfClosed(state);
  if (closed) return closed;
  const reward = rewardById(command.rewardId);
  if (reward === undefined) return refused('unknown-reward', `There is no reward '${command.rewardId}'.`);
  const tier = currentTier(state);
  if (tier.ordinal < reward.minimumTier) {
    const needed = tierByOrdinal(reward.minimumTier)!;
    return refused('reward-locked', `${reward.name} is unlocked from ${needed.name}; this account is ${tier.name}.`);
  }
  const entry = record(state, now, {
    kind: 'rewardUsed',
    delta: 0,
    reason: reward.name,
    rewardId: reward.rewardId,
    ...optional({ idempotencyKey }),
  });
  return accepted({ entry, rewardId: reward.rewardId });
}

export function removeFromOutbox(state: AccountState, notificationId: string): void {
  state.outbox = state.outbox.filter((notification) => notification.id !== notificationId);
}

function refuseIfClosed(state: AccountState): Decision<never> | undefined {
  return state.accountActive ? undefined : refused('account-closed', `The account of ${state.customerId} is closed.`);
}

/** Applies a balance change and announces a tier change it causes. */
function record(
  state: AccountState,
  now: number,
  change: Omit<LedgerEntry, 'id' | 'balanceAfter' | 'at'>,
  { announce } = { announce: true },
): LedgerEntry {
  const before = currentTier(state);
  state.points += change.delta;
  const entry = appendEntry(state.ledger, { ...change, balanceAfter: state.points, at: new Date(now).toISOString() });
  const after = currentTier(state);
  if (!announce) return entry;
  if (after.ordinal > before.ordinal) {
    notify(state, 'promotion', `You are now ${after.name}`, `With ${state.points} points you reached ${after.name}.`, after);
  } else if (after.ordinal < before.ordinal) {
    notify(state, 'demotion', `You are now ${after.name}`, `With ${state.points} points your tier is now ${after.name}.`, after);
  }
  return entry;
}

function notify(state: AccountState, kind: NotificationKind, subject: string, text: string, tier?: Tier): void {
  const notification: Notification = {
    id: `${state.customerId}/notification-${state.nextNotificationNumber}`,
    customerId: state.customerId,
    ...(state.email === undefined ? {} : { email: state.email }),
    kind,
    subject,
    text,
    ...(tier === undefined ? {} : { tier: tier.name }),
  };
  state.nextNotificationNumber += 1;
  state.outbox.push(notification);
}

/** Drops undefined fields, so that state and answers stay free of `"x": undefined` noise. */
function optional<T extends Record<string, unknown>>(fields: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)) as never;
}
