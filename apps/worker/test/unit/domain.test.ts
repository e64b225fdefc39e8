// The account state machine on its own: every rule of SPEC §3–4 that does not need Temporal.
import { describe, expect, it } from 'vitest';
import {
  IDEMPOTENCY_RETENTION,
  MAX_BALANCE,
  MAX_PEER_WORK_IN_FLIGHT,
  MAX_POINTS_CHANGE,
  TIERS,
  type GiftCommand,
  type GiftDelivery,
} from '@loyalty/contracts';
import * as account from '../../src/domain/account.js';
import { acceptMinimumStatus, giftReceipt, receiveGift } from '../../src/domain/gift-register.js';
import { recordPending } from '../../src/domain/idempotency.js';
import { ledgerPage } from '../../src/domain/ledger.js';
import type { AccountState } from '../../src/domain/state.js';

const NOW = Date.parse('2025-01-01T00:00:00.000Z');

function open(points = 0, customerId = 'host'): AccountState {
  return account.openAccount({ customerId, name: `Customer ${customerId}`, email: `${customerId}@example.com`, points }, NOW);
}

function add(state: AccountState, points: number): account.Decision {
  return account.addPoints(state, { type: 'addPoints', points }, NOW);
}

/** Kinds of notifications in the outbox, oldest first, after the welcome. */
function notified(state: AccountState): string[] {
  return state.outbox.slice(1).map((notification) => notification.kind);
}

function rejectionCode(decision: account.Decision<unknown>): string | undefined {
  return decision.ok ? undefined : decision.rejection.code;
}

/** A host with guests already invited, each invitation gone through. */
function hostWithGuests(points: number, ...guests: string[]): AccountState {
  const state = open(points);
  for (const guest of guests) {
    const invitation = account.beginInvitation(state, guest, NOW);
    if (!invitation.ok) throw new Error(`invitation of ${guest} refused`);
    expect(account.finishInvitation(state, invitation.result, 'invited').ok).toBe(true);
  }
  return state;
}

describe('enrolment', () => {
  it('opens an active account at Member with 0 points and a welcome naming the tier', () => {
    const state = open();
    expect(account.toCustomer(state)).toMatchObject({ points: 0, accountActive: true, guests: [], tier: { name: 'Member' } });
    expect(state.outbox).toEqual([expect.objectContaining({ kind: 'welcome', tier: 'Member', email: 'host@example.com' })]);
    expect(state.ledger.entries).toEqual([]);
  });

  it('opens with a starting balance as an opening entry, welcomed at that tier without a promotion', () => {
    const state = open(1000);
    expect(account.toCustomer(state).tier.name).toBe('Silver');
    expect(state.ledger.entries).toEqual([expect.objectContaining({ kind: 'opening', delta: 1000, balanceAfter: 1000 })]);
    expect(state.outbox.map((n) => n.kind)).toEqual(['welcome']);
    expect(state.outbox[0]?.tier).toBe('Silver');
  });
});

