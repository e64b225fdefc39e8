// What webhooks cost an account: the balance changes of one batch of commands go out in one fan-out
// (one activity in the account's history), not one each; those of commands arriving while a fan-out
// is on its way wait and go out together in the next; an endpoint registered later gets the events
// once the worker's reading of the registry has run out.
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { Context } from '@temporalio/activity';
import { WithStartWorkflowOperation } from '@temporalio/client';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { WEBHOOK_REGISTRY_WORKFLOW_TYPE, registerWebhookEndpointUpdate, webhookRegistryWorkflowId } from '@loyalty/contracts';
import { execute, recordingNotifier, startHarness, status, type CustomerHandle, type LoyaltyHarness } from '#test-support/loyalty-harness.js';

/** How long the worker reuses what the registry answered, and so how long an account's reading stands. */
const ENDPOINTS_CACHE_MS = 1_500;

/** How long each fan-out of the slow harness takes, for commands to arrive while one is on its way. */
const SLOW_FAN_OUT_MS = 1_500;

let harness: LoyaltyHarness;
let slowFanOuts: LoyaltyHarness;
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
  slowFanOuts = await startHarness(recordingNotifier(), {
    overrides: {
      interceptors: {
        activity: [
          () => ({
            inbound: {
              async execute(input, next) {
                if (Context.current().info.activityType === 'publishWebhookEvents') await sleep(SLOW_FAN_OUT_MS);
                return next(input);
              },
            },
          }),
        ],
      },
    },
  });
});

afterAll(async () => {
  await harness?.close();
  await slowFanOuts?.close();
  receiver?.close();
});

async function fanOuts(customer: CustomerHandle): Promise<number> {
  const events = (await customer.fetchHistory()).events ?? [];
  return events.filter((event) => event.activityTaskScheduledEventAttributes?.activityType?.name === 'publishWebhookEvents').length;
}

it('publishes the balance changes of a batch in one fan-out, and to a later endpoint once the reading has run out', async () => {
  const customer = await harness.startCustomer();
  const changes = 20;
  await execute(customer, ...Array.from({ length: changes }, () => ({ type: 'addPoints' as const, points: 1 })));
  // One fan-out per change (20) is what it would cost without batches.
  await vi.waitFor(async () => expect(await fanOuts(customer)).toBe(1), { timeout: 10_000, interval: 100 });

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

it('keeps one fan-out on its way: the balance changes arriving meanwhile go out together in the next', async () => {
  const customer = await slowFanOuts.startCustomer();
  const changes = 12;
  // Each command in an update of its own, so in a workflow task of its own, all within the first fan-out.
  for (let change = 0; change < changes; change += 1) await execute(customer, { type: 'addPoints', points: 1 });
  await vi.waitFor(async () => expect((await status(customer)).points).toBe(changes), { timeout: 5_000, interval: 100 });
  // The first change's fan-out, then one for the other eleven (several at once would be one per change, up to three in flight).
  await vi.waitFor(async () => expect(await fanOuts(customer)).toBe(2), { timeout: 10_000, interval: 100 });
  await sleep(SLOW_FAN_OUT_MS + 500);
  expect(await fanOuts(customer)).toBe(2);
});
