/**
 * Records the workflow histories that replay.test.ts replays against the current workflow code.
 *
 *   temporal server start-dev --headless --port 7299 --dynamic-config-value frontend.WorkflowPauseEnabled=true \
 *     --search-attribute LoyaltyTier=Keyword --search-attribute LoyaltyAccountActive=Bool &
 *   TEMPORAL_TEST_ADDRESS=127.0.0.1:7299 \
 *     npx tsx --conditions=source apps/worker/test/replay/record-histories.ts [--overwrite]
 *
 * It drives a few customer sessions with a real worker on the server at TEMPORAL_TEST_ADDRESS
 * and writes each workflow run's history to histories/<name>.<GENERATION>.json (histories/<name>.json
 * for code before generations were named).
 *
 * These files stand for workflows already running in production. When replay.test.ts goes red,
 * the change would break them: do NOT re-record to make it green. Make the change compatible
 * (guard it with `wf.patched('<change-id>')`, or start a new workflow type), keep the old files,
 * set GENERATION to the new change's ID and record: every session is recorded again beside the old
 * files, so the new branches are replayed too. Existing files are never replaced unless --overwrite
 * is given, which is only for histories recorded by mistake. Commit the new files with the change.
 *
 * Sessions that need months to pass (expiring points) run on Temporal's time-skipping test
 * server, which this script starts itself (`node scripts/temporal-test-server.mjs --ensure`).
 */
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdir, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { WithStartWorkflowOperation, type WorkflowHandle } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { historyToJSON } from '@temporalio/common/lib/proto-utils.js';
import {
  WEBHOOK_REGISTRY_WORKFLOW_TYPE,
  WORKFLOW_TYPE,
  addLoyaltyPointsSignal,
  cancelAccountSignal,
  changeWebhookEndpointUpdate,
  deleteWebhookEndpointUpdate,
  ensureMinimumStatusSignal,
  getStatusQuery,
  registerWebhookEndpointUpdate,
  rotateWebhookSecretUpdate,
  webhookDeliveryWorkflowId,
  webhookRegistryWorkflowId,
  workflowIdFor,
  type CustomerLoyaltyInput,
} from '@loyalty/contracts';
import { execute, executeKeyed, keyed, recordingNotifier, startHarness, uniqueId, type LoyaltyHarness } from '#test-support/loyalty-harness.js';
import { eventuallyOutcome, pause, unpause } from '#test-support/peers.js';
import { sleepWhenIdle, startTimeSkippingHarness } from '#test-support/time-skipping.js';

const historiesDir = fileURLToPath(new URL('./histories/', import.meta.url));
const overwrite = process.argv.includes('--overwrite');
/** The newest patch marker of the workflow code: the histories this code records are named by it. */
const GENERATION = 'outbox-after-each-task';

/** Each session leaves one or more workflow runs to record, by file name. */
type Session = (harness: LoyaltyHarness) => Promise<Record<string, WorkflowHandle>>;

