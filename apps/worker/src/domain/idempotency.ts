import type { CommandEnvelope, CommandRecord, Rejection, SettledOutcome } from '@loyalty/contracts';
import type { AccountState } from './state.js';

/**
 * How long an account remembers idempotency keys. A key is kept while it is among the most
 * recent KEEP_AT_LEAST keys or younger than KEEP_FOR_MS; never more than KEEP_AT_MOST keys, so
 * that the state carried across continue-as-new stays well under Temporal's payload limits.
 */
export const IDEMPOTENCY_RETENTION = {
  keepAtLeast: 1_000,
  keepForMs: 24 * 60 * 60 * 1000,
  keepAtMost: 2_000,
} as const;

export type Admission =
  | { kind: 'new' }
  | { kind: 'repeat'; record: CommandRecord }
  | { kind: 'conflict'; rejection: Rejection };

/** Decides whether a keyed command is new, a repeat of one already seen, or a misuse of its key. */
export function admit(state: AccountState, envelope: CommandEnvelope): Admission {
  if (envelope.idempotencyKey === undefined) return { kind: 'new' };
  const record = findRecord(state, envelope.idempotencyKey);
  if (record === undefined) return { kind: 'new' };
  if (record.fingerprint !== fingerprintOf(envelope) || record.commandType !== envelope.command.type) {
    return {
      kind: 'conflict',
      rejection: {
        code: 'idempotency-key-reused',
        detail: `Idempotency key '${envelope.idempotencyKey}' was already used for a different request.`,
      },
    };
  }
  return { kind: 'repeat', record };
}

/**
 * What a repeat must match. The gateway sends a digest of the request; a caller that sends none
 * (a script driving the update directly) is held to the command itself.
 */
function fingerprintOf(envelope: CommandEnvelope): string {
  return envelope.fingerprint ?? JSON.stringify(envelope.command);
}

export function findRecord(state: AccountState, idempotencyKey: string): CommandRecord | undefined {
  // Newest first: a retry is nearly always of a recent command.
  for (let i = state.commands.length - 1; i >= 0; i -= 1) {
    const record = state.commands[i]!;
    if (record.idempotencyKey === idempotencyKey) return record;
  }
  return undefined;
}

export function recordPending(state: AccountState, envelope: CommandEnvelope, now: number): void {
  if (envelope.idempotencyKey === undefined) return;
  state.commands.push({
    idempotencyKey: envelope.idempotencyKey,
    fingerprint: fingerprintOf(envelope),
    commandType: envelope.command.type,
    recordedAt: new Date(now).toISOString(),
    outcome: { status: 'pending' },
  });
  forgetOldRecords(state, now);
}

/**
 * Keeps how a command ended. An outcome that says "try again" (another actor did not answer) is
 * not kept: the retry it invites must run the command again. A ledger entry is kept by its core
 * fields only; `recall` finds the whole entry again while the ledger window still holds it.
 */
export function settleRecord(state: AccountState, idempotencyKey: string | undefined, outcome: SettledOutcome): void {
  if (idempotencyKey === undefined) return;
  const record = findRecord(state, idempotencyKey);
  if (record === undefined) return;
  if (outcome.status === 'rejected' && RETRYABLE_REJECTIONS.has(outcome.rejection.code)) {
    state.commands.splice(state.commands.indexOf(record), 1);
    return;
  }
  record.outcome = outcome.status === 'applied' && outcome.result.entry ? withEntryCore(outcome) : outcome;
}

/**
 * A record as the caller saw it first: the whole ledger entry while the window still has it;
 * after that, the entry without its reason (the key is the record's own).
 */
export function recall(state: AccountState, record: CommandRecord): CommandRecord {
  const { outcome } = record;
  if (outcome.status !== 'applied' || outcome.result.entry === undefined) return record;
  const { id } = outcome.result.entry;
  const entry = state.ledger.entries.find((candidate) => candidate.id === id) ?? {
    ...outcome.result.entry,
    idempotencyKey: record.idempotencyKey,
  };
  return { ...record, outcome: { ...outcome, result: { ...outcome.result, entry } } };
}

const RETRYABLE_REJECTIONS: ReadonlySet<Rejection['code']> = new Set(['peer-unavailable']);

/**
 * Reasons and keys are the large, client-chosen parts of an entry, and the ledger holds them
 * already: records keep the rest, so that 2,000 of them stay far below Temporal's payload limit.
 */
function withEntryCore(outcome: Extract<SettledOutcome, { status: 'applied' }>): SettledOutcome {
  const { id, kind, delta, balanceAfter, at } = outcome.result.entry!;
  return { ...outcome, result: { ...outcome.result, entry: { id, kind, delta, balanceAfter, at } } };
}

function forgetOldRecords(state: AccountState, now: number): void {
  const { keepAtLeast, keepForMs, keepAtMost } = IDEMPOTENCY_RETENTION;
  const cutoff = now - keepForMs;
  let drop = 0;
  while (state.commands.length - drop > keepAtLeast) {
    const oldest = state.commands[drop]!;
    const expired = Date.parse(oldest.recordedAt) < cutoff;
    const overCap = state.commands.length - drop > keepAtMost;
    // A pending record belongs to a handler still running; it is never forgotten under it.
    if (oldest.outcome.status === 'pending' || !(expired || overCap)) break;
    drop += 1;
  }
  if (drop > 0) state.commands.splice(0, drop);
}
