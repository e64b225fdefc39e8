// Expiring points on their own: lots, oldest-first spending, merging, warnings, and a balance that
// always equals the sum of the ledger.
import { describe, expect, it } from 'vitest';
import { CARRIED_STATE_BUDGET_BYTES, IDEMPOTENCY_RETENTION, MAX_EARNED_LOTS, TIERS, type PointsExpiryPolicy } from '@loyalty/contracts';
import * as account from '../../src/domain/account.js';
import { DAY_MS } from '../../src/domain/expiry.js';
import { receiveGift } from '../../src/domain/gift-register.js';
import { fitToBudget, jsonBytes, recordPending, settleRecord } from '../../src/domain/idempotency.js';
import type { AccountState } from '../../src/domain/state.js';

const NOW = Date.parse('2025-01-01T10:00:00.000Z');
const YEAR: PointsExpiryPolicy = { afterDays: 365, warningDays: 30 };

function open(points = 0, policy: PointsExpiryPolicy | null = YEAR): AccountState {
  return account.openAccount({ customerId: 'c', name: 'Customer c', points }, NOW, { pointsExpiry: policy ?? undefined });
}

function add(state: AccountState, points: number, at: number): account.Decision {
  return account.addPoints(state, { type: 'addPoints', points }, at);
}

const day = (n: number) => NOW + n * DAY_MS;
const ledgerSum = (state: AccountState) => state.ledger.balanceBeforeWindow + state.ledger.entries.reduce((sum, entry) => sum + entry.delta, 0);
const lotSum = (state: AccountState) => state.pointsExpiry!.lots.reduce((sum, lot) => sum + lot.points, 0);
const expiries = (state: AccountState) => state.ledger.entries.filter((entry) => entry.kind === 'expiry');
const warnings = (state: AccountState) => state.outbox.filter((notification) => notification.kind === 'pointsExpiring');

describe('an account without an expiry policy', () => {
  it('keeps no lots, has nothing due and shows nothing expiring', () => {
    const state = open(500, null);
    add(state, 100, day(1));
    account.expireDue(state, day(10_000));
    expect(state.pointsExpiry).toBeUndefined();
    expect(account.nextExpiryDueAt(state)).toBeUndefined();
    expect(account.toCustomer(state).pointsExpiring).toBeUndefined();
    expect(state.points).toBe(600);
  });
});

describe('earned lots', () => {
  it('adds every credit to a lot with its earning day: opening balance, points, a raise, a gift received', () => {
    const state = open(100);
    add(state, 50, day(10));
    account.ensureMinimumStatus(state, 2, day(20)); // Silver
    receiveGift(state, { fromCustomerId: 'h', giftNumber: 1, settledBelow: 1, points: 7, sentAt: new Date(day(30)).toISOString() }, day(30));
    expect(state.pointsExpiry!.lots.map((lot) => [lot.earnedAt, lot.points])).toEqual([
      [new Date(NOW).toISOString(), 100],
      [new Date(day(10)).toISOString(), 50],
      [new Date(day(20)).toISOString(), TIERS[2]!.minimumPoints - 150],
      [new Date(day(30)).toISOString(), 7],
    ]);
    expect(lotSum(state)).toBe(state.points);
  });

  it('merges points earned on one UTC day into one lot that expires with the latest of them', () => {
    const state = open(100);
    add(state, 10, NOW + 60_000);
    add(state, 5, NOW + 3_600_000);
    expect(state.pointsExpiry!.lots).toEqual([{ earnedAt: new Date(NOW + 3_600_000).toISOString(), points: 115 }]);
    // Never earlier than promised: the first 100 points now last an hour longer, not less.
    expect(account.toCustomer(state).pointsExpiring).toEqual({ points: 115, at: new Date(NOW + 3_600_000 + 365 * DAY_MS).toISOString() });
  });

  it('spends the oldest lots first', () => {
    const state = open(100);
    add(state, 50, day(10));
    add(state, 30, day(20));
    add(state, -120, day(25));
    expect(state.pointsExpiry!.lots.map((lot) => lot.points)).toEqual([30, 30]);
    expect(state.pointsExpiry!.lots[0]!.earnedAt).toBe(new Date(day(10)).toISOString());
    expect(lotSum(state)).toBe(state.points);
  });

  it('stays within MAX_EARNED_LOTS by merging new earnings into the newest lot, later and never earlier', () => {
    const state = open(0, { afterDays: 3_650 });
    for (let i = 0; i < MAX_EARNED_LOTS + 5; i += 1) add(state, 1, day(i));
    const { lots } = state.pointsExpiry!;
    expect(lots).toHaveLength(MAX_EARNED_LOTS);
    expect(lots.at(-1)).toEqual({ earnedAt: new Date(day(MAX_EARNED_LOTS + 4)).toISOString(), points: 6 });
    expect(lotSum(state)).toBe(state.points);
  });
});

