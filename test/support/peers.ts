// Helpers for tests of accounts that wait on each other: pausing a guest (Temporal's own pause,
// so the guest really answers nothing), retrying a call the way a client retries, polling.
// Plain Node (no vitest import): the replay-history recorder uses it too.
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Client, WorkflowHandle } from '@temporalio/client';
import { getCommandOutcomeQuery, type CommandRecord } from '@loyalty/contracts';

/** Pauses a workflow (the server must run with frontend.WorkflowPauseEnabled=true). */
export async function pause(client: Client, handle: WorkflowHandle): Promise<void> {
  await client.workflowService.pauseWorkflowExecution({
    namespace: client.options.namespace,
    workflowId: handle.workflowId,
    identity: 'test',
    reason: 'a peer that does not answer',
    requestId: randomUUID(),
  });
}

export async function unpause(client: Client, handle: WorkflowHandle): Promise<void> {
  await client.workflowService.unpauseWorkflowExecution({
    namespace: client.options.namespace,
    workflowId: handle.workflowId,
    identity: 'test',
    reason: 'the peer is back',
    requestId: randomUUID(),
  });
}

/** Calls until it succeeds, as a client retrying a refused call with the same keys would. */
export async function retrying<T>(call: () => Promise<T>, attempts = 60): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await call();
    } catch (error) {
      if (attempt >= attempts) throw error;
      await sleep(100);
    }
  }
}

/** Waits (20 s unless told) until the keyed command's outcome has the status given. */
export async function eventuallyOutcome(handle: WorkflowHandle, idempotencyKey: string, status: string, timeoutMs = 20_000): Promise<CommandRecord> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const record = await handle.query(getCommandOutcomeQuery, { idempotencyKey }).catch(() => null);
    if (record?.outcome.status === status) return record;
    if (Date.now() > deadline) throw new Error(`${idempotencyKey} is ${record?.outcome.status ?? 'unknown'}, not ${status}`);
    await sleep(200);
  }
}

/** Whether the first activity of this type the workflow scheduled has closed, however it ended. */
export async function firstActivityClosed(handle: WorkflowHandle, activityType: string): Promise<boolean> {
  const events = (await handle.fetchHistory()).events ?? [];
  const scheduled = events.find((event) => event.activityTaskScheduledEventAttributes?.activityType?.name === activityType);
  if (!scheduled) return false;
  const closedOf = (event: (typeof events)[number]) =>
    event.activityTaskCompletedEventAttributes ??
    event.activityTaskFailedEventAttributes ??
    event.activityTaskTimedOutEventAttributes ??
    event.activityTaskCanceledEventAttributes;
  return events.some((event) => String(closedOf(event)?.scheduledEventId) === String(scheduled.eventId));
}

/** The workflow's history has no failed workflow task: nothing wedged it. */
export async function workflowTaskFailures(handle: WorkflowHandle): Promise<number> {
  const history = await handle.fetchHistory();
  return (history.events ?? []).filter((event) => event.workflowTaskFailedEventAttributes).length;
}
