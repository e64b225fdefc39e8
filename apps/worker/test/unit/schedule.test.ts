// Commands that run later: the rules of the schedule, on plain state.
import { describe, expect, it } from 'vitest';
import { CARRIED_STATE_BUDGET_BYTES, MAX_SCHEDULE_AHEAD_MS, MAX_SCHEDULED_COMMANDS, type ScheduledCommand } from '@loyalty/contracts';
import { openAccount } from '../../src/domain/account.js';
import { findRecord, fitToBudget, jsonBytes, recordPending, settleRecord } from '../../src/domain/idempotency.js';
import { cancelScheduled, nextDueAt, runsLater, schedule, takeDue, withdrawAll } from '../../src/domain/schedule.js';
import type { AccountState } from '../../src/domain/state.js';

const NOW = Date.parse('2026-03-01T00:00:00.000Z');
const DAY = 86_400_000;
const at = (offsetMs: number) => new Date(NOW + offsetMs).toISOString();
const later = (points: number, offsetMs: number, reason?: string): ScheduledCommand['command'] => ({
  type: 'addPoints',
  points,
  notBefore: at(offsetMs),
  ...(reason === undefined ? {} : { reason }),
});

/** What the actor does with a new keyed command that runs later: record it pending, then schedule it. */
function scheduleKeyed(state: AccountState, key: string, command: ScheduledCommand['command'], now = NOW) {
  recordPending(state, { idempotencyKey: key, command }, now);
  const decision = schedule(state, command, key, now);
  if (!decision.ok) settleRecord(state, key, { status: 'rejected', rejection: decision.rejection });
  return decision;
}

const open = () => openAccount({ customerId: 'c1', name: 'C' }, NOW);

describe('runsLater', () => {
  it('holds for a points command whose time is still to come, only', () => {
    expect(runsLater(later(1, 1), NOW)).toBe(true);
    expect(runsLater(later(1, 0), NOW)).toBe(false);
    expect(runsLater(later(1, -DAY), NOW)).toBe(false);
    expect(runsLater({ type: 'addPoints', points: 1 }, NOW)).toBe(false);
    expect(runsLater({ type: 'redeemReward', rewardId: 'free-shipping' }, NOW)).toBe(false);
  });
});

describe('schedule', () => {
  it('keeps commands soonest first, and those due together in the order sent', () => {
    const state = open();
    scheduleKeyed(state, 'b', later(2, 2 * DAY));
    scheduleKeyed(state, 'a', later(1, DAY));
    scheduleKeyed(state, 'b2', later(3, 2 * DAY));
    expect(state.scheduled.map((scheduled) => scheduled.idempotencyKey)).toEqual(['a', 'b', 'b2']);
    expect(nextDueAt(state)).toBe(NOW + DAY);
    expect(findRecord(state, 'a')).toMatchObject({ notBefore: at(DAY), outcome: { status: 'pending' } });
  });

  it('needs a key, a time within reach, room, and an open account', () => {
    const state = open();
    expect(schedule(state, later(1, DAY), undefined, NOW)).toMatchObject({ ok: false, rejection: { code: 'invalid-command' } });
    expect(scheduleKeyed(state, 'far', later(1, MAX_SCHEDULE_AHEAD_MS + 1))).toMatchObject({ ok: false, rejection: { code: 'not-before-too-far' } });
    expect(scheduleKeyed(state, 'edge', later(1, MAX_SCHEDULE_AHEAD_MS))).toMatchObject({ ok: true });
    for (let index = 1; index < MAX_SCHEDULED_COMMANDS; index += 1) scheduleKeyed(state, `k${index}`, later(1, DAY));
    expect(state.scheduled).toHaveLength(MAX_SCHEDULED_COMMANDS);
    expect(scheduleKeyed(state, 'one-more', later(1, DAY))).toMatchObject({ ok: false, rejection: { code: 'scheduled-command-limit-reached' } });
    // A refusal settles the command's record: a retry gets the same answer, nothing waits.
    expect(findRecord(state, 'one-more')?.outcome).toMatchObject({ status: 'rejected' });

    const closed = open();
    closed.accountActive = false;
    expect(scheduleKeyed(closed, 'x', later(1, DAY))).toMatchObject({ ok: false, rejection: { code: 'account-closed' } });
  });
});

