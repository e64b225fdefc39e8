// Temporal's stack-trace query is off on a loyalty worker unless asked for (it costs about half of
// the workflow thread's time: apps/worker/src/workflow-stack-traces.ts), and the accounts of a
// worker without it work as ever. Both kinds of worker run in this one process, as tests and the
// benchmark's in-process workers do, so each must get its own setting.
import { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WORKFLOW_TYPE, addLoyaltyPointsSignal, getStatusQuery, workflowIdFor } from '@loyalty/contracts';
import { createLoyaltyWorker } from '../../src/worker.js';
import { recordingNotifier, temporalAddress, uniqueId } from '#test-support/loyalty-harness.js';

let env: TestWorkflowEnvironment;
beforeAll(async () => {
  env = await TestWorkflowEnvironment.createFromExistingServer({ address: temporalAddress(), namespace: 'default' });
});
afterAll(async () => {
  await env?.teardown();
});

async function workerWith(workflowStackTraces: boolean | undefined): Promise<{ worker: Worker; taskQueue: string }> {
  const taskQueue = uniqueId('stack-traces');
  const worker = await createLoyaltyWorker({
    connection: env.nativeConnection,
    client: env.client,
    namespace: 'default',
    taskQueue,
    notifier: recordingNotifier(),
    ...(workflowStackTraces === undefined ? {} : { workflowStackTraces }),
  });
  return { worker, taskQueue };
}

async function customerOn(taskQueue: string) {
  const customerId = uniqueId('c');
  return env.client.workflow.start(WORKFLOW_TYPE, {
    taskQueue,
    workflowId: workflowIdFor(customerId),
    args: [{ customerId, name: 'Ada' }],
  });
}

describe("the SDK's workflow stack traces", () => {
  it('are off by default: the query says so, and the account works as ever', async () => {
    const { worker, taskQueue } = await workerWith(undefined);
    await worker.runUntil(async () => {
      const handle = await customerOn(taskQueue);
      await handle.signal(addLoyaltyPointsSignal, 25);
      await expect.poll(() => handle.query(getStatusQuery).then((status) => status.points), { timeout: 15_000 }).toBe(25);
      await expect(handle.query<string>('__stack_trace')).rejects.toThrow('Workflow stack traces are not enabled on this worker');
    });
  });

  it('are there when turned on, beside a worker of the same process without them', async () => {
    const without = await workerWith(false);
    const withTraces = await workerWith(true);
    await without.worker.runUntil(() =>
      withTraces.worker.runUntil(async () => {
        const traced = await customerOn(withTraces.taskQueue);
        const untraced = await customerOn(without.taskQueue);
        // An account waits for its next message: the stack shows where.
        await expect.poll(() => traced.query<string>('__stack_trace'), { timeout: 15_000 }).toMatch(/customer-loyalty/);
        await expect(untraced.query<string>('__stack_trace')).rejects.toThrow('not enabled');
      }),
    );
  });
});
