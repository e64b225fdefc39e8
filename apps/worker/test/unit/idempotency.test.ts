// Idempotency records: what makes a retried command apply once, and how long they are kept.
import { describe, expect, it } from 'vitest';
import { CARRIED_STATE_BUDGET_BYTES, LEDGER_WINDOW_FLOOR, type CommandEnvelope } from '@loyalty/contracts';
import { addPoints, openAccount } from '../../src/domain/account.js';
import {
  IDEMPOTENCY_RETENTION,
  admit,
  findRecord,
  fitToBudget,
  jsonBytes,
  recall,
  recordPending,
  settleRecord,
} from '../../src/domain/idempotency.js';
import type { AccountState } from '../../src/domain/state.js';

const NOW = Date.parse('2025-01-01T00:00:00.000Z');
const HOUR = 60 * 60 * 1000;
const { keepAtLeast, keepAtMost, keepForMs } = IDEMPOTENCY_RETENTION;

const open = (): AccountState => openAccount({ customerId: 'c1', name: 'C' }, NOW);

function envelope(idempotencyKey: string, points = 10, fingerprint = `fp-${points}`): CommandEnvelope {
  return { idempotencyKey, fingerprint, command: { type: 'addPoints', points } };
}

/** Records `count` settled commands, keys k0…, each `spacingMs` after the previous, starting at `start`. */
function recordSettled(state: AccountState, count: number, start: number, spacingMs: number, prefix = 'k'): number {
  let at = start;
  for (let i = 0; i < count; i += 1) {
    const key = `${prefix}${i}`;
    recordPending(state, envelope(key), at);
    settleRecord(state, key, { status: 'applied', result: {} });
    at += spacingMs;
  }
  return at;
}

describe('admit', () => {
  it('treats an unkeyed or unknown key as new', () => {
    const state = open();
    expect(admit(state, { command: { type: 'addPoints', points: 1 } })).toEqual({ kind: 'new' });
    expect(admit(state, envelope('a'))).toEqual({ kind: 'new' });
  });

  it('answers a repeat with the recorded outcome, pending then settled', () => {
    const state = open();
    recordPending(state, envelope('a'), NOW);
    expect(admit(state, envelope('a'))).toMatchObject({ kind: 'repeat', record: { outcome: { status: 'pending' } } });
    settleRecord(state, 'a', { status: 'rejected', rejection: { code: 'insufficient-points', detail: 'no' } });
    expect(admit(state, envelope('a'))).toMatchObject({
      kind: 'repeat',
      record: { idempotencyKey: 'a', commandType: 'addPoints', outcome: { status: 'rejected', rejection: { code: 'insufficient-points' } } },
    });
  });

  it('refuses the same key with a different fingerprint or command type', () => {
    const state = open();
    recordPending(state, envelope('a', 10), NOW);
    expect(admit(state, envelope('a', 20))).toMatchObject({ kind: 'conflict', rejection: { code: 'idempotency-key-reused' } });
    const otherType: CommandEnvelope = { idempotencyKey: 'a', fingerprint: 'fp-10', command: { type: 'cancelAccount' } };
    expect(admit(state, otherType)).toMatchObject({ kind: 'conflict', rejection: { code: 'idempotency-key-reused' } });
  });

  it('does not record unkeyed commands', () => {
    const state = open();
    recordPending(state, { command: { type: 'addPoints', points: 1 } }, NOW);
    expect(state.commands).toEqual([]);
  });
});