describe('takeDue', () => {
  it('takes what is due by now, soonest first, and leaves the rest', () => {
    const state = open();
    scheduleKeyed(state, 'late', later(3, 3 * DAY));
    scheduleKeyed(state, 'first', later(1, DAY));
    scheduleKeyed(state, 'second', later(2, 2 * DAY));
    expect(takeDue(state, NOW + DAY - 1)).toEqual([]);
    expect(takeDue(state, NOW + 2 * DAY).map((due) => due.idempotencyKey)).toEqual(['first', 'second']);
    expect(state.scheduled.map((scheduled) => scheduled.idempotencyKey)).toEqual(['late']);
  });
});

describe('cancelScheduled', () => {
  it('withdraws the command and settles its outcome as cancelled', () => {
    const state = open();
    scheduleKeyed(state, 'bonus', later(100, DAY));
    const decision = cancelScheduled(state, { type: 'cancelScheduledCommand', idempotencyKey: 'bonus' });
    expect(decision).toMatchObject({ ok: true, result: { cancelled: { idempotencyKey: 'bonus', command: { points: 100 } } } });
    expect(state.scheduled).toEqual([]);
    expect(findRecord(state, 'bonus')?.outcome).toMatchObject({ status: 'rejected', rejection: { code: 'command-cancelled' } });
  });

  it('tells a cancelled, a settled and an unknown command apart', () => {
    const state = open();
    const cancel = (idempotencyKey: string) => cancelScheduled(state, { type: 'cancelScheduledCommand', idempotencyKey });
    scheduleKeyed(state, 'bonus', later(100, DAY));
    cancel('bonus');
    expect(cancel('bonus')).toMatchObject({ ok: false, rejection: { code: 'command-cancelled' } });
    recordPending(state, { idempotencyKey: 'ran', command: { type: 'addPoints', points: 1 } }, NOW);
    settleRecord(state, 'ran', { status: 'applied', result: {} });
    expect(cancel('ran')).toMatchObject({ ok: false, rejection: { code: 'command-already-run' } });
    expect(cancel('never')).toMatchObject({ ok: false, rejection: { code: 'scheduled-command-not-found' } });
  });
});

describe('withdrawAll', () => {
  it('settles every scheduled command with the reason and empties the schedule', () => {
    const state = open();
    scheduleKeyed(state, 'a', later(1, DAY));
    scheduleKeyed(state, 'b', later(2, DAY));
    withdrawAll(state, { code: 'account-closed', detail: 'closed' });
    expect(state.scheduled).toEqual([]);
    for (const key of ['a', 'b']) expect(findRecord(state, key)?.outcome).toMatchObject({ rejection: { code: 'account-closed' } });
  });
});

describe('the carried state', () => {
  it('fits its budget with a full schedule of the longest keys and reasons', () => {
    const state = open();
    const reason = '\u20ac'.repeat(500);
    for (let index = 0; index < MAX_SCHEDULED_COMMANDS; index += 1) {
      scheduleKeyed(state, `${index}-`.padEnd(255, 'k'), later(1, DAY + index, reason));
    }
    // And a full window of settled keyed commands with maximal keys and reasons around them.
    for (let index = 0; index < 2_500; index += 1) {
      const key = `settled-${index}-`.padEnd(255, 's');
      recordPending(state, { idempotencyKey: key, fingerprint: 'f'.repeat(32), command: { type: 'addPoints', points: 1, reason } }, NOW + index);
      settleRecord(state, key, { status: 'applied', result: {} });
    }
    expect(jsonBytes(state)).toBeGreaterThan(CARRIED_STATE_BUDGET_BYTES);
    fitToBudget(state);
    expect(jsonBytes(state)).toBeLessThanOrEqual(CARRIED_STATE_BUDGET_BYTES);
    // Nothing scheduled is dropped to make room.
    expect(state.scheduled).toHaveLength(MAX_SCHEDULED_COMMANDS);
    for (const { idempotencyKey } of state.scheduled) expect(findRecord(state, idempotencyKey)?.outcome.status).toBe('pending');
  });
});
