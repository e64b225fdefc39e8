// Activities with fakes for the edge cases a real server makes hard to reach: a notifier that
// fails, a guest that closed its account, a passing network fault. Webhook deliveries go to a
// real local HTTP server and are verified with the standardwebhooks package.
import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Client } from '@temporalio/client';
import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import { Webhook, WebhookVerificationError } from 'standardwebhooks';
import {
  ensureMinimumStatusSignal,
  getGiftReceiptQuery,
  receiveGiftUpdate,
  type GiftReceipt,
  type WebhookEndpointRecord,
  type WebhookEvent,
} from '@loyalty/contracts';
import { DEFAULT_WEBHOOK_SETTINGS, createActivities, type DeliverGiftRequest } from '../../src/activities/index.js';
import type { Notification } from '../../src/domain/notifications.js';
import type { Notifier } from '../../src/notifiers/notifier.js';

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
function fakeClient(workflow: { signalWithStart?: unknown; getHandle?: unknown; start?: unknown }): Client {
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
      signalArgs: [1, { hostId: 'host' }],
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
  const gift: DeliverGiftRequest = {
    giftId: 'host/gift-3',
    hostId: 'host',
    guestId: 'guest',
    points: 50,
    giftNumber: 3,
    settledBelow: 2,
    sentAt: '2026-12-01T10:00:00.000Z',
  };
  const credited: GiftReceipt = { status: 'credited' };

  /** A guest handle whose update does `update`, whose workflow is in `status` and whose register answers `receipt`. */
  function guestHandle(update: () => Promise<unknown>, status = 'RUNNING', receipt: GiftReceipt | null = null) {
    const handle = {
      executeUpdate: vi.fn(update),
      describe: vi.fn(async () => {
        if (status === 'GONE') throw new WorkflowNotFoundError('gone', 'customer-guest', undefined);
        return { status: { name: status } };
      }),
      query: vi.fn(async () => receipt),
    };
    const getHandle = vi.fn(() => handle);
    return { handle, getHandle, activities: activitiesWith(fakeClient({ getHandle })) };
  }

  it('delivers the gift to the guest\u2019s register under its gift ID and returns the receipt, timed', async () => {
    const { handle, getHandle, activities } = guestHandle(async () => credited);
    const answer = await run(activities.deliverGift, gift);
    expect(answer.receipt).toEqual(credited);
    expect(Date.parse(answer.answeredAt)).not.toBeNaN();
    expect(getHandle).toHaveBeenCalledWith('customer-guest');
    expect(handle.executeUpdate).toHaveBeenCalledWith(receiveGiftUpdate, {
      updateId: 'host/gift-3',
      args: [{ fromCustomerId: 'host', giftNumber: 3, settledBelow: 2, sentAt: gift.sentAt, points: 50 }],
    });
  });

  it('voids under an update ID of its own, so an earlier delivery still under way cannot answer for it', async () => {
    const { handle, activities } = guestHandle(async () => ({ status: 'voided' }));
    expect((await run(activities.deliverGift, { ...gift, voidIfNew: true })).receipt).toEqual({ status: 'voided' });
    expect(handle.executeUpdate.mock.calls[0]).toMatchObject([receiveGiftUpdate, { updateId: 'host/gift-3/void', args: [{ voidIfNew: true }] }]);
  });

  it('names the gift by the number in its ID when earlier workflow code scheduled it', async () => {
    const { handle, activities } = guestHandle(async () => credited);
    await run(activities.deliverGift, { giftId: 'host/gift-7', hostId: 'host', guestId: 'guest', tier: 1 });
    expect(handle.executeUpdate.mock.calls[0]).toMatchObject([receiveGiftUpdate, { args: [{ giftNumber: 7, settledBelow: 1, tier: 1 }] }]);
  });

  it('asks a guest that has closed what it did with the gift: credited before closing is not refunded', async () => {
    // An update to a completed workflow fails as "not found", like one to a workflow that never was.
    const { handle, activities } = guestHandle(() => Promise.reject(new WorkflowNotFoundError('completed', 'customer-guest', undefined)), 'COMPLETED', credited);
    expect((await run(activities.deliverGift, gift)).receipt).toEqual(credited);
    expect(handle.query).toHaveBeenCalledWith(getGiftReceiptQuery, { fromCustomerId: 'host', giftNumber: 3 });
  });

  it.each([
    ['a closed guest without a record of it', () => Promise.reject(new Error('workflow execution already completed')), 'TERMINATED'],
    ['a guest gone past retention', () => Promise.reject(new WorkflowNotFoundError('gone', 'customer-guest', undefined)), 'GONE'],
  ])('refuses the gift for %s as guest-account-closed', async (_case, update, status) => {
    const { activities } = guestHandle(update, status);
    expect((await run(activities.deliverGift, gift)).receipt).toEqual({
      status: 'refused',
      rejection: { code: 'guest-account-closed', detail: 'guest has closed their account.' },
    });
  });

  it.each(['RUNNING', 'PAUSED'])('rethrows a passing fault of a %s guest, so that the delivery is retried', async (status) => {
    const { activities } = guestHandle(() => Promise.reject(new Error('deadline exceeded')), status);
    await expect(run(activities.deliverGift, gift)).rejects.toThrow('deadline exceeded');
  });
});

