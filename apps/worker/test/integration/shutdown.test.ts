// SIGTERM to the worker process (started as in production, from main.ts): it stops polling,
// finishes the tasks it holds and exits 0. Messages sent meanwhile wait in Temporal and are
// applied by the next worker: none is lost, none applied twice.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addLoyaltyPointsSignal, getStatusQuery } from '@loyalty/contracts';
import { createLoyaltyWorker } from '../../src/worker.js';
import { recordingNotifier, temporalAddress, uniqueId } from '#test-support/loyalty-harness.js';

const workerRoot = fileURLToPath(new URL('../..', import.meta.url));

let env: TestWorkflowEnvironment;
beforeAll(async () => {
  env = await TestWorkflowEnvironment.createFromExistingServer({ address: temporalAddress(), namespace: 'default' });
});
afterAll(async () => {
  await env?.teardown();
});

describe('the worker process on SIGTERM', () => {
  it('drains, exits 0, and the next worker applies every message exactly once', async () => {
    const taskQueue = uniqueId('worker-shutdown');
    let output = '';
    const child = spawn(process.execPath, ['--import', 'tsx', '--conditions=source', 'src/main.ts'], {
      cwd: workerRoot,
      env: {
        ...process.env,
        TEMPORAL_ADDRESS: temporalAddress(),
        TEMPORAL_NAMESPACE: 'default',
        TEMPORAL_TASK_QUEUE: taskQueue,
        WORKER_METRICS_PORT: '0',
        LOG_LEVEL: 'info',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.on('data', (chunk) => (output += chunk));
    child.stderr!.on('data', (chunk) => (output += chunk));
    const exited = once(child, 'exit');
    await expect.poll(() => output, { timeout: 45_000, interval: 200 }).toContain('worker started');

    const customerId = uniqueId('c');
    const handle = await env.client.workflow.start('CustomerLoyaltyWorkflow', {
      taskQueue,
      workflowId: `customer-${customerId}`,
      args: [{ customerId, name: 'Ada' }],
    });
    await expect.poll(() => handle.query(getStatusQuery).then((status) => status.points), { timeout: 15_000 }).toBe(0);

    // Signals keep coming while the worker stops: some are applied by it, the rest wait.
    const signals = Array.from({ length: 100 }, () => handle.signal(addLoyaltyPointsSignal, 1));
    child.kill('SIGTERM');
    await Promise.all(signals);
    const [code] = await exited;
    expect(code, output).toBe(0);
    expect(output).toContain('worker stopped');

    const next = await createLoyaltyWorker({
      connection: env.nativeConnection,
      client: env.client,
      namespace: 'default',
      taskQueue,
      notifier: recordingNotifier(),
    });
    await next.runUntil(async () => {
      await expect.poll(() => handle.query(getStatusQuery).then((status) => status.points), { timeout: 20_000 }).toBe(100);
    });
  });
});