describe('expiry', () => {
  it('expires what is left of each lot when its time is up, once, in one expiry entry per run', () => {
    const state = open(100);
    add(state, 50, day(1));
    add(state, 30, day(200));
    add(state, -120, day(300)); // takes the 100 and 20 of the 50
    expect(account.nextExpiryDueAt(state)).toBe(day(1) + (365 - 30) * DAY_MS); // the 30 left of day 1 are warned first
    account.expireDue(state, day(366));
    expect(expiries(state)).toEqual([
      expect.objectContaining({ kind: 'expiry', delta: -30, balanceAfter: 30, at: new Date(day(366)).toISOString(), reason: 'Points earned on 2025-01-02 expired' }),
    ]);
    account.expireDue(state, day(366)); // the same time again: nothing more
    account.expireDue(state, day(400));
    expect(expiries(state)).toHaveLength(1);
    account.expireDue(state, day(565));
    expect(expiries(state).map((entry) => entry.delta)).toEqual([-30, -30]);
    expect(state.points).toBe(0);
    expect(ledgerSum(state)).toBe(state.points);
    expect(account.nextExpiryDueAt(state)).toBeUndefined();
    expect(account.toCustomer(state).pointsExpiring).toBeUndefined();
  });

  it('expires several lots due by one run in one entry', () => {
    const state = open(100);
    add(state, 50, day(1));
    account.expireDue(state, day(400));
    expect(expiries(state)).toEqual([expect.objectContaining({ delta: -150, reason: 'Points earned from 2025-01-01 to 2025-01-02 expired' })]);
    expect(state.points).toBe(0);
  });

  it('expires due points before a later command, so the command sees the balance it would then have', () => {
    const state = open(100);
    expect(account.addPoints(state, { type: 'addPoints', points: -100 }, day(365))).toMatchObject({ ok: false, rejection: { code: 'insufficient-points' } });
    expect(expiries(state)).toHaveLength(1);
    expect(ledgerSum(state)).toBe(0);
  });

  it('re-derives the tier, and a demotion notifies', () => {
    const silver = TIERS[2]!.minimumPoints;
    const state = open(silver);
    expect(account.currentTier(state).ordinal).toBe(2);
    account.expireDue(state, day(365));
    expect(account.currentTier(state).ordinal).toBe(0);
    expect(state.outbox.map((notification) => notification.kind)).toContain('demotion');
  });

  it('leaves a closed account alone', () => {
    const state = open(100);
    account.cancelAccount(state);
    expect(account.nextExpiryDueAt(state)).toBeUndefined();
    account.expireDue(state, day(400));
    expect(state.points).toBe(100);
  });
});

