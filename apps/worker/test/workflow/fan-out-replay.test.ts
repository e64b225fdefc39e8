// An account's history must replay as the account ran, or a worker that takes the account over
// (after a crash, an eviction, a deployment) fails every task of it and the account is stuck.
// The fan-out of webhook events is a local activity, and Temporal does not always hand its result
// to the workflow in the task that records it: when that task also answers a query (the gateway
// reads accounts by query all the time), the result can come with the next task, whereas a replay
// hands it over in the recording task. Here accounts take balance changes while they are read
// without pause, their registry readings running out quickly (so that they fan out often), and
// every history must replay.
import { setTimeout as sleep } from 'node:timers/promises';
import { bundleWorkflowCode, DefaultLogger, Worker, type WorkflowBundle } from '@temporalio/worker';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { addLoyaltyPointsSignal, getStatusQuery } from '@loyalty/contracts';
import { sourceBundle } from '../../src/worker.js';
import { recordingNotifier, startHarness, status, type LoyaltyHarness } from '#test-support/loyalty-harness.js';

/** Old code failed this in the first account almost every time; a few make it all but certain. */
const ACCOUNTS = 3;
const LOAD_MS = 3_000;
const READERS = 3;

let harness: LoyaltyHarness;
let workflowBundle: WorkflowBundle;

beforeAll(async () => {
  harness = await startHarness(recordingNotifier(), {
    webhooks: {
      retry: { initialIntervalMs: 200, maximumIntervalMs: 1_000, giveUpAfterMs: 30_000, attemptTimeoutMs: 2_000 },
      endpointsCacheMs: 300,
    },
  });
  workflowBundle = await bundleWorkflowCode({ ...sourceBundle, logger: new DefaultLogger('WARN') });
});

afterAll(async () => {
  await harness?.close();
});

it('replays accounts that were read while their fan-outs answered', async () => {
  for (let round = 0; round < ACCOUNTS; round += 1) {
    const customer = await harness.startCustomer();
    let loaded = false;
    const readers = Array.from({ length: READERS }, async () => {
      while (!loaded) await customer.query(getStatusQuery);
    });
    let earned = 0;
    const writer = (async () => {
      while (!loaded) {
        await customer.signal(addLoyaltyPointsSignal, 1);
        earned += 1;
        await sleep(20);
      }
    })();
    await sleep(LOAD_MS);
    loaded = true;
    await Promise.all([...readers, writer]);
    await vi.waitFor(async () => expect((await status(customer)).points).toBe(earned), { timeout: 10_000, interval: 50 });

    const history = await customer.fetchHistory();
    await Worker.runReplayHistory({ workflowBundle, replayName: customer.workflowId }, history, customer.workflowId);
  }
});