describe('retention', () => {
  it('keeps every record younger than 24 hours, up to the cap', () => {
    const state = open();
    const count = keepAtLeast + 500;
    recordSettled(state, count, NOW, 1000);
    expect(state.commands).toHaveLength(count);
    expect(findRecord(state, 'k0')).toBeDefined();
  });

  it('forgets expired records but keeps at least the most recent 1000', () => {
    const state = open();
    // 1500 records, a minute apart, all older than a day by the time the next one comes.
    recordSettled(state, 1500, NOW, 60_000);
    recordPending(state, envelope('late'), NOW + 1500 * 60_000 + keepForMs + HOUR);
    expect(state.commands).toHaveLength(keepAtLeast);
    expect(state.commands.at(-1)?.idempotencyKey).toBe('late');
    expect(state.commands[0]?.idempotencyKey).toBe('k501');
  });

  it('drops only the expired ones when fewer than 24 hours have passed for the rest', () => {
    const state = open();
    recordSettled(state, 600, NOW, 1000, 'old');
    const later = NOW + keepForMs + HOUR;
    recordSettled(state, 900, later, 1000, 'new');
    // 1500 records: the 500 oldest of the expired ones go, the last 100 old ones stay to keep 1000.
    expect(state.commands).toHaveLength(keepAtLeast);
    expect(state.commands[0]?.idempotencyKey).toBe('old500');
    expect(state.commands.filter((record) => record.idempotencyKey.startsWith('new'))).toHaveLength(900);
  });

  it('never keeps more than 2000, even when all are recent', () => {
    const state = open();
    recordSettled(state, keepAtMost + 300, NOW, 1);
    expect(state.commands).toHaveLength(keepAtMost);
    expect(state.commands[0]?.idempotencyKey).toBe('k300');
    expect(state.commands.at(-1)?.idempotencyKey).toBe(`k${keepAtMost + 299}`);
  });

  it('never drops a pending record', () => {
    const state = open();
    recordPending(state, envelope('in-flight'), NOW);
    recordSettled(state, keepAtMost + 50, NOW + keepForMs + HOUR, 1);
    expect(findRecord(state, 'in-flight')?.outcome).toEqual({ status: 'pending' });
    settleRecord(state, 'in-flight', { status: 'applied', result: {} });
    recordPending(state, envelope('next'), NOW + keepForMs + 2 * HOUR);
    expect(findRecord(state, 'in-flight')).toBeUndefined();
    expect(state.commands.length).toBeLessThanOrEqual(keepAtMost);
  });
});

describe('a caller that sends no fingerprint', () => {
  it('is held to the command itself: the same key with other points is a conflict', () => {
    const state = open();
    const bare = (points: number): CommandEnvelope => ({ idempotencyKey: 'script-1', command: { type: 'addPoints', points } });
    recordPending(state, bare(10), NOW);
    expect(admit(state, bare(10))).toMatchObject({ kind: 'repeat' });
    expect(admit(state, bare(11))).toMatchObject({ kind: 'conflict', rejection: { code: 'idempotency-key-reused' } });
  });
});

describe('the state carried to the next run', () => {
  /** The largest the API lets through: 255-character keys, 500-character reasons of 3-byte characters. */
  function fullAccount(): AccountState {
    const state = openAccount({ customerId: 'c'.repeat(64), name: 'N'.repeat(200), email: 'someone@example.com' }, NOW);
    const reason = '\u20ac'.repeat(500);
    for (let i = 0; i < keepAtMost + 500; i += 1) {
      const key = `${i}-`.padEnd(255, 'k');
      const command = { type: 'addPoints' as const, points: 10, reason };
      recordPending(state, { idempotencyKey: key, fingerprint: 'f'.repeat(32), command }, NOW + i);
      const decision = addPoints(state, command, NOW + i, key);
      settleRecord(state, key, decision.ok ? { status: 'applied', result: decision.result } : { status: 'rejected', rejection: decision.rejection });
    }
    return state;
  }

  it('fits the budget with the longest keys and reasons, keeping the most recent keys and a ledger floor', () => {
    const state = fullAccount();
    recordPending(state, { idempotencyKey: 'waiting-on-a-guest', command: { type: 'gift', guestId: 'g', points: 1 } }, NOW);
    expect(jsonBytes(state)).toBeGreaterThan(CARRIED_STATE_BUDGET_BYTES);
    fitToBudget(state);
    expect(jsonBytes(state)).toBeLessThanOrEqual(CARRIED_STATE_BUDGET_BYTES);
    expect(Buffer.byteLength(JSON.stringify(state))).toBe(jsonBytes(state));
    expect(state.commands.length).toBeGreaterThanOrEqual(keepAtLeast);
    expect(findRecord(state, 'waiting-on-a-guest')?.outcome).toEqual({ status: 'pending' });
    expect(state.ledger.entries.length).toBeGreaterThanOrEqual(LEDGER_WINDOW_FLOOR);
    // The balance still adds up from what is kept.
    const window = state.ledger.entries.reduce((sum, entry) => sum + entry.delta, 0);
    expect(state.ledger.balanceBeforeWindow + window).toBe(state.points);
  });

  it('leaves a state within the budget as it is', () => {
    const state = open();
    recordSettled(state, 50, NOW, 1);
    const before = JSON.stringify(state);
    fitToBudget(state);
    expect(JSON.stringify(state)).toBe(before);
  });
});