describe('points and tiers', () => {
  it.each([
    [0, 'Member'],
    [499, 'Member'],
    [500, 'Bronze'],
    [999, 'Bronze'],
    [1000, 'Silver'],
    [1999, 'Silver'],
    [2000, 'Gold'],
    [4999, 'Gold'],
    [5000, 'Platinum'],
    [1_000_000, 'Platinum'],
  ])('%i points is %s', (points, tier) => {
    expect(account.currentTier(open(points)).name).toBe(tier);
  });

  it('+100 gives 100 points, still Member, with no tier notification', () => {
    const state = open();
    const decision = add(state, 100);
    expect(decision).toMatchObject({ ok: true, result: { entry: { kind: 'points', delta: 100, balanceAfter: 100 } } });
    expect(account.toCustomer(state)).toMatchObject({ points: 100, tier: { name: 'Member' } });
    expect(notified(state)).toEqual([]);
  });

  it('+500 promotes to Bronze and notifies the promotion', () => {
    const state = open();
    add(state, 500);
    expect(account.toCustomer(state).tier).toEqual(TIERS[1]);
    expect(state.outbox.at(-1)).toMatchObject({ kind: 'promotion', tier: 'Bronze' });
  });

  it('+5000 promotes straight to Platinum with one promotion', () => {
    const state = open();
    add(state, 5000);
    expect(account.toCustomer(state).tier.name).toBe('Platinum');
    expect(notified(state)).toEqual(['promotion']);
    expect(state.outbox.at(-1)?.tier).toBe('Platinum');
  });

  it('a negative change demotes and notifies the demotion', () => {
    const state = open(2500);
    expect(add(state, -1600).ok).toBe(true);
    expect(account.toCustomer(state)).toMatchObject({ points: 900, tier: { name: 'Bronze' } });
    expect(notified(state)).toEqual(['demotion']);
    expect(state.outbox.at(-1)?.tier).toBe('Bronze');
  });

  it('a change below zero is refused with insufficient-points and changes nothing', () => {
    const state = open(300);
    const decision = add(state, -301);
    expect(rejectionCode(decision)).toBe('insufficient-points');
    expect(state.points).toBe(300);
    expect(state.ledger.entries).toHaveLength(1);
    // Exactly to zero is allowed.
    expect(add(state, -300).ok).toBe(true);
    expect(state.points).toBe(0);
  });

  it('records reason and idempotency key on the ledger entry', () => {
    const state = open();
    const decision = account.addPoints(state, { type: 'addPoints', points: 7, reason: 'checkout' }, NOW, 'key-1');
    expect(decision).toMatchObject({ ok: true, result: { entry: { id: 1, reason: 'checkout', idempotencyKey: 'key-1', at: '2025-01-01T00:00:00.000Z' } } });
  });
});

describe('ensureMinimumStatus', () => {
  it('raises a lower account to the tier minimum and notifies the promotion', () => {
    const state = open(120);
    const decision = account.ensureMinimumStatus(state, 2, NOW);
    expect(decision).toMatchObject({ ok: true, result: { tier: 2, entry: { kind: 'statusRaise', delta: 880, balanceAfter: 1000 } } });
    expect(state.points).toBe(1000);
    expect(notified(state)).toEqual(['promotion']);
  });

  it.each([1, 2])('is a no-op for an account already at or above tier %i', (ordinal) => {
    const state = open(1500);
    const before = structuredClone(state);
    expect(account.ensureMinimumStatus(state, ordinal, NOW)).toEqual({ ok: true, result: { tier: 2 } });
    expect(state).toEqual(before);
  });

  it('refuses an unknown tier', () => {
    expect(rejectionCode(account.ensureMinimumStatus(open(), 9, NOW))).toBe('invalid-command');
  });
});

describe('cancel', () => {
  it('closes the account, notifies, and refuses every later change', () => {
    const state = open(700);
    expect(account.cancelAccount(state).ok).toBe(true);
    expect(state.accountActive).toBe(false);
    expect(notified(state)).toEqual(['accountClosed']);
    expect(rejectionCode(add(state, 1))).toBe('account-closed');
    expect(rejectionCode(account.cancelAccount(state))).toBe('account-closed');
    expect(rejectionCode(account.ensureMinimumStatus(state, 4, NOW))).toBe('account-closed');
    expect(rejectionCode(account.beginInvitation(state, 'g', NOW))).toBe('account-closed');
    expect(rejectionCode(account.redeemReward(state, { type: 'redeemReward', rewardId: 'free-shipping' }, NOW))).toBe('account-closed');
    expect(rejectionCode(account.updateProfile(state, { type: 'updateProfile', name: 'Too Late' }))).toBe('account-closed');
    expect(account.toCustomer(state)).toMatchObject({ points: 700, accountActive: false });
  });
});

describe('profile', () => {
  it('changes the name, the email or both, and nothing else', () => {
    const state = open(700);
    const before = account.toCustomer(state);
    expect(account.updateProfile(state, { type: 'updateProfile', email: 'ada@example.com' }).ok).toBe(true);
    expect(account.toCustomer(state)).toEqual({ ...before, email: 'ada@example.com' });
    expect(account.updateProfile(state, { type: 'updateProfile', name: 'Ada Byron', email: 'ada@byron.example' }).ok).toBe(true);
    expect(account.toCustomer(state)).toEqual({ ...before, name: 'Ada Byron', email: 'ada@byron.example' });
    expect(state.ledger).toEqual(open(700).ledger);
    expect(state.outbox).toHaveLength(open(700).outbox.length);
  });
});

