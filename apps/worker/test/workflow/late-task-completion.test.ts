// A worker process that stalls (CPU starved, a long pause) past a workflow task's timeout still
// holds the task, and Temporal hands the account to a worker again; meanwhile the caller, having
// had no answer, sends its command again with the same key. The stalled worker then completes the
// task it held and is told the task is gone. Whatever it did, the account's history must replay
// as it ran, or every worker that takes the account over later fails it and the account is stuck.
import { spawn } from 'node:child_process';
import { bundleWorkflowCode, DefaultLogger, Worker, type WorkflowBundle } from '@temporalio/worker';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { CommandBatch, CommandBatchResult } from '@loyalty/contracts';
import { sourceBundle } from '../../src/worker.js';
import { execute, keyed, recordingNotifier, startHarness, status, temporalAddress, type LoyaltyHarness } from '#test-support/loyalty-harness.js';

/** Longer than a workflow task's timeout (10 s, Temporal's default, which the accounts keep). */
const STALL_MS = 13_000;

let harness: LoyaltyHarness;
let workflowBundle: WorkflowBundle;

beforeAll(async () => {
  harness = await startHarness(recordingNotifier());
  workflowBundle = await bundleWorkflowCode({ ...sourceBundle, logger: new DefaultLogger('WARN') });
});

afterAll(async () => {
  await harness?.close();
});

it('replays an account whose task a stalled worker completed too late, with the command sent again meanwhile', async () => {
  const customer = await harness.startCustomer();
  // The worker has the account in its cache, as a busy worker does.
  await execute(customer, keyed('warm-up', { type: 'addPoints', points: 1 }));

  const batch: CommandBatch = { commands: [keyed('earn-once', { type: 'addPoints', points: 9 })] };
  const first = updateFromAnotherProcess(customer.workflowId, batch, 500);
  const again = updateFromAnotherProcess(customer.workflowId, batch, 4_000);
  await Promise.all([first.connected, again.connected]);
  stallThisProcess(STALL_MS);

  const answers = await Promise.all([first.result, again.result]);
  expect(answers.map((answer) => answer.outcomes[0])).toEqual([answers[0]!.outcomes[0], answers[0]!.outcomes[0]]);
  expect(answers[0]!.outcomes[0]).toMatchObject({ status: 'applied', result: { entry: { delta: 9 } } });
  expect((await status(customer)).points).toBe(1 + 9);

  const history = await customer.fetchHistory();
  // The stall is what this is about: a task of the account timed out while the worker held it.
  expect(history.events!.some((event) => event.workflowTaskTimedOutEventAttributes != null)).toBe(true);
  await Worker.runReplayHistory({ workflowBundle, replayName: customer.workflowId }, history, customer.workflowId);
}, 60_000);

/**
 * Blocks this process's JavaScript thread, where the worker hands activations to the workflow
 * code and sends back what it did; the SDK core's own threads go on polling Temporal meanwhile.
 */
function stallThisProcess(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** Sends the batch in the executeCommands update from a process of its own, `afterMs` after it has connected. */
function updateFromAnotherProcess(workflowId: string, batch: CommandBatch, afterMs: number) {
  const script = `
    import { Client, Connection } from '@temporalio/client';
    const [address, workflowId, batch, afterMs] = process.argv.slice(1);
    const client = new Client({ connection: await Connection.connect({ address }), namespace: 'default' });
    console.log('connected');
    await new Promise((resolve) => setTimeout(resolve, Number(afterMs)));
    const result = await client.workflow.getHandle(workflowId).executeUpdate('executeCommands', { args: [JSON.parse(batch)] });
    console.log(JSON.stringify(result));
    process.exit(0);
  `;
  const child = spawn(process.execPath, ['--input-type=module', '-e', script, temporalAddress(), workflowId, JSON.stringify(batch), String(afterMs)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  let connected: () => void = () => {};
  const connectedPromise = new Promise<void>((resolve) => (connected = resolve));
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString();
    if (output.startsWith('connected\n')) connected();
  });
  const result = new Promise<CommandBatchResult>((resolve, reject) => {
    child.on('exit', (code) => {
      const lines = output.trim().split('\n');
      if (code === 0 && lines.length === 2) resolve(JSON.parse(lines[1]!) as CommandBatchResult);
      else reject(new Error(`the update from another process ended with code ${code}: ${output}`));
    });
  });
  return { connected: connectedPromise, result };
}
