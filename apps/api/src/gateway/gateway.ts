import type {
  Command,
  CommandOutcome,
  CommandRecord,
  Customer,
  Enrolment,
  LedgerPage,
  LedgerPageRequest,
  ScheduledCommand,
  TierName,
  WebhookDeliveryPage,
  WebhookEventType,
} from '@loyalty/contracts';

/**
 * What the HTTP routes need from the loyalty actors. The Temporal implementation is
 * temporal-gateway.ts; route tests hand the app a fake to reach edge cases cheaply.
 */
export interface LoyaltyGateway {
  /** Starts a customer's actor. Throws GatewayError 'customer-exists' or 'account-closed'. */
  enrol(enrolment: Enrolment): Promise<Customer>;
  /** Throws GatewayError 'customer-not-found'. A closed account answers with its final state. */
  getCustomer(customerId: string): Promise<Customer>;
  getGuests(customerId: string): Promise<string[]>;
  getLedger(customerId: string, page: LedgerPageRequest): Promise<LedgerPage>;
  /** Commands waiting for their `notBefore` time, the soonest first. */
  getScheduledCommands(customerId: string): Promise<ScheduledCommand[]>;
  /**
   * Applies a command and answers its outcome. Commands to one customer that arrive together
   * travel together in one update (group commit). 'pending' means the outcome is not known yet:
   * the command waits on another actor, or the deadline passed; it is read by its key later.
   */
  execute(request: CommandRequest): Promise<CommandAnswer>;
  /**
   * Hands a command to the actor durably (one signal per batch) without waiting for its outcome:
   * answers 'pending'. Whether it was new, a repeat or a reuse of its key for another request is
   * the actor's to decide; `getCommand` with the request's fingerprint tells.
   */
  submit(request: CommandRequest): Promise<CommandAnswer>;
  /**
   * The actor's record of a keyed command, or null when it holds none. With the asker's
   * fingerprint, a key that another request took first reads as rejected (key reused).
   */
  getCommand(customerId: string, idempotencyKey: string, fingerprint?: string): Promise<CommandRecord | null>;
  listCustomers(query: CustomerListQuery): Promise<CustomerListPage>;
  /** Resolves when Temporal answers and a worker polls the task queue; throws GatewayError otherwise. */
  checkReady(): Promise<void>;
  webhooks: WebhookGateway;
}

/** A registered webhook endpoint as the API shows it: never its secrets. */
export interface WebhookEndpoint {
  endpointId: string;
  url: string;
  events: WebhookEventType[];
  createdAt: string;
  updatedAt: string;
  /** After a rotation: until when the previous secret still signs beside the new one. */
  previousSecretExpiresAt?: string;
}

/** The endpoint with its new signing secret, shown once: at registration and at each rotation. */
export interface WebhookEndpointWithSecret {
  endpoint: WebhookEndpoint;
  secret: string;
}

/**
 * The webhook endpoint registry and the delivery log. Every call that names an endpoint throws
 * GatewayError 'webhook-endpoint-not-found' when there is none of that ID.
 */
export interface WebhookGateway {
  /** Throws GatewayError 'webhook-endpoint-limit-reached' when MAX_WEBHOOK_ENDPOINTS are registered. */
  register(request: { url: string; events: WebhookEventType[] }): Promise<WebhookEndpointWithSecret>;
  list(): Promise<WebhookEndpoint[]>;
  get(endpointId: string): Promise<WebhookEndpoint>;
  change(endpointId: string, change: { url?: string; events?: WebhookEventType[] }): Promise<WebhookEndpoint>;
  remove(endpointId: string): Promise<void>;
  rotateSecret(endpointId: string): Promise<WebhookEndpointWithSecret>;
  /** Newest first. Throws GatewayError 'invalid-page-token' for a token not issued here. */
  deliveries(endpointId: string, page: { pageSize: number; pageToken?: string }): Promise<WebhookDeliveryPage>;
}

export interface CommandRequest {
  customerId: string;
  /** Given by the client, or made up by the gateway when the client sent none. */
  idempotencyKey: string;
  command: Command;
}

/** A command's outcome, with the account after it when the actor answered. */
export interface CommandAnswer {
  outcome: CommandOutcome;
  customer?: Customer;
}

export interface CustomerListQuery {
  tier?: TierName;
  accountActive?: boolean;
  pageSize: number;
  /** Opaque, from the previous page's nextPageToken. Throws GatewayError 'invalid-page-token' if forged. */
  pageToken?: string;
}

export interface CustomerSummary {
  customerId: string;
  name?: string;
  tier: TierName;
  accountActive: boolean;
}

export interface CustomerListPage {
  customers: CustomerSummary[];
  nextPageToken?: string;
}

/** Why the gateway could not serve a call, apart from the actors' own rejections (FailureCode). */
export const GATEWAY_ERROR_CODES = [
  'customer-not-found',
  'customer-exists',
  'account-closed',
  'invalid-page-token',
  'webhook-endpoint-not-found',
  /** The registry holds as many endpoints as it may (MAX_WEBHOOK_ENDPOINTS). */
  'webhook-endpoint-limit-reached',
  /** The customer has more commands in flight than Temporal accepts; retry after a moment. */
  'too-many-requests',
  /** Temporal did not answer, or no worker is polling, within the call's deadline. */
  'temporal-unavailable',
] as const;

export type GatewayErrorCode = (typeof GATEWAY_ERROR_CODES)[number];

export class GatewayError extends Error {
  override name = 'GatewayError';
  constructor(
    readonly code: GatewayErrorCode,
    message: string,
    /** Seconds a client should wait before retrying, for the retryable codes. */
    readonly retryAfterSeconds?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