/** Begins an invitation that the test expects to be admitted. */
function invite(state: AccountState, guestId: string) {
  const invitation = account.beginInvitation(state, guestId, NOW, `invite-${guestId}`);
  if (!invitation.ok) throw new Error(`invitation of ${guestId} refused: ${invitation.rejection.code}`);
  return invitation.result;
}

describe('invitations', () => {
  it('a Member cannot invite, and is told so', () => {
    const state = open(0);
    expect(rejectionCode(account.beginInvitation(state, 'g', NOW))).toBe('guest-limit-reached');
    expect(notified(state)).toEqual(['guestLimitReached']);
    expect(state.pendingInvites).toEqual([]);
    expect(state.peerWork).toEqual([]);
  });

  it('a Silver host invites a guest at Bronze: the work is carried in the state until the guest answers', () => {
    const state = open(1000);
    const work = invite(state, 'g1');
    expect(work).toMatchObject({ kind: 'invitation', id: 'host/invitation-g1', guestId: 'g1', guestTier: 1, idempotencyKey: 'invite-g1' });
    expect(state.peerWork).toEqual([work]);
    expect(state).toMatchObject({ pendingInvites: ['g1'], guests: [] });
    expect(account.finishInvitation(state, work, 'invited')).toEqual({ ok: true, result: { guestId: 'g1' } });
    expect(state).toMatchObject({ guests: ['g1'], pendingInvites: [], peerWork: [], guestRaises: [{ guestId: 'g1', tier: 1 }] });
    expect(notified(state)).toEqual(['guestInvited']);
  });

  it('counts pending invitations against the limit', () => {
    const state = open(1000); // Silver: 2 guests
    invite(state, 'g1');
    const second = invite(state, 'g2');
    expect(rejectionCode(account.beginInvitation(state, 'g3', NOW))).toBe('guest-limit-reached');
    // A failed invitation frees its slot.
    account.finishInvitation(state, second, 'guestUnreachable');
    expect(account.beginInvitation(state, 'g3', NOW).ok).toBe(true);
  });

  it('refuses a host at its limit', () => {
    const state = hostWithGuests(500, 'g1'); // Bronze: 1 guest
    expect(rejectionCode(account.beginInvitation(state, 'g2', NOW))).toBe('guest-limit-reached');
  });

  it('refuses self-invitation and a guest already invited or being invited', () => {
    const state = hostWithGuests(2000, 'g1');
    expect(rejectionCode(account.beginInvitation(state, 'host', NOW))).toBe('cannot-invite-self');
    expect(rejectionCode(account.beginInvitation(state, 'g1', NOW))).toBe('guest-already-invited');
    invite(state, 'g2');
    expect(rejectionCode(account.beginInvitation(state, 'g2', NOW))).toBe('guest-already-invited');
  });

  it('a closed guest is not recorded, and the host is told', () => {
    const state = open(1000);
    const work = invite(state, 'g1');
    expect(rejectionCode(account.finishInvitation(state, work, 'guestAccountClosed'))).toBe('guest-account-closed');
    expect(state).toMatchObject({ guests: [], pendingInvites: [], peerWork: [] });
    expect(notified(state)).toEqual(['guestAccountClosed']);
  });

  it('an unreachable guest is a retryable peer-unavailable, without notification', () => {
    const state = open(1000);
    const work = invite(state, 'g1');
    expect(rejectionCode(account.finishInvitation(state, work, 'guestUnreachable'))).toBe('peer-unavailable');
    expect(state).toMatchObject({ guests: [], pendingInvites: [], peerWork: [] });
    expect(notified(state)).toEqual([]);
  });

  it('a host closing meanwhile refuses its own invitation as account-closed', () => {
    const state = open(1000);
    const work = invite(state, 'g1');
    expect(rejectionCode(account.finishInvitation(state, work, 'hostClosed'))).toBe('account-closed');
    expect(state.peerWork).toEqual([]);
  });
});

