import {
  CARRIED_STATE_BUDGET_BYTES,
  IDEMPOTENCY_RETENTION,
  LEDGER_WINDOW_FLOOR,
  type CommandEnvelope,
  type CommandOutcomeRequest,
  type CommandRecord,
  type Rejection,
  type SettledOutcome,
} from '@loyalty/contracts';
import type { AccountState } from './state.js';

export { IDEMPOTENCY_RETENTION };

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
    return { kind: 'conflict', rejection: keyReused(envelope.idempotencyKey) };
  }
  return { kind: 'repeat', record };
}

/**
 * The `getCommandOutcome` answer: the record as its caller first saw it, or, for a caller whose
 * fingerprint is not the recorded one (it lost a race for the key), that the key was reused.
 */
export function outcomeFor(state: AccountState, request: CommandOutcomeRequest | string): CommandRecord | null {
  const { idempotencyKey, fingerprint } = typeof request === 'string' ? { idempotencyKey: request, fingerprint: undefined } : request;
  const record = findRecord(state, idempotencyKey);
  if (record === undefined) return null;
  if (fingerprint !== undefined && record.fingerprint !== fingerprint) {
    return { ...record, outcome: { status: 'rejected', rejection: keyReused(idempotencyKey) } };
  }
  return recall(state, record);
}

function keyReused(idempotencyKey: string): Rejection {
  return { code: 'idempotency-key-reused', detail: `Idempotency key '${idempotencyKey}' was already used for a different request.` };
}

/**
 * What a repeat must match. The gateway sends a digest of the request; a caller that sends none
 * (a script driving the update directly) is held to the command itself.
 */
function fingerprintOf(envelope: CommandEnvelope): string {
  return envelope.fingerprint ?? JSON.stringify(envelope.command);
}

/**
 * Records by key, for each records array: a busy account holds up to IDEMPOTENCY_RETENTION.keepAtMost
 * of them and looks one up for every keyed command (twice), which as a scan was a visible part of
 * its workflow task. Kept in memory beside the state, never in it: this file is the only one that
 * changes the records (push, splice, filter) and keeps the index with them; an array it has not
 * seen (a carried state, a filter that dropped many) gets its index on its first lookup.
 */
const recordsByKey = new WeakMap<CommandRecord[], Map<string, CommandRecord>>();

export function findRecord(state: AccountState, idempotencyKey: string): CommandRecord | undefined {
  return indexOf(state.commands).get(idempotencyKey);
}

function indexOf(records: CommandRecord[]): Map<string, CommandRecord> {
  let index = recordsByKey.get(records);
  if (index === undefined) {
    // Oldest first, so that of two records with one key (none are made, but a carried state is input) the newest is found.
    index = new Map(records.map((record) => [record.idempotencyKey, record]));
    recordsByKey.set(records, index);
  }
  return index;
}

export function recordPending(state: AccountState, envelope: CommandEnvelope, now: number): void {
  if (envelope.idempotencyKey === undefined) return;
  const record: CommandRecord = {
    idempotencyKey: envelope.idempotencyKey,
    fingerprint: fingerprintOf(envelope),
    commandType: envelope.command.type,
    recordedAt: new Date(now).toISOString(),
    outcome: { status: 'pending' },
  };
  indexOf(state.commands).set(record.idempotencyKey, record);
  state.commands.push(record);
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
    recordsByKey.delete(state.commands);
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

const RETRYABLE_REJECTIONS: ReadonlySet<Rejection['code']> = new Set(['peer-unavailable', 'peer-work-limit-reached']);

/**
 * Reasons and keys are the large, client-chosen parts of an entry, and the ledger holds them
 * already: records keep the rest, so that 2,000 of them stay far below Temporal's payload limit.
 */
function withEntryCore(outcome: Extract<SettledOutcome, { status: 'applied' }>): SettledOutcome {
  const { id, kind, delta, balanceAfter, at } = outcome.result.entry!;
  return { ...outcome, result: { ...outcome.result, entry: { id, kind, delta, balanceAfter, at } } };
}

/**
 * Drops the oldest records that retention lets go. A pending record (its command still waits on
 * another actor) is never dropped, but it does not hold back the records behind it either.
 */
function forgetOldRecords(state: AccountState, now: number): void {
  const { keepAtLeast, keepForMs, keepAtMost } = IDEMPOTENCY_RETENTION;
  const cutoff = now - keepForMs;
  let kept = state.commands.length;
  const dropped = new Set<CommandRecord>();
  for (const record of state.commands) {
    if (kept <= keepAtLeast) break;
    if (record.outcome.status === 'pending') continue;
    // Oldest first: the first settled record that is young enough and within the cap ends the scan.
    if (kept <= keepAtMost && Date.parse(record.recordedAt) >= cutoff) break;
    dropped.add(record);
    kept -= 1;
  }
  if (dropped.size === 0) return;
  // A full account drops a record per command: its index goes with the records, without a rebuild.
  const index = recordsByKey.get(state.commands);
  if (index !== undefined) for (const record of dropped) index.delete(record.idempotencyKey);
  // Usually the oldest records go, with no pending one among them: cut them off in place (a copy
  // of up to 2,000 records per command was a twentieth of a hot account's workflow thread).
  if (state.commands.slice(0, dropped.size).every((record) => dropped.has(record))) {
    state.commands.splice(0, dropped.size);
    return;
  }
  state.commands = state.commands.filter((record) => !dropped.has(record));
  if (index !== undefined) recordsByKey.set(state.commands, index);
}

/**
 * Makes the state fit the carried-state budget before it goes to the next run: first the oldest
 * settled records beyond the `keepAtLeast` most recent, then the oldest ledger entries down to
 * LEDGER_WINDOW_FLOOR (their deltas stay summed in `balanceBeforeWindow`), and only then, if
 * ever, older settled records. Pending work always stays.
 */
export function fitToBudget(state: AccountState, budgetBytes: number = CARRIED_STATE_BUDGET_BYTES): void {
  let excess = jsonBytes(state) - budgetBytes;
  if (excess <= 0) return;
  const dropRecords = (mayDrop: (indexFromNewest: number) => boolean) => {
    const count = state.commands.length;
    state.commands = state.commands.filter((record, index) => {
      if (excess <= 0 || record.outcome.status === 'pending' || !mayDrop(count - index)) return true;
      excess -= jsonBytes(record) + 1;
      return false;
    });
  };
  dropRecords((fromNewest) => fromNewest > IDEMPOTENCY_RETENTION.keepAtLeast);
  const { ledger } = state;
  while (excess > 0 && ledger.entries.length > LEDGER_WINDOW_FLOOR) {
    const dropped = ledger.entries.shift()!;
    ledger.balanceBeforeWindow += dropped.delta;
    excess -= jsonBytes(dropped) + 1;
  }
  dropRecords(() => true);
}

/** The UTF-8 size of a value as JSON, without an encoder (the workflow sandbox may lack one). */
export function jsonBytes(value: unknown): number {
  const text = JSON.stringify(value);
  let bytes = text.length;
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    // Each half of a surrogate pair is one UTF-16 unit of a four-byte character.
    if (code >= 0xd800 && code <= 0xdfff) bytes += 1;
    else if (code >= 0x800) bytes += 2;
    else if (code >= 0x80) bytes += 1;
  }
  return bytes;
}
