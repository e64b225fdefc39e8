// An in-memory stand-in for the Temporal gateway: enough behaviour for the routes' happy paths,
// and every method is a plain method so that a test can vi.spyOn it to reach an edge case.
import { randomUUID } from 'node:crypto';
import { afterAll, onTestFinished } from 'vitest';
import {
  tierForPoints,
  type CommandRecord,
  type Customer,
  type Enrolment,
  type LedgerEntry,
  type LedgerPage,
  type LedgerPageRequest,
  type ScheduledCommand,
  type WebhookDelivery,
  type WebhookDeliveryPage,
  type WebhookEventType,
} from '@loyalty/contracts';
import {
  GatewayError,
  type WebhookEndpoint,
  type WebhookEndpointWithSecret,
  type WebhookGateway,
  type CommandRequest,
  type CustomerListPage,
  type CustomerListQuery,
  type CommandAnswer,
  type LoyaltyGateway,
} from '../../src/gateway/gateway.js';
import { buildApp, type LoyaltyApp } from '../../src/app.js';
import { loadApiConfig } from '../../src/config.js';

export const ADMIN_KEY = 'admin-secret-key';
export const STOREFRONT_KEY = 'storefront-secret-key';
export const auth = {
  admin: { authorization: `Bearer ${ADMIN_KEY}` },
  storefront: { authorization: `Bearer ${STOREFRONT_KEY}` },
  wrong: { authorization: 'Bearer not-a-key' },
  none: {},
} as const;

/** Endpoints in a map; deliveries as a test puts them there. */
export class FakeWebhookGateway implements WebhookGateway {
  readonly endpoints = new Map<string, WebhookEndpoint>();
  readonly deliveryLog = new Map<string, WebhookDelivery[]>();
  private secrets = 0;

  seed(endpointId: string, url = 'https://example.com/hooks', events: WebhookEventType[] = ['points.changed']): WebhookEndpoint {
    const endpoint = { endpointId, url, events, createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z' };
    this.endpoints.set(endpointId, endpoint);
    this.deliveryLog.set(endpointId, []);
    return endpoint;
  }

  private known(endpointId: string): WebhookEndpoint {
    const endpoint = this.endpoints.get(endpointId);
    if (!endpoint) throw new GatewayError('webhook-endpoint-not-found', `No webhook endpoint ${endpointId}.`);
    return endpoint;
  }

  private newSecret(): string {
    this.secrets += 1;
    return `whsec_${Buffer.from(`fake secret ${this.secrets}`).toString('base64')}`;
  }

  async register(request: { url: string; events: WebhookEventType[] }): Promise<WebhookEndpointWithSecret> {
    return { endpoint: this.seed(`ep_${randomUUID().replaceAll('-', '')}`, request.url, request.events), secret: this.newSecret() };
  }

  async list(): Promise<WebhookEndpoint[]> {
    return [...this.endpoints.values()];
  }

  async get(endpointId: string): Promise<WebhookEndpoint> {
    return this.known(endpointId);
  }

  async change(endpointId: string, change: { url?: string; events?: WebhookEventType[] }): Promise<WebhookEndpoint> {
    const endpoint = this.known(endpointId);
    Object.assign(endpoint, change, { updatedAt: new Date().toISOString() });
    return endpoint;
  }

  async remove(endpointId: string): Promise<void> {
    this.known(endpointId);
    this.endpoints.delete(endpointId);
  }

  async rotateSecret(endpointId: string): Promise<WebhookEndpointWithSecret> {
    const endpoint = this.known(endpointId);
    endpoint.previousSecretExpiresAt = new Date(Date.now() + 86_400_000).toISOString();
    return { endpoint, secret: this.newSecret() };
  }

  async deliveries(endpointId: string, page: { pageSize: number; pageToken?: string }): Promise<WebhookDeliveryPage> {
    this.known(endpointId);
    const start = page.pageToken === undefined ? 0 : Number(page.pageToken);
    if (!Number.isInteger(start) || start < 0) throw new GatewayError('invalid-page-token', 'Not a page token of this fake.');
    const all = this.deliveryLog.get(endpointId) ?? [];
    const deliveries = all.slice(start, start + page.pageSize);
    return { deliveries, ...(start + page.pageSize < all.length ? { nextPageToken: String(start + page.pageSize) } : {}) };
  }
}

export class FakeGateway implements LoyaltyGateway {
  readonly webhooks = new FakeWebhookGateway();
  readonly customers = new Map<string, Customer>();
  readonly ledgers = new Map<string, LedgerEntry[]>();
  readonly commands = new Map<string, CommandRecord>();
  readonly submitted: CommandRequest[] = [];
  readonly executed: CommandRequest[] = [];

