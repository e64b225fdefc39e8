// What webhooks cost an account: balance changes that no endpoint subscribes to are published to
// no one without a fan-out each (no local activity, no marker in the account's history) while the
// last fan-out's reading of the registry stands; an endpoint registered later gets the events once
// that reading has run out.
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { WithStartWorkflowOperation } from '@temporalio/client';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { WEBHOOK_REGISTRY_WORKFLOW_TYPE, registerWebhookEndpointUpdate, webhookRegistryWorkflowId } from '@loyalty/contracts';
import { execute, recordingNotifier, startHarness, type CustomerHandle, type LoyaltyHarness } from '#test-support/loyalty-harness.js';

/** How long the worker reuses what the registry answered, and so how long an account's reading stands. */
const ENDPOINTS_CACHE_MS = 1_500;

let harness: LoyaltyHarness;
let receiver: Server;
const received: Array<{ type: string; data: { balance?: number } }> = [];

beforeAll(async () => {
  receiver = createServer((request, response) => {
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => (body += chunk));
    request.on('end', () => {
      received.push(JSON.parse(body) as (typeof received)[number]);
      response.end();
    });
  });
  receiver.listen(0, '127.0.0.1');
  await once(receiver, 'listening');
  harness = await startHarness(recordingNotifier(), {
    webhooks: {
      retry: { initialIntervalMs: 200, maximumIntervalMs: 1_000, giveUpAfterMs: 30_000, attemptTimeoutMs: 2_000 },
      endpointsCacheMs: ENDPOINTS_CACHE_MS,
    },
  });
});

afterAll(async () => {
  await harness?.close();
  receiver?.close();
});

async function fanOuts(customer: CustomerHandle): Promise<number> {
  const events = (await customer.fetchHistory()).events ?? [];
  // Local activities leave a marker of this name; patches leave markers of their own.
  return events.filter((event) => event.markerRecordedEventAttributes?.markerName === 'core_local_activity').length;
}

it('publishes balance changes nobody subscribes to without a fan-out each, and to a later endpoint once the reading has run out', async () => {
  const customer = await harness.startCustomer();
  const changes = 20;
  const started = Date.now();
  for (let change = 0; change < changes; change += 1) await execute(customer, { type: 'addPoints', points: 1 });
  const elapsedMs = Date.now() - started;
  // The first change asks the registry; the changes after it, while that reading stands, do not.
  // One fan-out per change (20) is what it would cost without the reading.
  expect(await fanOuts(customer)).toBeLessThanOrEqual(2 + Math.floor(elapsedMs / ENDPOINTS_CACHE_MS));

  const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`;
  await harness.client.workflow.executeUpdateWithStart(registerWebhookEndpointUpdate, {
    args: [{ endpointId: 'ep_later', url, events: ['points.changed'], secret: `whsec_${Buffer.from('a'.repeat(32)).toString('base64')}` }],
    startWorkflowOperation: new WithStartWorkflowOperation(WEBHOOK_REGISTRY_WORKFLOW_TYPE, {
      workflowId: webhookRegistryWorkflowId(harness.taskQueue),
      taskQueue: harness.taskQueue,
      args: [{}],
      workflowIdConflictPolicy: 'USE_EXISTING',
    }),
  });
  await sleep(ENDPOINTS_CACHE_MS + 500);
  await execute(customer, { type: 'addPoints', points: 1 });
  await vi.waitFor(() => expect(received).toContainEqual(expect.objectContaining({ type: 'points.changed', data: expect.objectContaining({ balance: changes + 1 }) })), {
    timeout: 20_000,
    interval: 200,
  });
});
