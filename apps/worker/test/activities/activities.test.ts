// Activities with fakes for the edge cases a real server makes hard to reach: a notifier that
// fails, a guest that closed its account, a passing network fault. The webhook notifier talks
// to a real local HTTP server.
import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Client } from '@temporalio/client';
import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import { ensureMinimumStatusSignal, executeCommandsUpdate, type SettledOutcome } from '@loyalty/contracts';
import { createActivities, type DeliverGiftRequest } from '../../src/activities/index.js';
import type { Notification } from '../../src/domain/notifications.js';
import type { Notifier } from '../../src/notifiers/notifier.js';
import { createWebhookNotifier } from '../../src/notifiers/webhook-notifier.js';

const notification: Notification = {
  id: 'c1/notification-3',
  customerId: 'c1',
  email: 'c1@example.com',
  kind: 'promotion',
  subject: 'You are now Gold',
  text: 'With 2000 points you reached Gold.',
  tier: 'Gold',
};

const silentNotifier: Notifier = { send: async () => {} };

/** A client whose only behaviour is what the test gives it; anything else it is asked fails loudly. */
function fakeClient(workflow: { signalWithStart?: unknown; getHandle?: unknown }): Client {
  return { workflow } as unknown as Client;
}

function activitiesWith(client: Client, notifier: Notifier = silentNotifier) {
  return createActivities({ notifier, client, taskQueue: 'test-queue' });
}

function run<A extends unknown[], R>(fn: (...args: A) => Promise<R>, ...args: A): Promise<R> {
  return new MockActivityEnvironment().run(fn, ...args);
}

describe('sendNotification', () => {
  it('hands the notification to the notifier', async () => {
    const send = vi.fn(async () => {});
    await run(activitiesWith(fakeClient({}), { send }).sendNotification, notification);
    expect(send).toHaveBeenCalledWith(notification);
  });

  it('propagates the notifier’s failure so that Temporal retries', async () => {
    const failing: Notifier = { send: async () => Promise.reject(new Error('SMTP down')) };
    await expect(run(activitiesWith(fakeClient({}), failing).sendNotification, notification)).rejects.toThrow('SMTP down');
  });
});

describe('inviteGuest', () => {
  const request = { hostId: 'host', guestId: 'guest', guestTier: 1 };

  /** What signal-with-start hands back: the guest's actor, answering getStatus as given. */
  const guestAnswering = (accountActive: boolean) =>
    vi.fn(async () => ({ query: vi.fn(async () => ({ accountActive })) }));

  it('signals-with-start the guest at the tier’s minimum under reject-duplicate', async () => {
    const signalWithStart = guestAnswering(true);
    const outcome = await run(activitiesWith(fakeClient({ signalWithStart })).inviteGuest, request);
    expect(outcome).toBe('invited');
    expect(signalWithStart).toHaveBeenCalledWith('CustomerLoyaltyWorkflow', {
      workflowId: 'customer-guest',
      taskQueue: 'test-queue',
      args: [{ customerId: 'guest', name: 'guest', points: 500, invitedBy: 'host' }],
      signal: ensureMinimumStatusSignal,
      signalArgs: [1],
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
      memo: { name: 'guest' },
    });
  });

  it('maps an already-started (closed) guest to guestAccountClosed', async () => {
    const signalWithStart = vi.fn(async () => {
      throw new WorkflowExecutionAlreadyStartedError('closed', 'customer-guest', 'CustomerLoyaltyWorkflow');
    });
    expect(await run(activitiesWith(fakeClient({ signalWithStart })).inviteGuest, request)).toBe('guestAccountClosed');
  });

  it('reports a guest who is still running but has just closed the account as closed', async () => {
    const signalWithStart = guestAnswering(false);
    expect(await run(activitiesWith(fakeClient({ signalWithStart })).inviteGuest, request)).toBe('guestAccountClosed');
  });

  it('rethrows other failures so that the invitation is retried', async () => {
    const signalWithStart = vi.fn(async () => Promise.reject(new Error('UNAVAILABLE')));
    await expect(run(activitiesWith(fakeClient({ signalWithStart })).inviteGuest, request)).rejects.toThrow('UNAVAILABLE');
  });

  it('refuses a tier that does not exist', async () => {
    await expect(run(activitiesWith(fakeClient({})).inviteGuest, { ...request, guestTier: 7 })).rejects.toThrow(RangeError);
  });
});