describe('webhook activities', () => {
  let server: Server;
  let url: string;
  let answer = 204;
  const received: Array<{ method?: string; headers: IncomingHttpHeaders; body: string }> = [];
  const secret = 'whsec_' + Buffer.from('a test secret of enough length!!').toString('base64');
  const previous = 'whsec_' + Buffer.from('the previous secret, still valid').toString('base64');
  const endpointAt = (target: string, secrets: WebhookEndpointRecord['secrets']): WebhookEndpointRecord => ({
    endpointId: 'ep1',
    url: target,
    events: ['tier.changed', 'points.changed'],
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    secrets,
  });
  const registryAnswering = (endpoints: WebhookEndpointRecord[]) =>
    fakeClient({ getHandle: () => ({ query: async () => endpoints }) });
  const event: WebhookEvent = { id: 'c1/notification-3', type: 'tier.changed', timestamp: '2026-01-01T00:00:00.000Z', data: { customerId: 'c1', tier: 'Gold' } };

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
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`;
  });

  afterAll(async () => {
    server.close();
    await once(server, 'close');
  });

  it('posts the event signed with every live secret, each verifying with standardwebhooks', async () => {
    answer = 204;
    const expiresAt = new Date(Date.now() + 60_000).toISOString();
    const activities = activitiesWith(registryAnswering([endpointAt(url, [{ secret, createdAt: '' }, { secret: previous, createdAt: '', expiresAt }])]));
    const outcome = await run(activities.postWebhook, { endpointId: 'ep1', event });
    expect(outcome).toMatchObject({ status: 'delivered', attempts: 1, responseStatus: 204 });
    const request = received.at(-1)!;
    expect(request.method).toBe('POST');
    expect(request.headers['webhook-id']).toBe(event.id);
    expect(String(request.headers['webhook-signature']).split(' ')).toHaveLength(2);
    for (const key of [secret, previous]) {
      expect(new Webhook(key).verify(request.body, request.headers as Record<string, string>)).toEqual({
        type: 'tier.changed',
        timestamp: event.timestamp,
        data: event.data,
      });
    }
  });

  it('signs no more with a previous secret past its grace period', async () => {
    answer = 200;
    const expiresAt = new Date(Date.now() - 1).toISOString();
    const activities = activitiesWith(registryAnswering([endpointAt(url, [{ secret, createdAt: '' }, { secret: previous, createdAt: '', expiresAt }])]));
    await run(activities.postWebhook, { endpointId: 'ep1', event });
    const request = received.at(-1)!;
    expect(String(request.headers['webhook-signature']).split(' ')).toHaveLength(1);
    expect(() => new Webhook(previous).verify(request.body, request.headers as Record<string, string>)).toThrow(WebhookVerificationError);
  });

  it.each([500, 404, 429, 302])('throws on a %i answer so that the delivery is retried', async (status) => {
    answer = status;
    const activities = activitiesWith(registryAnswering([endpointAt(url, [{ secret, createdAt: '' }])]));
    await expect(run(activities.postWebhook, { endpointId: 'ep1', event })).rejects.toThrow(`answered ${status}`);
  });

  it('throws when the receiver cannot be reached', async () => {
    const activities = activitiesWith(registryAnswering([endpointAt('http://127.0.0.1:1/hooks', [{ secret, createdAt: '' }])]));
    await expect(run(activities.postWebhook, { endpointId: 'ep1', event })).rejects.toThrow(/Attempt 1: fetch failed/);
  });

  it('ends a delivery whose endpoint was deleted without posting', async () => {
    const before = received.length;
    const outcome = await run(activitiesWith(registryAnswering([])).postWebhook, { endpointId: 'ep1', event });
    expect(outcome).toEqual({ status: 'endpointDeleted' });
    expect(received).toHaveLength(before);
  });

  it('starts one delivery per subscribed endpoint and event, takes a repeat as done; only messages go to the notifier', async () => {
    const started: Array<{ workflowId: string }> = [];
    const start = vi.fn(async (_type: string, options: { workflowId: string }) => {
      if (started.some((earlier) => earlier.workflowId === options.workflowId)) {
        throw new WorkflowExecutionAlreadyStartedError('started', options.workflowId, _type);
      }
      started.push(options);
    });
    const other = { ...endpointAt(url, [{ secret, createdAt: '' }]), endpointId: 'ep2', events: ['account.closed' as const] };
    const client = fakeClient({ getHandle: () => ({ query: async () => [endpointAt(url, [{ secret, createdAt: '' }]), other] }), start });
    const send = vi.fn(async () => {});
    const activities = activitiesWith(client, { send });
    const changed: Notification = {
      id: 'c1/notification-4',
      customerId: 'c1',
      kind: 'pointsChanged',
      subject: 'Your balance changed',
      text: '+5 points: 5.',
      details: { entry: { id: 1, kind: 'points', delta: 5, balanceAfter: 5, at: '2026-01-01T00:00:00.000Z' } },
    };
    const asked = Date.now();
    const subscriptions = await run(activities.publishWebhookEvents, [notification, changed]);
    await run(activities.publishWebhookEvents, [notification, changed]); // a retry of the same batch
    expect(send).not.toHaveBeenCalled();
    await run(activities.sendNotifications, [notification, changed]);
    expect(started.map((options) => options.workflowId)).toEqual([
      'webhook-delivery:ep1:c1/notification-3',
      'webhook-delivery:ep1:c1/notification-4',
    ]);
    expect(start).toHaveBeenCalledTimes(4);
    expect(send).toHaveBeenCalledTimes(1);
    expect(send).toHaveBeenCalledWith(notification);
    // What the account may go by for the registry's cache time: the types someone subscribes to.
    expect(new Set(subscriptions.eventTypes)).toEqual(new Set([...endpointAt(url, []).events, 'account.closed']));
    expect(Date.parse(subscriptions.standsUntil)).toBeGreaterThanOrEqual(asked + DEFAULT_WEBHOOK_SETTINGS.endpointsCacheMs);
    expect(Date.parse(subscriptions.standsUntil)).toBeLessThanOrEqual(Date.now() + DEFAULT_WEBHOOK_SETTINGS.endpointsCacheMs);
  });
});