describe('gifts', () => {
  const pointsGift = (guestId: string, points: number): GiftCommand => ({ type: 'gift', guestId, points });
  const tierGift = (guestId: string, tier: number): GiftCommand => ({ type: 'gift', guestId, tier });
  const refusal = { code: 'guest-account-closed' as const, detail: 'closed' };

  it('refuses a gift to someone who is not a guest', () => {
    const state = hostWithGuests(2000, 'g1');
    expect(rejectionCode(account.beginGift(state, pointsGift('stranger', 10), NOW))).toBe('not-your-guest');
    expect(state.points).toBe(2000);
  });

  it('refuses a tier gift above the tier below the host\u2019s', () => {
    const state = hostWithGuests(1000, 'g1'); // invited at Bronze by a Silver host, now Gold
    add(state, 1000);
    expect(rejectionCode(account.beginGift(state, tierGift('g1', 3), NOW))).toBe('gift-tier-too-high');
    expect(account.beginGift(state, tierGift('g1', 2), NOW)).toMatchObject({ ok: true, result: { tier: 2, guestId: 'g1' } });
  });

  it('raises a guest to a tier once: not again to the invitation\u2019s tier nor to one given before', () => {
    const state = hostWithGuests(5000, 'g1'); // Platinum: g1 was invited at Gold (3)
    expect(rejectionCode(account.beginGift(state, tierGift('g1', 3), NOW))).toBe('gift-tier-already-given');
    expect(rejectionCode(account.beginGift(state, tierGift('g1', 2), NOW))).toBe('gift-tier-already-given');
    const silverHost = hostWithGuests(1000, 'g2'); // Silver: g2 invited at Bronze (1); may be raised to at most 1
    expect(rejectionCode(account.beginGift(silverHost, tierGift('g2', 1), NOW))).toBe('gift-tier-already-given');
  });

  it('a tier gift the guest did not take may be offered again', () => {
    const state = open(5000);
    state.guests.push('g1'); // a guest whose invitation gave no raise on record
    const first = account.beginGift(state, tierGift('g1', 2), NOW);
    if (!first.ok) throw new Error('gift refused');
    expect(rejectionCode(account.beginGift(state, tierGift('g1', 2), NOW))).toBe('gift-tier-already-given');
    account.finishGift(state, first.result, { taken: false, rejection: refusal }, NOW);
    expect(account.beginGift(state, tierGift('g1', 2), NOW).ok).toBe(true);
  });

  it('refuses a points gift larger than the balance', () => {
    const state = hostWithGuests(600, 'g1');
    expect(rejectionCode(account.beginGift(state, pointsGift('g1', 601), NOW))).toBe('insufficient-points');
    expect(state.points).toBe(600);
  });

  it('debits the host up front with distinct gift numbers, and keeps the debit once delivered', () => {
    const state = hostWithGuests(2000, 'g1');
    const first = account.beginGift(state, pointsGift('g1', 300), NOW, 'k1');
    const second = account.beginGift(state, pointsGift('g1', 200), NOW);
    if (!first.ok || !second.ok) throw new Error('gifts refused');
    expect(first.result).toMatchObject({ id: 'host/gift-1', giftNumber: 1, debit: { kind: 'giftSent', delta: -300, counterparty: 'g1', idempotencyKey: 'k1' } });
    expect(second.result).toMatchObject({ id: 'host/gift-2', giftNumber: 2 });
    expect(state.peerWork).toHaveLength(2);
    expect(state.points).toBe(1500);
    const finished = account.finishGift(state, first.result, { taken: true }, NOW);
    expect(finished).toMatchObject({ ok: true, result: { giftId: 'host/gift-1', guestId: 'g1', entry: { delta: -300 } } });
    expect(state.points).toBe(1500);
    expect(state.peerWork).toEqual([second.result]);
    expect(notified(state).at(-1)).toBe('giftSent');
  });

  it('refunds the host when the guest refuses the gift', () => {
    const state = hostWithGuests(2000, 'g1');
    const plan = account.beginGift(state, pointsGift('g1', 300), NOW);
    if (!plan.ok) throw new Error('gift refused');
    expect(account.finishGift(state, plan.result, { taken: false, rejection: refusal }, NOW)).toEqual({ ok: false, rejection: refusal });
    expect(state.points).toBe(2000);
    expect(state.ledger.entries.at(-1)).toMatchObject({ kind: 'giftReturned', delta: 300, balanceAfter: 2000 });
  });

  it('refuses new peer work past the limit, with a retryable code', () => {
    const state = open(MAX_BALANCE / 2);
    state.guests.push('g1');
    for (let i = 0; i < MAX_PEER_WORK_IN_FLIGHT; i += 1) expect(account.beginGift(state, pointsGift('g1', 1), NOW).ok).toBe(true);
    expect(rejectionCode(account.beginGift(state, pointsGift('g1', 1), NOW))).toBe('peer-work-limit-reached');
    expect(state.points).toBe(MAX_BALANCE / 2 - MAX_PEER_WORK_IN_FLIGHT);
  });
});