describe('deliverGift', () => {
  const gift: DeliverGiftRequest = { giftId: 'host/gift-1', hostId: 'host', guestId: 'guest', points: 50 };
  const applied: SettledOutcome = { status: 'applied', result: { giftId: 'host/gift-1' } };

  /** A guest handle whose update does `update` and whose workflow is in `status`. */
  function guestHandle(update: () => Promise<unknown>, status = 'RUNNING') {
    const handle = {
      executeUpdate: vi.fn(update),
      describe: vi.fn(async () => ({ status: { name: status } })),
    };
    const getHandle = vi.fn(() => handle);
    return { handle, getHandle, activities: activitiesWith(fakeClient({ getHandle })) };
  }

  it('sends the guest one receiveGift keyed by the gift ID and returns the guest’s outcome', async () => {
    const { handle, getHandle, activities } = guestHandle(async () => ({ outcomes: [applied], customer: {} }));
    expect(await run(activities.deliverGift, gift)).toEqual(applied);
    expect(getHandle).toHaveBeenCalledWith('customer-guest');
    expect(handle.executeUpdate).toHaveBeenCalledWith(executeCommandsUpdate, {
      updateId: 'host/gift-1',
      args: [
        {
          commands: [
            {
              idempotencyKey: 'host/gift-1',
              fingerprint: 'host/gift-1',
              command: { type: 'receiveGift', giftId: 'host/gift-1', fromCustomerId: 'host', points: 50 },
            },
          ],
        },
      ],
    });
  });

  it('passes on the guest’s own rejection', async () => {
    const rejected: SettledOutcome = { status: 'rejected', rejection: { code: 'invalid-command', detail: 'x' } };
    const { activities } = guestHandle(async () => ({ outcomes: [rejected], customer: {} }));
    expect(await run(activities.deliverGift, gift)).toEqual(rejected);
  });

  it('answers a guest that closed its account while its actor still runs as guest-account-closed', async () => {
    const closing: SettledOutcome = { status: 'rejected', rejection: { code: 'account-closed', detail: 'closed' } };
    const { activities } = guestHandle(async () => ({ outcomes: [closing], customer: {} }));
    expect(await run(activities.deliverGift, gift)).toMatchObject({ status: 'rejected', rejection: { code: 'guest-account-closed' } });
  });

  it.each([
    ['a completed workflow', () => Promise.reject(new Error('workflow execution already completed')), 'COMPLETED'],
    ['a missing workflow', () => Promise.reject(new WorkflowNotFoundError('gone', 'customer-guest', undefined)), 'RUNNING'],
  ])('maps %s to a guest-account-closed rejection', async (_case, update, status) => {
    const { activities } = guestHandle(update, status);
    expect(await run(activities.deliverGift, gift)).toEqual({
      status: 'rejected',
      rejection: { code: 'guest-account-closed', detail: 'guest has closed their account.' },
    });
  });

  it('rethrows a transient fault while the guest is running, so that the delivery is retried', async () => {
    const { activities } = guestHandle(() => Promise.reject(new Error('deadline exceeded')), 'RUNNING');
    await expect(run(activities.deliverGift, gift)).rejects.toThrow('deadline exceeded');
  });
});

describe('webhook notifier', () => {
  let server: Server;
  let url: string;
  let answer = 204;
  const received: Array<{ method?: string; headers: IncomingHttpHeaders; body: string }> = [];

  beforeAll(async () => {
    server = createServer((request, response) => {
      let body = '';
      request.setEncoding('utf8');
      request.on('data', (chunk: string) => (body += chunk));
      request.on('end', () => {
        received.push({ method: request.method, headers: request.headers, body });
        response.statusCode = answer;
        response.end();
      });
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/notify`;
  });

  afterAll(async () => {
    server.close();
    await once(server, 'close');
  });

  it('posts the notification as JSON with its ID as Idempotency-Key', async () => {
    answer = 204;
    await createWebhookNotifier(url).send(notification);
    const request = received.at(-1)!;
    expect(request.method).toBe('POST');
    expect(request.headers['idempotency-key']).toBe(notification.id);
    expect(request.headers['content-type']).toBe('application/json');
    expect(JSON.parse(request.body)).toEqual(notification);
  });

  it.each([500, 404, 429])('throws on a %i answer so that the activity is retried', async (status) => {
    answer = status;
    await expect(createWebhookNotifier(url).send(notification)).rejects.toThrow(String(status));
  });
});
