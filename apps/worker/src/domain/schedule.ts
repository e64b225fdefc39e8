import {
  MAX_SCHEDULE_AHEAD_MS,
  MAX_SCHEDULED_COMMANDS,
  type CancelScheduledCommand,
  type Command,
  type Rejection,
  type ScheduledCommand,
} from '@loyalty/contracts';
import { accepted, refuseIfClosed, refused, type Decision } from './account.js';
import { findRecord, settleRecord } from './idempotency.js';
import type { AccountState } from './state.js';

/**
 * Commands that run later: a command sent with a `notBefore` time still to come waits in the
 * account's state, soonest first, until the actor's one timer for the soonest of them fires.
 * Its idempotency record stays pending meanwhile (retention never drops a pending record), and
 * settles exactly once: when it runs, when it is cancelled, or when the account closes. The list
 * is carried across continue-as-new like everything else in the state.
 */

type LaterCommand = ScheduledCommand['command'];

/** Whether a command waits for a time after `now` instead of running at once. */
export function runsLater(command: Command, now: number): command is LaterCommand {
  return command.type === 'addPoints' && command.notBefore !== undefined && Date.parse(command.notBefore) > now;
}

/** Accepts a command for later; on success the command's outcome is pending until it runs. */
export function schedule(state: AccountState, command: LaterCommand, idempotencyKey: string | undefined, now: number): Decision<null> {
  const closed = refuseIfClosed(state);
  if (closed) return closed;
  if (idempotencyKey === undefined) {
    return refused('invalid-command', 'A scheduled command needs an idempotency key: its outcome is read, and it is cancelled, by it.');
  }
  const runAt = Date.parse(command.notBefore);
  if (runAt - now > MAX_SCHEDULE_AHEAD_MS) {
    return refused('not-before-too-far', `A command may be scheduled at most ${MAX_SCHEDULE_AHEAD_MS / 86_400_000} days ahead.`);
  }
  if (state.scheduled.length >= MAX_SCHEDULED_COMMANDS) {
    return refused(
      'scheduled-command-limit-reached',
      `The account holds ${MAX_SCHEDULED_COMMANDS} scheduled commands, as many as it may; one must run or be cancelled first.`,
    );
  }
  const scheduled: ScheduledCommand = { idempotencyKey, scheduledAt: new Date(now).toISOString(), command };
  // After every command due at the same time or sooner: commands due together run in the order sent.
  const before = state.scheduled.findIndex((other) => Date.parse(other.command.notBefore) > runAt);
  state.scheduled.splice(before === -1 ? state.scheduled.length : before, 0, scheduled);
  const record = findRecord(state, idempotencyKey);
  if (record) record.notBefore = command.notBefore;
  return accepted(null);
}

/** When the soonest scheduled command is due, if any is waiting. */
export function nextDueAt(state: AccountState): number | undefined {
  const [soonest] = state.scheduled;
  return soonest === undefined ? undefined : Date.parse(soonest.command.notBefore);
}

/** Takes the commands due by `now` out of the schedule, soonest first, for the actor to run. */
export function takeDue(state: AccountState, now: number): ScheduledCommand[] {
  const due = state.scheduled.filter((scheduled) => Date.parse(scheduled.command.notBefore) <= now);
  state.scheduled = state.scheduled.slice(due.length);
  return due;
}

/** Withdraws a scheduled command before its time: it never runs, and its outcome says so. */
export function cancelScheduled(state: AccountState, command: CancelScheduledCommand): Decision {
  const closed = refuseIfClosed(state);
  if (closed) return closed;
  const { idempotencyKey } = command;
  const scheduled = state.scheduled.find((candidate) => candidate.idempotencyKey === idempotencyKey);
  if (scheduled === undefined) return notCancellable(state, idempotencyKey);
  state.scheduled = state.scheduled.filter((candidate) => candidate !== scheduled);
  settleRecord(state, idempotencyKey, {
    status: 'rejected',
    rejection: { code: 'command-cancelled', detail: `The command was cancelled before its time (${scheduled.command.notBefore}).` },
  });
  return accepted({ cancelled: scheduled });
}

function notCancellable(state: AccountState, idempotencyKey: string): Decision<never> {
  const { outcome } = findRecord(state, idempotencyKey) ?? {};
  if (outcome === undefined) {
    return refused('scheduled-command-not-found', `The account holds no scheduled command with idempotency key '${idempotencyKey}'.`);
  }
  if (outcome.status === 'rejected' && outcome.rejection.code === 'command-cancelled') {
    return refused('command-cancelled', 'The command was cancelled already.');
  }
  return refused('command-already-run', 'The command is not waiting for its time: it has run, is running, or was refused.');
}

/** When the account closes, nothing scheduled will run: each command's outcome says why. */
export function withdrawAll(state: AccountState, rejection: Rejection): void {
  for (const { idempotencyKey } of state.scheduled) settleRecord(state, idempotencyKey, { status: 'rejected', rejection });
  state.scheduled = [];
}
