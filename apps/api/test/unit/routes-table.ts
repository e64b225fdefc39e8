// Every operation of the API with a request that succeeds against a seeded FakeGateway, who may
// call it, and every status it can answer: the tests check both the behaviour and the document.
import type { Access } from '../../src/plugins/auth.js';

export interface RouteCase {
  operationId: string;
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** As in the OpenAPI document. */
  path: string;
  /** A concrete URL that succeeds. */
  url: string;
  body?: unknown;
  access: Access;
  ok: number;
  statuses: number[];
}

/** Any request can be too slow to arrive (408) or have too much in its headers (431). */
const HTTP = [408, 431];
const COMMAND = [202, 400, 401, 404, 409, 413, 415, 422, 429, ...HTTP, 500, 503];

/** Customer 42 is Gold with guest g1; see seedStandard. */
export const ROUTES: RouteCase[] = [
  { operationId: 'enrolCustomer', method: 'POST', path: '/customers', url: '/customers', body: { customerId: 'new-1', name: 'New' }, access: 'storefront', ok: 201, statuses: [201, 400, 401, 409, 413, 415, 429, ...HTTP, 500, 503] },
  { operationId: 'getCustomer', method: 'GET', path: '/customers/{customerId}', url: '/customers/42', access: 'storefront', ok: 200, statuses: [200, 400, 401, 404, 429, ...HTTP, 500, 503] },
  { operationId: 'listCustomers', method: 'GET', path: '/customers', url: '/customers?tier=Gold', access: 'admin', ok: 200, statuses: [200, 400, 401, 403, 429, ...HTTP, 500, 503] },
  { operationId: 'addPoints', method: 'POST', path: '/customers/{customerId}/points', url: '/customers/42/points', body: { points: 10 }, access: 'storefront', ok: 200, statuses: [200, 403, ...COMMAND] },
  { operationId: 'getCommandOutcome', method: 'GET', path: '/customers/{customerId}/commands/{idempotencyKey}', url: '/customers/42/commands/known-key', access: 'storefront', ok: 200, statuses: [200, 400, 401, 404, 429, ...HTTP, 500, 503] },
  { operationId: 'cancelScheduledCommand', method: 'DELETE', path: '/customers/{customerId}/commands/{idempotencyKey}', url: '/customers/42/commands/bonus-1', access: 'storefront', ok: 200, statuses: [200, ...COMMAND] },
  { operationId: 'listScheduledCommands', method: 'GET', path: '/customers/{customerId}/scheduled-commands', url: '/customers/42/scheduled-commands', access: 'storefront', ok: 200, statuses: [200, 400, 401, 404, 429, ...HTTP, 500, 503] },
  { operationId: 'listTransactions', method: 'GET', path: '/customers/{customerId}/transactions', url: '/customers/42/transactions', access: 'storefront', ok: 200, statuses: [200, 400, 401, 404, 429, ...HTTP, 500, 503] },
  { operationId: 'inviteGuest', method: 'POST', path: '/customers/{customerId}/guests', url: '/customers/42/guests', body: { guestId: 'g2' }, access: 'storefront', ok: 201, statuses: [201, ...COMMAND] },
  { operationId: 'listGuests', method: 'GET', path: '/customers/{customerId}/guests', url: '/customers/42/guests', access: 'storefront', ok: 200, statuses: [200, 400, 401, 404, 429, ...HTTP, 500, 503] },
  { operationId: 'giftGuest', method: 'POST', path: '/customers/{customerId}/gifts', url: '/customers/42/gifts', body: { guestId: 'g1', points: 5 }, access: 'storefront', ok: 200, statuses: [200, 403, ...COMMAND] },
  { operationId: 'listRewards', method: 'GET', path: '/rewards', url: '/rewards', access: 'storefront', ok: 200, statuses: [200, 401, 429, ...HTTP, 500, 503] },
  { operationId: 'redeemReward', method: 'POST', path: '/customers/{customerId}/redemptions', url: '/customers/42/redemptions', body: { rewardId: 'lounge-access' }, access: 'storefront', ok: 201, statuses: [201, ...COMMAND] },
  { operationId: 'ensureMinimumStatus', method: 'PUT', path: '/customers/{customerId}/status', url: '/customers/42/status', body: { tier: 4 }, access: 'admin', ok: 200, statuses: [200, 403, ...COMMAND] },
  { operationId: 'updateProfile', method: 'PATCH', path: '/customers/{customerId}', url: '/customers/42', body: { name: 'Ada Byron' }, access: 'storefront', ok: 200, statuses: [200, ...COMMAND] },
  { operationId: 'cancelAccount', method: 'DELETE', path: '/customers/{customerId}', url: '/customers/42', access: 'admin', ok: 200, statuses: [200, 403, ...COMMAND] },
  { operationId: 'listTiers', method: 'GET', path: '/tiers', url: '/tiers', access: 'storefront', ok: 200, statuses: [200, 401, 429, ...HTTP, 500, 503] },
  { operationId: 'createWebhookEndpoint', method: 'POST', path: '/webhooks/endpoints', url: '/webhooks/endpoints', body: { url: 'https://example.com/hooks', events: ['points.changed'] }, access: 'admin', ok: 201, statuses: [201, 400, 401, 403, 413, 415, 422, 429, ...HTTP, 500, 503] },
  { operationId: 'listWebhookEndpoints', method: 'GET', path: '/webhooks/endpoints', url: '/webhooks/endpoints', access: 'admin', ok: 200, statuses: [200, 401, 403, 429, ...HTTP, 500, 503] },
  { operationId: 'getWebhookEndpoint', method: 'GET', path: '/webhooks/endpoints/{endpointId}', url: '/webhooks/endpoints/ep_known', access: 'admin', ok: 200, statuses: [200, 400, 401, 403, 404, 429, ...HTTP, 500, 503] },
  { operationId: 'changeWebhookEndpoint', method: 'PATCH', path: '/webhooks/endpoints/{endpointId}', url: '/webhooks/endpoints/ep_known', body: { events: ['tier.changed'] }, access: 'admin', ok: 200, statuses: [200, 400, 401, 403, 404, 413, 415, 429, ...HTTP, 500, 503] },
  { operationId: 'rotateWebhookSecret', method: 'POST', path: '/webhooks/endpoints/{endpointId}/secret-rotations', url: '/webhooks/endpoints/ep_known/secret-rotations', access: 'admin', ok: 201, statuses: [201, 400, 401, 403, 404, 413, 415, 429, ...HTTP, 500, 503] },
  { operationId: 'listWebhookDeliveries', method: 'GET', path: '/webhooks/endpoints/{endpointId}/deliveries', url: '/webhooks/endpoints/ep_known/deliveries', access: 'admin', ok: 200, statuses: [200, 400, 401, 403, 404, 429, ...HTTP, 500, 503] },
  { operationId: 'deleteWebhookEndpoint', method: 'DELETE', path: '/webhooks/endpoints/{endpointId}', url: '/webhooks/endpoints/ep_known', access: 'admin', ok: 204, statuses: [204, 400, 401, 403, 404, 413, 415, 429, ...HTTP, 500, 503] },
  { operationId: 'getLiveness', method: 'GET', path: '/healthz', url: '/healthz', access: 'public', ok: 200, statuses: [200, ...HTTP, 500, 503] },
  { operationId: 'getReadiness', method: 'GET', path: '/readyz', url: '/readyz', access: 'public', ok: 200, statuses: [200, ...HTTP, 500, 503] },
];