describe('the gift register of a guest', () => {
  const delivery = (giftNumber: number, extra: Partial<GiftDelivery> = {}): GiftDelivery => ({
    fromCustomerId: 'host',
    giftNumber,
    settledBelow: 1,
    sentAt: new Date(NOW).toISOString(),
    points: 40,
    ...extra,
  });

  it('credits a gift once, and answers a repeat as the first delivery', () => {
    const guest = open(0, 'g1');
    expect(receiveGift(guest, delivery(1), NOW)).toEqual({ status: 'credited' });
    expect(receiveGift(guest, delivery(1), NOW)).toEqual({ status: 'credited' });
    expect(guest.points).toBe(40);
    expect(guest.ledger.entries.at(-1)).toMatchObject({ kind: 'giftReceived', delta: 40, counterparty: 'host', at: new Date(NOW).toISOString() });
    expect(notified(guest)).toEqual(['giftReceived']);
  });

  it('a tier gift raises to at least that tier', () => {
    const guest = open(0, 'g1');
    receiveGift(guest, delivery(1, { points: undefined, tier: 1 }), NOW);
    expect(guest.points).toBe(500);
  });

  it('is kept apart from idempotency records: client keys neither evict nor collide with it', () => {
    const guest = open(0, 'g1');
    receiveGift(guest, delivery(1), NOW);
    for (let i = 0; i < IDEMPOTENCY_RETENTION.keepAtMost + 10; i += 1) {
      recordPending(guest, { idempotencyKey: i === 0 ? 'host/gift-1' : `k${i}`, command: { type: 'addPoints', points: 1 } }, NOW);
    }
    expect(receiveGift(guest, delivery(1), NOW)).toEqual({ status: 'credited' });
    expect(guest.points).toBe(40);
  });

  it('voids a gift not received yet, for good; a voided gift is never credited later', () => {
    const guest = open(0, 'g1');
    expect(receiveGift(guest, delivery(1, { voidIfNew: true }), NOW)).toEqual({ status: 'voided' });
    expect(receiveGift(guest, delivery(1), NOW)).toEqual({ status: 'voided' });
    receiveGift(guest, delivery(2), NOW);
    expect(receiveGift(guest, delivery(2, { voidIfNew: true }), NOW)).toEqual({ status: 'credited' });
    expect(guest.points).toBe(40);
  });

  it('a closed guest refuses a new gift but still answers one it took before closing', () => {
    const guest = open(0, 'g1');
    receiveGift(guest, delivery(1), NOW);
    account.cancelAccount(guest);
    expect(receiveGift(guest, delivery(1), NOW)).toEqual({ status: 'credited' });
    expect(receiveGift(guest, delivery(2), NOW)).toMatchObject({ status: 'refused', rejection: { code: 'guest-account-closed' } });
    expect(giftReceipt(guest, { fromCustomerId: 'host', giftNumber: 1 })).toEqual({ status: 'credited' });
    expect(giftReceipt(guest, { fromCustomerId: 'host', giftNumber: 3 })).toBeNull();
  });

  it('forgets what the host has settled, and never credits a late delivery of it', () => {
    const guest = open(0, 'g1');
    receiveGift(guest, delivery(1), NOW);
    receiveGift(guest, delivery(2), NOW);
    receiveGift(guest, delivery(3, { settledBelow: 3 }), NOW);
    expect(guest.hosts[0]!.gifts.map((gift) => gift.giftNumber)).toEqual([3]);
    expect(receiveGift(guest, delivery(1), NOW)).toMatchObject({ status: 'refused' });
    expect(guest.points).toBe(120);
  });

  it('raises an invited guest once per host, however often the invitation arrives', () => {
    const guest = open(0, 'g1');
    expect(acceptMinimumStatus(guest, 2, { hostId: 'host' }, NOW).ok).toBe(true);
    expect(guest.points).toBe(1000);
    add(guest, -1000);
    acceptMinimumStatus(guest, 2, { hostId: 'host' }, NOW);
    expect(guest.points).toBe(0);
    acceptMinimumStatus(guest, 1, { hostId: 'another-host' }, NOW);
    expect(guest.points).toBe(500);
  });
});

