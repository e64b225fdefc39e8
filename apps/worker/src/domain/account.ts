import {
  MAX_BALANCE,
  MAX_PEER_WORK_IN_FLIGHT,
  MAX_OUTBOX,
  MAX_OUTBOX_WITH_BALANCE_EVENTS,
  newCustomer,
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
  type PointsExpiryPolicy,
  type RedeemRewardCommand,
  type Rejection,
  type Tier,
  type UpdateProfileCommand,
} from '@loyalty/contracts';
import { creditLots, debitLots, expiresAt, nextDueAt, startExpiry, takeExpired, takeWarnings } from './expiry.js';
import { appendEntry, emptyLedger } from './ledger.js';
import type { Notification, NotificationDetails, NotificationKind } from './notifications.js';
import type { AccountState, GiftWork, InvitationWork, PeerWork } from './state.js';

/**
 * The account state machine: plain functions over plain JSON state, no Temporal and no I/O, so
 * that every rule of the program is tested on its own. Each transition changes the state it is
 * given and answers what happened; notifications it decides on go to the state's outbox, from
 * which the actor delivers them.
 */

export type Decision<T = CommandResult> = { ok: true; result: T } | { ok: false; rejection: Rejection };

export const accepted = <T>(result: T): Decision<T> => ({ ok: true, result });
export const refused = (code: Rejection['code'], detail: string): Decision<never> => ({
  ok: false,
  rejection: { code, detail },
});