describe('retention and pending records', () => {
  it('skips a pending record instead of stopping at it', () => {
    const state = open();
    recordPending(state, envelope('in-flight'), NOW);
    recordSettled(state, 3 * keepAtMost, NOW + keepForMs + HOUR, 1);
    expect(state.commands.length).toBeLessThanOrEqual(keepAtMost + 1);
    expect(findRecord(state, 'in-flight')?.outcome).toEqual({ status: 'pending' });
  });
});

describe('recorded outcomes', () => {
  it('keep a ledger entry by its core fields and give the whole entry back while the window has it', () => {
    const state = open();
    const command = { type: 'addPoints' as const, points: 10, reason: 'order 1' };
    recordPending(state, { idempotencyKey: 'a', fingerprint: 'fp', command }, NOW);
    const decision = addPoints(state, command, NOW, 'a');
    if (!decision.ok) throw new Error('refused');
    settleRecord(state, 'a', { status: 'applied', result: decision.result });
    const record = findRecord(state, 'a')!;
    expect(record.outcome).toEqual({
      status: 'applied',
      result: { entry: { id: 1, kind: 'points', delta: 10, balanceAfter: 10, at: new Date(NOW).toISOString() } },
    });
    expect(recall(state, record).outcome).toEqual({ status: 'applied', result: decision.result });
    expect(decision.result.entry).toMatchObject({ reason: 'order 1', idempotencyKey: 'a' });

    // Once the window has moved past it, the entry comes back without its reason.
    for (let i = 0; i < 200; i += 1) addPoints(state, { type: 'addPoints', points: 1 }, NOW);
    const { reason: _reason, ...withoutReason } = decision.result.entry!;
    expect(recall(state, record).outcome).toEqual({ status: 'applied', result: { entry: withoutReason } });
  });

  it('forget a "try again" outcome, so that the retry runs the command again', () => {
    const state = open();
    recordPending(state, envelope('invite'), NOW);
    settleRecord(state, 'invite', { status: 'rejected', rejection: { code: 'peer-unavailable', detail: 'later' } });
    expect(findRecord(state, 'invite')).toBeUndefined();
    expect(admit(state, envelope('invite'))).toEqual({ kind: 'new' });
  });
});

describe('finding a record by its key', () => {
  /** What the index must always agree with: the newest record of that key in the state. */
  const scan = (state: AccountState, key: string) => state.commands.findLast((record) => record.idempotencyKey === key);

  it('finds what a scan of the records finds, through retention at the cap, retries dropped, trimming for the next run and a carried state', () => {
    const state = open();
    const keys = new Set<string>();
    const expectAgreement = () => {
      for (const key of keys) expect(findRecord(state, key), key).toBe(scan(state, key));
    };
    // Past the cap: every new record drops the oldest one.
    const at = recordSettled(state, keepAtMost + 50, NOW, 1);
    for (let i = 0; i < keepAtMost + 50; i += 1) keys.add(`k${i}`);
    expect(state.commands).toHaveLength(keepAtMost);
    expectAgreement();
    // A retryable rejection drops its record; the retry records it again.
    recordPending(state, envelope('retried'), at);
    settleRecord(state, 'retried', { status: 'rejected', rejection: { code: 'peer-unavailable', detail: 'later' } });
    keys.add('retried');
    expectAgreement();
    recordPending(state, envelope('retried'), at + 1);
    expectAgreement();
    // Records older than the retention time go all at once, beyond the ones always kept.
    recordPending(state, envelope('a-day-later'), at + keepForMs + HOUR);
    keys.add('a-day-later');
    expect(state.commands.length).toBeLessThan(keepAtMost);
    expectAgreement();
    fitToBudget(state, jsonBytes(state) / 2);
    expectAgreement();
    // The next run gets the records as input: a new array, with copies of them.
    const carried: AccountState = structuredClone(state);
    for (const key of keys) expect(findRecord(carried, key)).toEqual(scan(state, key));
  });
});