  seed(customerId: string, points = 0): Customer {
    const customer: Customer = {
      customerId,
      name: `Customer ${customerId}`,
      points,
      tier: { ...tierForPoints(points) },
      accountActive: true,
      guests: [],
      enrolledAt: '2026-01-01T00:00:00.000Z',
    };
    this.customers.set(customerId, customer);
    this.ledgers.set(customerId, []);
    return customer;
  }

  async enrol(enrolment: Enrolment): Promise<Customer> {
    if (this.customers.has(enrolment.customerId)) throw new GatewayError('customer-exists', `Customer ${enrolment.customerId} exists.`);
    const customer = this.seed(enrolment.customerId);
    customer.name = enrolment.name;
    return customer;
  }

  async getCustomer(customerId: string): Promise<Customer> {
    const customer = this.customers.get(customerId);
    if (!customer) throw new GatewayError('customer-not-found', `No customer ${customerId}.`);
    return customer;
  }

  async getGuests(customerId: string): Promise<string[]> {
    return (await this.getCustomer(customerId)).guests;
  }

  async getScheduledCommands(customerId: string): Promise<ScheduledCommand[]> {
    await this.getCustomer(customerId);
    return [];
  }

  async getLedger(customerId: string, page: LedgerPageRequest): Promise<LedgerPage> {
    await this.getCustomer(customerId);
    const all = [...(this.ledgers.get(customerId) ?? [])].reverse();
    const older = page.beforeId === undefined ? all : all.filter((entry) => entry.id < page.beforeId!);
    const entries = older.slice(0, page.limit);
    const last = entries.at(-1);
    return {
      entries,
      ...(older.length > entries.length && last ? { nextBeforeId: last.id } : {}),
      totalEntries: all.length,
      balanceBeforeWindow: 0,
    };
  }

  async execute(request: CommandRequest): Promise<CommandAnswer> {
    this.executed.push(request);
    const customer = await this.getCustomer(request.customerId);
    const { command } = request;
    let entry: LedgerEntry | undefined;
    if (command.type === 'addPoints') {
      if (customer.points + command.points < 0) {
        return this.rejected(request, customer, 'insufficient-points', 'Not enough points.');
      }
      customer.points += command.points;
      customer.tier = { ...tierForPoints(customer.points) };
      const ledger = this.ledgers.get(customer.customerId)!;
      entry = {
        id: ledger.length + 1,
        kind: 'points',
        delta: command.points,
        balanceAfter: customer.points,
        at: new Date().toISOString(),
        idempotencyKey: request.idempotencyKey,
        ...(command.reason === undefined ? {} : { reason: command.reason }),
      };
      ledger.push(entry);
    } else if (command.type === 'inviteGuest') {
      customer.guests.push(command.guestId);
    } else if (command.type === 'cancelAccount') {
      customer.accountActive = false;
    }
    const cancelled =
      command.type === 'cancelScheduledCommand'
        ? {
            idempotencyKey: command.idempotencyKey,
            scheduledAt: '2026-01-01T00:00:00.000Z',
            command: { type: 'addPoints' as const, points: 10, notBefore: '2026-02-01T00:00:00.000Z' },
          }
        : undefined;
    const result = entry ? { entry } : cancelled ? { cancelled } : {};
    this.commands.set(request.idempotencyKey, {
      idempotencyKey: request.idempotencyKey,
      commandType: command.type,
      recordedAt: new Date().toISOString(),
      outcome: { status: 'applied', result },
    });
    return { outcome: { status: 'applied', result }, customer };
  }