describe('balances', () => {
  it('refuses a change past the most a balance may hold', () => {
    const state = open(0);
    expect(add(state, MAX_POINTS_CHANGE).ok).toBe(true);
    state.points = MAX_BALANCE - 1;
    expect(rejectionCode(add(state, 2))).toBe('balance-limit-reached');
    expect(state.points).toBe(MAX_BALANCE - 1);
  });
});

describe('rewards', () => {
  const redeem = (state: AccountState, rewardId: string) =>
    account.redeemReward(state, { type: 'redeemReward', rewardId }, NOW, 'r-key');

  it('refuses an unknown reward', () => {
    expect(rejectionCode(redeem(open(5000), 'moon-trip'))).toBe('unknown-reward');
  });

  it('refuses a locked reward with a reason naming the tier needed', () => {
    const decision = redeem(open(600), 'lounge-access');
    expect(decision).toMatchObject({ ok: false, rejection: { code: 'reward-locked', detail: expect.stringContaining('Gold') } });
  });

  it('records an unlocked reward as a ledger entry of delta 0', () => {
    const state = open(2000);
    const decision = redeem(state, 'lounge-access');
    expect(decision).toMatchObject({ ok: true, result: { rewardId: 'lounge-access', entry: { kind: 'rewardUsed', delta: 0, balanceAfter: 2000, rewardId: 'lounge-access' } } });
    expect(state.points).toBe(2000);
  });
});

describe('ledger', () => {
  it('keeps a bounded window whose deltas add up to the balance with balanceBeforeWindow', () => {
    const state = open(10);
    for (let i = 1; i <= 450; i += 1) add(state, i % 3 === 0 ? -1 : 5);
    const { entries, balanceBeforeWindow } = state.ledger;
    expect(entries.length).toBeLessThan(451);
    expect(entries.length).toBeGreaterThan(0);
    expect(entries.at(-1)?.id).toBe(451);
    expect(balanceBeforeWindow + entries.reduce((sum, entry) => sum + entry.delta, 0)).toBe(state.points);
    expect(state.points).toBe(10 + 300 * 5 - 150);
    expect(ledgerPage(state.ledger, { limit: 1 })).toMatchObject({ totalEntries: 451, balanceBeforeWindow });
  });

  it('pages newest first until the window is exhausted', () => {
    const state = open();
    for (let i = 1; i <= 7; i += 1) add(state, i);
    const ids: number[] = [];
    let beforeId: number | undefined;
    let pages = 0;
    do {
      const page = ledgerPage(state.ledger, { limit: 3, ...(beforeId === undefined ? {} : { beforeId }) });
      ids.push(...page.entries.map((entry) => entry.id));
      beforeId = page.nextBeforeId;
      pages += 1;
    } while (beforeId !== undefined);
    expect(ids).toEqual([7, 6, 5, 4, 3, 2, 1]);
    expect(pages).toBe(3);
  });

  it('answers an empty page for an empty ledger', () => {
    expect(ledgerPage(open().ledger, { limit: 10 })).toEqual({ entries: [], totalEntries: 0, balanceBeforeWindow: 0 });
  });
});