const sessions: Record<string, Session> = {
  /** Enrol, points by signal and by keyed update, invite, gifts (one repeated), redemption, raise, cancel. */
  async session(harness) {
    const host = await harness.startCustomer({ points: 1000, email: 'host@example.com' });
    const guestId = uniqueId('guest');
    await host.signal(addLoyaltyPointsSignal, 100);
    await execute(host, keyed('earn-1', { type: 'addPoints', points: 400, reason: 'checkout' }));
    await execute(host, { type: 'inviteGuest', guestId });
    const gift = keyed('gift-1', { type: 'gift', guestId, points: 200 });
    await execute(host, gift);
    await execute(host, gift);
    await execute(host, { type: 'gift', guestId, tier: 1 }, { type: 'redeemReward', rewardId: 'free-shipping' });
    await execute(host, { type: 'redeemReward', rewardId: 'personal-shopper' });
    await host.signal(ensureMinimumStatusSignal, 3);
    await host.signal(cancelAccountSignal);
    await host.result();
    const guest = harness.handleFor(guestId);
    await execute(guest, { type: 'cancelAccount' });
    await guest.result();
    return { 'session-host': host, 'session-guest': guest };
  },

  /** Several runs: the first run ends in continue-as-new, the last one carries its state to the end. */
  async continued(harness) {
    const customer = await harness.startCustomer({ continueAsNewAfterEvents: 30 });
    const firstRunId = (await customer.describe()).runId;
    for (let round = 0; round < 4; round += 1) {
      await Promise.all(Array.from({ length: 15 }, () => customer.signal(addLoyaltyPointsSignal, 10)));
      await executeKeyed(customer, [keyed(`round-${round}`, { type: 'addPoints', points: 100 })]);
    }
    await executeKeyed(customer, [keyed('round-0', { type: 'addPoints', points: 100 })]);
    await customer.signal(cancelAccountSignal);
    await customer.result();
    const lastRunId = (await customer.describe()).runId;
    if (lastRunId === firstRunId) throw new Error('the customer did not continue-as-new');
    return {
      'continued-first-run': harness.client.workflow.getHandle(customer.workflowId, firstRunId),
      'continued-last-run': harness.client.workflow.getHandle(customer.workflowId, lastRunId),
    };
  },

  /**
   * Peer work as state: a gift to a guest that does not answer (paused) stays pending while the
   * host continues-as-new, then settles in a later run once the guest is back.
   */
  async 'peer-work'(harness) {
    const { host, guest } = await giftToPausedGuest(harness, { continueAsNewAfterEvents: 40 });
    const firstRunId = (await host.describe()).runId; // still the first: 40 events are far off
    for (let round = 0; round < 3; round += 1) {
      await Promise.all(Array.from({ length: 15 }, () => host.signal(addLoyaltyPointsSignal, 1)));
      await executeKeyed(host, [keyed(`earn-${round}`, { type: 'addPoints', points: 10 })]);
    }
    await unpause(harness.client, guest);
    await eventuallyOutcome(host, 'gift', 'applied');
    await host.signal(cancelAccountSignal);
    await host.result();
    const lastRunId = (await host.describe()).runId;
    if (lastRunId === firstRunId) throw new Error('the host did not continue-as-new');
    return {
      'peer-work-first-run': harness.client.workflow.getHandle(host.workflowId, firstRunId),
      'peer-work-last-run': harness.client.workflow.getHandle(host.workflowId, lastRunId),
    };
  },

  /** A Temporal cancellation while a gift is on its way: the gift is voided and refunded. */
  async 'cancelled-with-gift'(harness) {
    const { host, guest } = await giftToPausedGuest(harness);
    await host.cancel();
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    await unpause(harness.client, guest);
    await host.result().catch(() => undefined);
    return { 'cancelled-with-gift': host };
  },

  /**
   * Commands that run later: one scheduled in the first run and applied at its time in a later
   * one, one cancelled before its time, one withdrawn when the account closes.
   */
  async scheduled(harness) {
    const customer = await harness.startCustomer({ continueAsNewAfterEvents: 30 });
    const firstRunId = (await customer.describe()).runId;
    const inSeconds = (seconds: number) => new Date(Date.now() + seconds * 1000).toISOString();
    await executeKeyed(customer, [keyed('bonus', { type: 'addPoints', points: 250, reason: 'Return window closed', notBefore: inSeconds(8) })]);
    await executeKeyed(customer, [keyed('anniversary', { type: 'addPoints', points: 500, notBefore: inSeconds(3600) })]);
    await executeKeyed(customer, [keyed('withdraw', { type: 'cancelScheduledCommand', idempotencyKey: 'anniversary' })]);
    await executeKeyed(customer, [keyed('next-year', { type: 'addPoints', points: 100, notBefore: inSeconds(86_400) })]);
    for (let round = 0; round < 3; round += 1) {
      await Promise.all(Array.from({ length: 15 }, () => customer.signal(addLoyaltyPointsSignal, 1)));
      await executeKeyed(customer, [keyed(`earn-${round}`, { type: 'addPoints', points: 10 })]);
    }
    await eventuallyOutcome(customer, 'bonus', 'applied');
    await customer.signal(cancelAccountSignal);
    await customer.result();
    const lastRunId = (await customer.describe()).runId;
    if (lastRunId === firstRunId) throw new Error('the customer did not continue-as-new');
    return {
      'scheduled-first-run': harness.client.workflow.getHandle(customer.workflowId, firstRunId),
      'scheduled-last-run': harness.client.workflow.getHandle(customer.workflowId, lastRunId),
    };
  },

  /**
   * Webhooks: the registry changed by every update it has, an account publishing its outbox in
   * batches (balance changes included), and a delivery retried once before the receiver takes it.
   */
  async webhooks(harness) {
    let calls = 0;
    const receiver = createServer((request, response) => {
      request.resume();
      request.on('end', () => {
        calls += 1;
        response.statusCode = calls === 1 ? 503 : 204;
        response.end();
      });
    });
    receiver.listen(0, '127.0.0.1');
    await once(receiver, 'listening');
    try {
      const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`;
      const secret = (n: number) => `whsec_${Buffer.from(`replay history secret number ${n}`).toString('base64')}`;
      const registryId = webhookRegistryWorkflowId(harness.taskQueue);
      await harness.client.workflow.executeUpdateWithStart(registerWebhookEndpointUpdate, {
        args: [{ endpointId: 'ep_replay', url, events: ['account.closed'], secret: secret(1) }],
        startWorkflowOperation: new WithStartWorkflowOperation(WEBHOOK_REGISTRY_WORKFLOW_TYPE, {
          workflowId: registryId,
          taskQueue: harness.taskQueue,
          args: [{}],
          workflowIdConflictPolicy: 'USE_EXISTING',
        }),
      });
      const registry = harness.client.workflow.getHandle(registryId);
      await registry.executeUpdate(registerWebhookEndpointUpdate, { args: [{ endpointId: 'ep_other', url, events: ['tier.changed'], secret: secret(2) }] });
      await registry.executeUpdate(changeWebhookEndpointUpdate, { args: [{ endpointId: 'ep_replay', events: ['points.changed', 'tier.changed', 'account.closed'] }] });
      await registry.executeUpdate(rotateWebhookSecretUpdate, { args: [{ endpointId: 'ep_replay', secret: secret(3) }] });
      await registry.executeUpdate(deleteWebhookEndpointUpdate, { args: [{ endpointId: 'ep_other' }] });

      const customer = await harness.startCustomer({ points: 400 });
      await execute(customer, keyed('earn', { type: 'addPoints', points: 200, reason: 'checkout' }), { type: 'addPoints', points: -50 });
      await customer.signal(cancelAccountSignal);
      await customer.result();
      // The farewell's delivery: refused once, then taken.
      const delivery = harness.client.workflow.getHandle(webhookDeliveryWorkflowId('ep_replay', `${customer.customerId}/notification-6`));
      await delivery.result();
      return { 'outbox-batches': customer, 'webhook-registry': registry, 'webhook-delivery-retried': delivery };
    } finally {
      receiver.close();
    }
  },

  /** Ended by Temporal cancellation rather than by the customer. */
  async cancelled(harness) {
    const customer = await harness.startCustomer({ points: 600 });
    await execute(customer, { type: 'addPoints', points: 50 });
    await customer.cancel();
    await customer.result().catch(() => undefined);
    return { cancelled: customer };
  },
};

const DAY_MS = 24 * 60 * 60 * 1000;

/** Sessions on the time-skipping test server: a client and a running worker on it. */
type TimeSkippedSession = (env: TestWorkflowEnvironment, taskQueue: string) => Promise<Record<string, WorkflowHandle>>;

const timeSkippedSessions: Record<string, TimeSkippedSession> = {
  /**
   * Points that expire: earnings over weeks, spending that empties the oldest lot, warnings and
   * expiries fired by the account's timer, continue-as-new in between, then a cancellation.
   */
  async expiring(env, taskQueue) {
    const customerId = uniqueId('expiring');
    const input: CustomerLoyaltyInput = { customerId, name: `Customer ${customerId}`, points: 600, pointsExpiry: { afterDays: 30, warningDays: 5 }, continueAsNewAfterEvents: 40 };
    const customer = await env.client.workflow.start(WORKFLOW_TYPE, { workflowId: workflowIdFor(customerId), taskQueue, args: [input] });
    const firstRunId = (await customer.describe()).runId;
    for (let week = 1; week <= 4; week += 1) {
      await sleepWhenIdle(env, [customer], 7 * DAY_MS);
      await execute(customer, keyed(`earn-${week}`, { type: 'addPoints', points: 100 * week }));
      if (week === 2) await execute(customer, { type: 'addPoints', points: -650 });
    }
    await sleepWhenIdle(env, [customer], 40 * DAY_MS);
    const status = await customer.query(getStatusQuery);
    if (status.points !== 0) throw new Error(`the points did not all expire: ${status.points} left`);
    await customer.signal(cancelAccountSignal);
    await customer.result();
    const lastRunId = (await customer.describe()).runId;
    if (lastRunId === firstRunId) throw new Error('the customer did not continue-as-new');
    return {
      'expiring-first-run': env.client.workflow.getHandle(customer.workflowId, firstRunId),
      'expiring-last-run': env.client.workflow.getHandle(customer.workflowId, lastRunId),
    };
  },
};

async function recordTimeSkipped(): Promise<void> {
  const harness = await startTimeSkippingHarness(recordingNotifier());
  try {
    for (const [name, session] of Object.entries(timeSkippedSessions)) {
      await writeHistories(name, await session(harness.env, harness.taskQueue));
    }
  } finally {
    await harness.close();
  }
}

async function writeHistories(name: string, handles: Record<string, WorkflowHandle>): Promise<void> {
  for (const [file, handle] of Object.entries(handles)) {
    const path = `${historiesDir}${file}.${GENERATION}.json`;
    if (existsSync(path) && !overwrite) {
      console.log(`kept ${path} (exists; see the note at the top)`);
      continue;
    }
    const history = JSON.parse(historyToJSON(await handle.fetchHistory())) as unknown;
    await writeFile(path, `${JSON.stringify({ workflowId: handle.workflowId, history }, null, 2)}\n`);
    console.log(`wrote ${path} (session ${name})`);
  }
}

/** A Gold host with a guest it invited, that guest paused, and a 300-point gift on its way to it. */
async function giftToPausedGuest(harness: LoyaltyHarness, tuning: { continueAsNewAfterEvents?: number } = {}) {
  const host = await harness.startCustomer({ points: 2000, ...tuning });
  const guest = harness.handleFor(uniqueId('guest'));
  await execute(host, keyed('invite', { type: 'inviteGuest', guestId: guest.customerId }));
  await eventuallyOutcome(host, 'invite', 'applied');
  await pause(harness.client, guest);
  await execute(host, keyed('gift', { type: 'gift', guestId: guest.customerId, points: 300 }));
  return { host, guest };
}

async function main(): Promise<void> {
  const address = process.env.TEMPORAL_TEST_ADDRESS;
  if (!address) throw new Error('Set TEMPORAL_TEST_ADDRESS to a dev server with the loyalty search attributes (see the top of this file).');
  const harness = await startHarness(recordingNotifier(), {
    address,
    webhooks: { retry: { initialIntervalMs: 500, maximumIntervalMs: 1_000, giveUpAfterMs: 60_000, attemptTimeoutMs: 2_000 }, endpointsCacheMs: 0 },
  });
  try {
    await mkdir(historiesDir, { recursive: true });
    for (const [name, session] of Object.entries(sessions)) {
      await writeHistories(name, await session(harness));
    }
  } finally {
    await harness.close();
  }
  await recordTimeSkipped();
}

await main();