  private rejected(request: CommandRequest, customer: Customer, code: 'insufficient-points', detail: string): CommandAnswer {
    this.commands.set(request.idempotencyKey, {
      idempotencyKey: request.idempotencyKey,
      commandType: request.command.type,
      recordedAt: new Date().toISOString(),
      outcome: { status: 'rejected', rejection: { code, detail } },
    });
    return { outcome: { status: 'rejected', rejection: { code, detail } }, customer };
  }

  async submit(request: CommandRequest): Promise<CommandAnswer> {
    await this.getCustomer(request.customerId);
    this.submitted.push(request);
    if (this.commands.has(request.idempotencyKey)) return { outcome: { status: 'pending' } };
    this.commands.set(request.idempotencyKey, {
      idempotencyKey: request.idempotencyKey,
      commandType: request.command.type,
      recordedAt: new Date().toISOString(),
      outcome: { status: 'pending' },
    });
    return { outcome: { status: 'pending' } };
  }

  async getCommand(customerId: string, idempotencyKey: string): Promise<CommandRecord | null> {
    await this.getCustomer(customerId);
    return this.commands.get(idempotencyKey) ?? null;
  }

  async listCustomers(query: CustomerListQuery): Promise<CustomerListPage> {
    if (query.pageToken !== undefined && !/^page-\d+$/.test(query.pageToken)) {
      throw new GatewayError('invalid-page-token', 'The page token is not one this server gave.');
    }
    const start = query.pageToken ? Number(query.pageToken.slice(5)) : 0;
    const matching = [...this.customers.values()].filter(
      (customer) =>
        (query.tier === undefined || customer.tier.name === query.tier) &&
        (query.accountActive === undefined || customer.accountActive === query.accountActive),
    );
    const page = matching.slice(start, start + query.pageSize);
    return {
      customers: page.map(({ customerId, name, tier, accountActive }) => ({ customerId, name, tier: tier.name, accountActive })),
      ...(start + query.pageSize < matching.length ? { nextPageToken: `page-${start + query.pageSize}` } : {}),
    };
  }

  async checkReady(): Promise<void> {}
}

export function testConfig(environment: Record<string, string> = {}) {
  return loadApiConfig({ LOYALTY_API_KEYS: `${ADMIN_KEY}=admin,${STOREFRONT_KEY}=storefront`, ...environment });
}

/**
 * An app in front of a fresh fake gateway; `prepare` may add test-only routes before it is ready.
 * It is closed when the test (or the beforeEach) that built it ends, as fastify/demo's helper
 * does with t.after; one built at a file's top level says `closeAfter: 'file'`.
 */
export async function buildTestApp(
  options: { environment?: Record<string, string>; prepare?: (app: LoyaltyApp) => void; closeAfter?: 'test' | 'file' } = {},
): Promise<{ app: LoyaltyApp; gateway: FakeGateway }> {
  const gateway = new FakeGateway();
  const app = buildApp({ gateway, config: testConfig(options.environment) });
  if (options.closeAfter === 'file') afterAll(() => app.close());
  else onTestFinished(() => app.close());
  options.prepare?.(app);
  await app.ready();
  return { app, gateway };
}

export function newKey(): string {
  return randomUUID();
}

/** Customer 42 (Gold, 2,500 points) with guest g1, and a recorded command under 'known-key'. */
export function seedStandard(gateway: FakeGateway): void {
  gateway.seed('42', 2500).guests.push('g1');
  gateway.seed('g1', 1000);
  gateway.webhooks.seed('ep_known');
  gateway.commands.set('known-key', {
    idempotencyKey: 'known-key',
    commandType: 'addPoints',
    recordedAt: '2026-01-01T00:00:00.000Z',
    outcome: { status: 'pending' },
  });
}