describe('the warning', () => {
  it('is sent warningDays before a lot expires, once, with the points and the time', () => {
    const state = open(100);
    add(state, 40, day(1));
    add(state, -60, day(2));
    expect(account.nextExpiryDueAt(state)).toBe(day(335));
    account.expireDue(state, day(335) - 1);
    expect(warnings(state)).toHaveLength(0);
    account.expireDue(state, day(335));
    account.expireDue(state, day(335) + 1);
    expect(warnings(state)).toEqual([
      expect.objectContaining({ kind: 'pointsExpiring', details: { expiring: { points: 40, at: new Date(day(365)).toISOString() } } }),
    ]);
    expect(account.nextExpiryDueAt(state)).toBe(day(336)); // the day-1 lot's warning
    account.expireDue(state, day(336));
    expect(warnings(state)).toHaveLength(2);
    expect(account.nextExpiryDueAt(state)).toBe(day(365)); // now the first expiry
  });

  it('is not sent without warningDays', () => {
    const state = open(100, { afterDays: 10 });
    expect(account.nextExpiryDueAt(state)).toBe(day(10));
    account.expireDue(state, day(10));
    expect(warnings(state)).toHaveLength(0);
    expect(expiries(state)).toHaveLength(1);
  });
});

describe('a year of earning and spending', () => {
  it('keeps balance = ledger sum = lots, and expires exactly the unspent earnings of each lot', () => {
    const state = open(0, { afterDays: 90, warningDays: 7 });
    // An independent model of the rule: daily lots, spending from the oldest, expiring after 90 days.
    const model: Array<{ day: number; points: number }> = [];
    let expiredTotal = 0;
    for (let d = 0; d < 365 + 91; d += 1) {
      const before = state.points;
      account.expireDue(state, day(d));
      let expected = 0;
      while (model[0] !== undefined && model[0].day + 90 <= d) expected += model.shift()!.points;
      expect(before - state.points).toBe(expected);
      expiredTotal += expected;
      if (d >= 365) continue;
      const points = 10 + (d % 7);
      add(state, points, day(d));
      model.push({ day: d, points });
      if (d % 10 === 9) {
        let spending = Math.min(state.points, 80); // never none: points were just earned
        add(state, -spending, day(d) + 1);
        while (spending > 0) {
          const taken = Math.min(model[0]!.points, spending);
          model[0]!.points -= taken;
          spending -= taken;
          if (model[0]!.points === 0) model.shift();
        }
      }
      expect(ledgerSum(state)).toBe(state.points);
      expect(lotSum(state)).toBe(state.points);
    }
    expect(expiredTotal).toBeGreaterThan(0);
    expect(state.points).toBe(0);
    expect(warnings(state).length).toBeGreaterThan(0);
  });

  it('fits the carried-state budget with the most lots beside the most idempotency records the budget keeps', () => {
    const state = open(0, { afterDays: 3_650, warningDays: 30 });
    const reason = '\u20ac'.repeat(500);
    // The most lots: one per day, each warned (the longest form of a lot).
    for (let i = 0; i < MAX_EARNED_LOTS; i += 1) account.addPoints(state, { type: 'addPoints', points: 1_000_000, reason }, day(i));
    for (const lot of state.pointsExpiry!.lots) lot.warned = true;
    // Then the longest keys and reasons the API lets through, more than retention keeps.
    const at = day(MAX_EARNED_LOTS);
    for (let i = 0; i < IDEMPOTENCY_RETENTION.keepAtMost + 500; i += 1) {
      const key = `${i}-`.padEnd(255, 'k');
      const command = { type: 'addPoints' as const, points: -1, reason };
      recordPending(state, { idempotencyKey: key, fingerprint: 'f'.repeat(32), command }, at + i);
      const decision = account.addPoints(state, command, at + i, key);
      settleRecord(state, key, decision.ok ? { status: 'applied', result: decision.result } : { status: 'rejected', rejection: decision.rejection });
    }
    expect(state.pointsExpiry!.lots).toHaveLength(MAX_EARNED_LOTS);
    fitToBudget(state);
    expect(jsonBytes(state)).toBeLessThanOrEqual(CARRIED_STATE_BUDGET_BYTES);
    expect(state.commands.length).toBeGreaterThanOrEqual(IDEMPOTENCY_RETENTION.keepAtLeast);
    expect(state.pointsExpiry!.lots).toHaveLength(MAX_EARNED_LOTS); // never dropped: they are the balance
    expect(lotSum(state)).toBe(state.points);
  });
});
