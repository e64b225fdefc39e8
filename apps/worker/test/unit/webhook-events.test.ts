// Which notifications are webhook events and what they say, balance changes in the outbox only
// for accounts on the batch-publishing code, and Standard Webhooks signatures.
import { describe, expect, it } from 'vitest';
import { Webhook, WebhookVerificationError } from 'standardwebhooks';
import { MAX_OUTBOX, MAX_OUTBOX_WITH_BALANCE_EVENTS, WEBHOOK_EVENT_TYPES } from '@loyalty/contracts';
import * as account from '../../src/domain/account.js';
import type { Notification } from '../../src/domain/notifications.js';
import type { AccountState } from '../../src/domain/state.js';
import { isMessageToCustomer, webhookEventFor, webhookEventTypeOf } from '../../src/domain/webhook-events.js';
import { webhookBody, webhookHeaders } from '../../src/webhooks/signing.js';

const NOW = Date.parse('2026-01-01T00:00:00.000Z');

function open(announcesPointChanges: boolean, points = 0): AccountState {
  return account.openAccount({ customerId: 'c1', name: 'Customer c1', points }, NOW, { announcesPointChanges });
}

const eventsOf = (state: AccountState) => state.outbox.flatMap((notification) => webhookEventFor(notification) ?? []);

describe('balance changes in the outbox', () => {
  it('are announced, one per ledger entry, only by an account that publishes in batches', () => {
    const state = open(true, 100);
    account.addPoints(state, { type: 'addPoints', points: 450, reason: 'a long reason '.repeat(20) }, NOW);
    const events = eventsOf(state);
    expect(events.map((event) => event.type)).toEqual(['points.changed', 'points.changed', 'tier.changed']);
    expect(events[1]).toEqual({
      id: 'c1/notification-3',
      type: 'points.changed',
      timestamp: new Date(NOW).toISOString(),
      data: { customerId: 'c1', entryId: 2, kind: 'points', delta: 450, balance: 550, at: new Date(NOW).toISOString() },
    });
    // The reason stays on the ledger: the event (and the outbox) stay small.
    expect(JSON.stringify(state.outbox)).not.toContain('a long reason');

    const earlier = open(false, 100);
    account.addPoints(earlier, { type: 'addPoints', points: 450 }, NOW);
    expect(eventsOf(earlier).map((event) => event.type)).toEqual(['tier.changed']);
  });

  it('keep the outbox bounded, with room for a full batch of changes', () => {
    const state = open(true);
    for (let i = 0; i < 1_000; i += 1) account.addPoints(state, { type: 'addPoints', points: 1 }, NOW);
    expect(state.outbox).toHaveLength(MAX_OUTBOX_WITH_BALANCE_EVENTS);
    const earlier = open(false);
    for (let i = 0; i < 1_000; i += 1) account.notify(earlier, 'promotion', 's', 't');
    expect(earlier.outbox).toHaveLength(MAX_OUTBOX);
  });
});

describe('webhook events of notifications', () => {
  const notification = (kind: Notification['kind'], extra: Partial<Notification> = {}): Notification => ({
    id: `c1/notification-9`,
    customerId: 'c1',
    kind,
    subject: 's',
    text: 't',
    firstAttemptAt: '2026-01-02T00:00:00.000Z',
    ...extra,
  });

  it.each([
    ['promotion', { tier: 'Gold' as const }, 'tier.changed', { customerId: 'c1', tier: 'Gold', direction: 'up' }],
    ['demotion', { tier: 'Bronze' as const }, 'tier.changed', { customerId: 'c1', tier: 'Bronze', direction: 'down' }],
    ['guestInvited', { details: { guestId: 'g1' } }, 'guest.joined', { customerId: 'c1', guestId: 'g1' }],
    ['giftReceived', { details: { hostId: 'h1', points: 5 } }, 'gift.received', { customerId: 'c1', fromCustomerId: 'h1', points: 5 }],
    ['pointsExpiring', { text: '50 points expire on 1 March', details: { expiring: { points: 50, at: '2026-03-01T00:00:00.000Z' } } }, 'points.expiring', { customerId: 'c1', points: 50, at: '2026-03-01T00:00:00.000Z', text: '50 points expire on 1 March' }],
    ['accountClosed', {}, 'account.closed', { customerId: 'c1' }],
  ] as const)('maps %s to %s', (kind, extra, type, data) => {
    const event = webhookEventFor(notification(kind, extra as Partial<Notification>));
    expect(event).toEqual({ id: 'c1/notification-9', type, timestamp: '2026-01-02T00:00:00.000Z', data });
  });

  it('covers every event type, and leaves the other notifications to the notifier alone', () => {
    const kinds: Notification['kind'][] = ['welcome', 'promotion', 'demotion', 'guestInvited', 'guestAccountClosed', 'guestLimitReached', 'giftSent', 'giftReceived', 'accountClosed', 'pointsChanged', 'pointsExpiring'];
    const types = new Set(kinds.flatMap((kind) => webhookEventFor(notification(kind))?.type ?? []));
    expect([...types].sort()).toEqual([...WEBHOOK_EVENT_TYPES].sort());
    expect(kinds.filter((kind) => webhookEventTypeOf(notification(kind)) === undefined)).toEqual(['welcome', 'guestAccountClosed', 'guestLimitReached', 'giftSent']);
    expect(kinds.filter((kind) => !isMessageToCustomer(notification(kind)))).toEqual(['pointsChanged']);
  });
});

describe('signatures', () => {
  const event = { id: 'c1/notification-3', type: 'account.closed' as const, timestamp: '2026-01-01T00:00:00.000Z', data: { customerId: 'c1' } };
  const secretA = `whsec_${Buffer.from('secret a, thirty-two bytes long.').toString('base64')}`;
  const secretB = `whsec_${Buffer.from('secret b, thirty-two bytes long.').toString('base64')}`;

  it('verify with each secret that signed, and with no other', () => {
    const body = webhookBody(event);
    const headers = webhookHeaders(event.id, body, [secretA, secretB], new Date());
    expect(headers['webhook-id']).toBe(event.id);
    for (const secret of [secretA, secretB]) expect(new Webhook(secret).verify(body, headers)).toEqual({ type: event.type, timestamp: event.timestamp, data: event.data });
    const onlyA = webhookHeaders(event.id, body, [secretA], new Date());
    expect(() => new Webhook(secretB).verify(body, onlyA)).toThrow(WebhookVerificationError);
    expect(() => new Webhook(secretA).verify(body.replace('c1', 'c2'), onlyA)).toThrow(WebhookVerificationError);
  });

  it('refuses to sign without a secret', () => {
    expect(() => webhookHeaders(event.id, webhookBody(event), [], new Date())).toThrow();
  });
});

describe('a balance change in the outbox', () => {
  it('stays within its share of the carried state at its largest', () => {
    const longId = 'c'.repeat(64);
    const state = account.openAccount({ customerId: longId, name: 'n'.repeat(100), email: `${'e'.repeat(240)}@example.com`, points: 10 }, NOW, { announcesPointChanges: true });
    state.ledger.nextEntryId = 1_000_000_000;
    state.nextNotificationNumber = 1_000_000_000;
    account.changePoints(state, -1, { kind: 'giftSent', counterparty: 'g'.repeat(64), reason: 'r'.repeat(500) }, NOW);
    const changed = state.outbox.at(-1)!;
    expect(changed.kind).toBe('pointsChanged');
    changed.firstAttemptAt = new Date(NOW).toISOString();
    expect(changed.email).toBeUndefined();
    expect(JSON.stringify(changed).length).toBeLessThanOrEqual(550);
  });
});