export function openAccount(
  enrolment: Enrolment,
  now: number,
  { pointsExpiry, announcesPointChanges = false }: { pointsExpiry?: PointsExpiryPolicy | undefined; announcesPointChanges?: boolean } = {},
): AccountState {
  const { tier: _derived, guests: _none, points: _opening, pointsExpiring: _due, ...opened } = newCustomer({ ...enrolment, enrolledAt: new Date(now).toISOString() });
  const state: AccountState = {
    ...opened,
    points: 0,
    accountActive: true,
    guests: [],
    pendingInvites: [],
    ledger: emptyLedger(),
    commands: [],
    outbox: [],
    nextNotificationNumber: 1,
    nextGiftNumber: 1,
    peerWork: [],
    scheduled: [],
    hosts: [],
    guestRaises: [],
    ...(pointsExpiry === undefined ? {} : { pointsExpiry: startExpiry(pointsExpiry) }),
    ...(announcesPointChanges ? { announcesPointChanges: true as const } : {}),
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

/** State carried by a run of older workflow code lacks what later code added: fill it in. */
export function upgradeCarried(state: AccountState): AccountState {
  state.peerWork ??= [];
  state.scheduled ??= [];
  state.hosts ??= [];
  state.guestRaises ??= [];
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
    ...optional({ pointsExpiring: pointsExpiringNext(state) }),
  };
}

/** The points that expire next, and when: the oldest lot (spending takes from it first). */
function pointsExpiringNext(state: AccountState): Customer['pointsExpiring'] {
  const expiry = state.pointsExpiry;
  const oldest = expiry?.lots[0];
  if (expiry === undefined || oldest === undefined) return undefined;
  return { points: oldest.points, at: new Date(expiresAt(expiry, oldest)).toISOString() };
}

/** When the actor must next look at expiring points; undefined (no timer) when never. */
export function nextExpiryDueAt(state: AccountState): number | undefined {
  return state.pointsExpiry === undefined || !state.accountActive ? undefined : nextDueAt(state.pointsExpiry);
}

/**
 * Warns of and expires what is due by `now`: one `pointsExpiring` notification per lot, and one
 * `expiry` ledger entry for all the lots whose time is up, taking what is left of them. Times
 * come from the lots, so whenever this runs (a timer, a command) it expires the same points once.
 */
export function expireDue(state: AccountState, now: number): void {
  const expiry = state.pointsExpiry;
  if (expiry === undefined || !state.accountActive) return;
  const expired = takeExpired(expiry, now);
  if (expired !== undefined) {
    const first = expired.lots[0]!.earnedAt.slice(0, 10);
    const last = expired.lots.at(-1)!.earnedAt.slice(0, 10);
    const earned = first === last ? `on ${first}` : `from ${first} to ${last}`;
    record(state, expired.at, { kind: 'expiry', delta: -expired.points, reason: `Points earned ${earned} expired` });
  }
  for (const lot of takeWarnings(expiry, now)) {
    const at = new Date(expiresAt(expiry, lot)).toISOString();
    notify(state, 'pointsExpiring', `${lot.points} points expire soon`, `${lot.points} of your points expire on ${at.slice(0, 10)} unless you spend them first.`, undefined, {
      expiring: { points: lot.points, at },
    });
  }
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
  expireDue(state, now);
  if (state.points + delta < 0) {
    return refused(
      'insufficient-points',
      `A change of ${delta} would take the balance of ${state.points} below zero.`,
    );
  }
  if (state.points + delta > MAX_BALANCE) {
    return refused('balance-limit-reached', `A balance may not exceed ${MAX_BALANCE} points.`);
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
  expireDue(state, now);
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

/** Changes the name, the email or both. */
export function updateProfile(state: AccountState, command: UpdateProfileCommand): Decision {
  const closed = refuseIfClosed(state);
  if (closed) return closed;
  if (command.name !== undefined) state.name = command.name;
  if (command.email !== undefined) state.email = command.email;
  return accepted({});
}

export type InvitationOutcome = 'invited' | 'guestAccountClosed' | 'guestUnreachable' | 'hostClosed';

/**
 * First half of an invitation: checks the rules, reserves a guest slot and records the work of
 * reaching the guest, which the actor carries until the guest answers.
 */
export function beginInvitation(
  state: AccountState,
  guestId: string,
  now: number,
  idempotencyKey?: string,
): Decision<InvitationWork> {
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
  const busy = refuseIfPeerWorkFull(state);
  if (busy) return busy;
  state.pendingInvites.push(guestId);
  const work: InvitationWork = {
    kind: 'invitation',
    id: `${state.customerId}/invitation-${guestId}`,
    guestId,
    guestTier: tier.ordinal - 1,
    startedAt: new Date(now).toISOString(),
    ...optional({ idempotencyKey }),
  };
  state.peerWork.push(work);
  return accepted(work);
}

/** Second half: records what reaching the guest's actor gave. */
export function finishInvitation(state: AccountState, work: InvitationWork, outcome: InvitationOutcome): Decision {
  state.pendingInvites = state.pendingInvites.filter((id) => id !== work.guestId);
  removePeerWork(state, work.id);
  const { guestId } = work;
  switch (outcome) {
    case 'invited':
      state.guests.push(guestId);
      noteGuestRaise(state, guestId, work.guestTier);
      notify(state, 'guestInvited', 'Your guest is invited', `${guestId} is now your guest.`, undefined, { guestId });
      return accepted({ guestId });
    case 'guestAccountClosed':
      notify(state, 'guestAccountClosed', 'Your guest could not be invited', `${guestId} has closed their account.`);
      return refused('guest-account-closed', `${guestId} has closed their account.`);
    case 'guestUnreachable':
      return refused('peer-unavailable', `The account of ${guestId} could not be reached; try again.`);
    case 'hostClosed':
      return refused('account-closed', `The account of ${state.customerId} closed before ${guestId} answered.`);
  }
}

/**
 * First half of a gift: checks the rules, debits the host and records the delivery, which the
 * actor carries until the guest answers. The guest credits each gift number once.
 *
 * A tier gift raises a guest only to a tier above any this host has raised it to before
 * (invitation included): raising creates points, and without this rule two accounts that are
 * each other's guests could mint points without end by raising and gifting back.
 */
export function beginGift(
  state: AccountState,
  command: GiftCommand,
  now: number,
  idempotencyKey?: string,
  { raiseOnce } = { raiseOnce: true },
): Decision<GiftWork> {
  const closed = refuseIfClosed(state);
  if (closed) return closed;
  if (!state.guests.includes(command.guestId)) {
    return refused('not-your-guest', `${command.guestId} is not a guest of ${state.customerId}.`);
  }
  const giftNumber = state.nextGiftNumber;
  const work: GiftWork = {
    kind: 'gift',
    id: giftIdFor(state.customerId, giftNumber),
    giftNumber,
    guestId: command.guestId,
    startedAt: new Date(now).toISOString(),
    ...optional({ idempotencyKey }),
  };
  // Exactly one of points or tier: the contract's GiftCommandSchema says so, checked by the validator.
  if ('tier' in command) {
    const highest = currentTier(state).ordinal - 1;
    if (command.tier > highest) {
      return refused('gift-tier-too-high', `A guest can be raised at most to tier ${highest}, the one below yours.`);
    }
    const raised = state.guestRaises.find((raise) => raise.guestId === command.guestId)?.tier ?? -1;
    if (raiseOnce && command.tier <= raised) {
      return refused('gift-tier-already-given', `${command.guestId} was raised to tier ${raised} by you already.`);
    }
    const busy = refuseIfPeerWorkFull(state);
    if (busy) return busy;
    noteGuestRaise(state, command.guestId, command.tier);
    Object.assign(work, { tier: command.tier, previousRaise: raised });
  } else {
    const busy = refuseIfPeerWorkFull(state);
    if (busy) return busy;
    const debit = changePoints(
      state,
      -command.points,
      { kind: 'giftSent', reason: `Gift to ${command.guestId}`, counterparty: command.guestId, ...optional({ idempotencyKey }) },
      now,
    );
    if (!debit.ok) return debit;
    work.points = command.points;
    work.debit = debit.result.entry;
  }
  state.nextGiftNumber += 1;
  state.peerWork.push(work);
  return accepted(work);
}

export function giftIdFor(hostId: string, giftNumber: number): string {
  return `${hostId}/gift-${giftNumber}`;
}

/** How a guest answered a gift, as the host's side sees it. */
export type GiftAnswer = { taken: true } | { taken: false; rejection: Rejection };

/** Second half: a gift the guest did not take is returned to the host. */
export function finishGift(state: AccountState, work: GiftWork, answer: GiftAnswer, now: number): Decision {
  removePeerWork(state, work.id);
  if (answer.taken) {
    const what = work.points === undefined ? `tier ${work.tier}` : `${work.points} points`;
    notify(state, 'giftSent', 'Your gift was delivered', `${work.guestId} received ${what}.`);
    return accepted({ giftId: work.id, guestId: work.guestId, ...optional({ entry: work.debit }) });
  }
  if (work.points !== undefined) {
    record(state, now, {
      kind: 'giftReturned',
      delta: work.points,
      reason: `Gift to ${work.guestId} returned: ${answer.rejection.detail}`,
      counterparty: work.guestId,
    });
  } else if (work.tier !== undefined) {
    // Nothing was raised, so this host may offer that tier again.
    const raise = state.guestRaises.find((candidate) => candidate.guestId === work.guestId);
    if (raise) raise.tier = work.previousRaise ?? -1;
  }
  return { ok: false, rejection: answer.rejection };
}

/** Records that this account raised `guestId` to `tier`, so a tier gift never raises it there twice. */
function noteGuestRaise(state: AccountState, guestId: string, tier: number): void {
  const raise = state.guestRaises.find((candidate) => candidate.guestId === guestId);
  if (raise === undefined) state.guestRaises.push({ guestId, tier });
  else raise.tier = Math.max(raise.tier, tier);
}

function removePeerWork(state: AccountState, id: string): void {
  state.peerWork = state.peerWork.filter((work) => work.id !== id);
}

function refuseIfPeerWorkFull(state: AccountState): Decision<never> | undefined {
  return state.peerWork.length >= MAX_PEER_WORK_IN_FLIGHT
    ? refused('peer-work-limit-reached', `At most ${MAX_PEER_WORK_IN_FLIGHT} gifts and invitations may wait on other accounts at once.`)
    : undefined;
}

/** Work of the given kind still waiting on another actor. */
export function peerWorkOf<Kind extends PeerWork['kind']>(state: AccountState, kind: Kind): Extract<PeerWork, { kind: Kind }>[] {
  return state.peerWork.filter((work): work is Extract<PeerWork, { kind: Kind }> => work.kind === kind);
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

export function refuseIfClosed(state: AccountState): Decision<never> | undefined {
  return state.accountActive ? undefined : refused('account-closed', `The account of ${state.customerId} is closed.`);
}

/** Applies a balance change and announces a tier change it causes. */
export function record(
  state: AccountState,
  now: number,
  change: Omit<LedgerEntry, 'id' | 'balanceAfter' | 'at'>,
  { announce } = { announce: true },
): LedgerEntry {
  // Points due to expire by this change's time go first, so the change finds the balance it would have then.
  if (change.kind !== 'expiry') expireDue(state, now);
  const before = currentTier(state);
  state.points += change.delta;
  if (state.pointsExpiry !== undefined && change.kind !== 'expiry') {
    if (change.delta > 0) creditLots(state.pointsExpiry, change.delta, now);
    else debitLots(state.pointsExpiry, -change.delta);
  }
  const entry = appendEntry(state.ledger, { ...change, balanceAfter: state.points, at: new Date(now).toISOString() });
  if (state.announcesPointChanges) {
    // Without the reason, which may be long: the event stays small, and the ledger has it.
    const { reason: _onTheLedger, idempotencyKey: _keyOfTheCaller, ...announced } = entry;
    notify(state, 'pointsChanged', 'Balance changed', '', undefined, { entry: announced });
  }
  const after = currentTier(state);
  if (!announce) return entry;
  if (after.ordinal > before.ordinal) {
    notify(state, 'promotion', `You are now ${after.name}`, `With ${state.points} points you reached ${after.name}.`, after);
  } else if (after.ordinal < before.ordinal) {
    notify(state, 'demotion', `You are now ${after.name}`, `With ${state.points} points your tier is now ${after.name}.`, after);
  }
  return entry;
}

export function notify(
  state: AccountState,
  kind: NotificationKind,
  subject: string,
  text: string,
  tier?: Tier,
  details?: NotificationDetails,
): void {
  const notification: Notification = {
    id: `${state.customerId}/notification-${state.nextNotificationNumber}`,
    customerId: state.customerId,
    // A balance change is an event, never an e-mail: it carries no address, and the outbox stays small.
    ...(state.email === undefined || kind === 'pointsChanged' ? {} : { email: state.email }),
    kind,
    subject,
    text,
    ...(tier === undefined ? {} : { tier: tier.name }),
    ...(details === undefined ? {} : { details }),
  };
  state.nextNotificationNumber += 1;
  state.outbox.push(notification);
  // A notifier outage must not grow the state: past the bound the oldest is given up.
  const bound = state.announcesPointChanges ? MAX_OUTBOX_WITH_BALANCE_EVENTS : MAX_OUTBOX;
  if (state.outbox.length > bound) state.outbox.splice(0, state.outbox.length - bound);
}

/** Drops undefined fields, so that state and answers stay free of `"x": undefined` noise. */
export function optional<T extends Record<string, unknown>>(fields: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)) as never;
}
