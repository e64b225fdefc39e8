// A storefront's client of the Loyalty Gateway. The request and response types are those of
// openapi.yaml (generated into ./openapi.ts); what is written here is the behaviour that keeps the
// API's exactly-once promise easy to keep:
//
// - one Idempotency-Key per logical command, made here unless the caller brings its own (e.g. an
//   order number), and kept across every retry of that command;
// - 429, 503 and network failures retried with that key and the same body, after Retry-After when
//   the answer gives one, else after a growing, jittered delay;
// - a 202 (accepted, outcome pending) followed to its outcome when asked to.
import createClient, { type Client as OpenApiClient } from 'openapi-fetch';
import type { components, paths } from './openapi.js';

export type { components, operations, paths } from './openapi.js';
export type Customer = components['schemas']['Customer'];
export type Problem = components['schemas']['Problem'];

type JsonBody<Operation> = Operation extends { requestBody: { content: { 'application/json': infer Body } } } ? Body : never;
type Ok<Operation, Status extends number> = Operation extends { responses: { [S in Status]: { content: { 'application/json': infer Body } } } } ? Body : never;

export type EnrolBody = JsonBody<paths['/customers']['post']>;
export type PointsBody = JsonBody<paths['/customers/{customerId}/points']['post']>;
export type GiftBody = JsonBody<paths['/customers/{customerId}/gifts']['post']>;
export type InviteBody = JsonBody<paths['/customers/{customerId}/guests']['post']>;
export type RedeemBody = JsonBody<paths['/customers/{customerId}/redemptions']['post']>;
export type StatusBody = JsonBody<paths['/customers/{customerId}/status']['put']>;
export type ProfileBody = JsonBody<paths['/customers/{customerId}']['patch']>;
export type CommandOutcome = Ok<paths['/customers/{customerId}/commands/{idempotencyKey}']['get'], 200>;
export type ListCustomersQuery = NonNullable<paths['/customers']['get']['parameters']['query']>;
export type ListTransactionsQuery = NonNullable<paths['/customers/{customerId}/transactions']['get']['parameters']['query']>;

export interface RetryPolicy {
  /** Attempts in all, the first included. */
  attempts: number;
  /** The first wait when the answer names none; it doubles per attempt (with jitter). */
  initialDelayMs: number;
  /** No wait is longer, whatever Retry-After asks. */
  maxDelayMs: number;
}

export interface LoyaltyClientOptions {
  /** e.g. http://localhost:3000 */
  baseUrl: string;
  /** An API key from the API's LOYALTY_API_KEYS (storefront or admin). */
  apiKey?: string;
  retry?: Partial<RetryPolicy>;
  /** Makes the key of a command that was given none. */
  newIdempotencyKey?: () => string;
  fetch?: typeof globalThis.fetch;
  /** Waits between attempts (tests pass a fake clock). */
  sleep?: (ms: number) => Promise<void>;
}

export interface CommandOptions {
  /** The command's key; one is made when absent. Pass your own (e.g. `order-1001-points`) to make the command idempotent across processes. */
  idempotencyKey?: string;
  /** Answer 202 as soon as the command is durably accepted (`Prefer: respond-async`). */
  respondAsync?: boolean;
}

/** What a call answered, after its retries. */
export interface Answer<Data> {
  status: number;
  /** The body of a 2xx answer. */
  data?: Data;
  /** The problem of a 4xx or 5xx answer. */
  problem?: Problem;
  response: Response;
  /** How many requests it took. */
  attempts: number;
}

export interface CommandAnswer<Data> extends Answer<Data> {
  /** The key every attempt carried: the outcome resource knows the command by it. */
  idempotencyKey: string;
  /** Of a 202: where the outcome can be read. */
  location?: string;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 6, initialDelayMs: 200, maxDelayMs: 10_000 };
/** Answers worth another attempt with the same key: the command may not have been taken, and repeating it is safe. */
const RETRIED_STATUSES = new Set([429, 502, 503, 504]);

export function createLoyaltyClient(options: LoyaltyClientOptions) {
  const retry: RetryPolicy = { ...DEFAULT_RETRY, ...options.retry };
  const newKey = options.newIdempotencyKey ?? (() => globalThis.crypto.randomUUID());
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const api: OpenApiClient<paths> = createClient<paths>({
    baseUrl: options.baseUrl.replace(/\/$/, ''),
    ...(options.fetch ? { fetch: options.fetch } : {}),
    ...(options.apiKey ? { headers: { authorization: `Bearer ${options.apiKey}` } } : {}),
  });

  /** Sends a request until its answer is final or the attempts are spent; every attempt is the same request. */
  async function withRetries<Data>(send: () => Promise<{ data?: unknown; error?: unknown; response: Response }>): Promise<Answer<Data>> {
    for (let attempt = 1; ; attempt += 1) {
      let answer: { data?: unknown; error?: unknown; response: Response } | undefined;
      try {
        answer = await send();
      } catch (error) {
        // A network failure (fetch rejects with a TypeError): the request may or may not have
        // arrived; the same key makes the next attempt safe. A caller's abort is final.
        if (!(error instanceof TypeError) || attempt >= retry.attempts) throw error;
      }
      if (answer && (!RETRIED_STATUSES.has(answer.response.status) || attempt >= retry.attempts)) {
        const { response } = answer;
        return {
          status: response.status,
          ...(response.ok ? { data: answer.data as Data } : { problem: answer.error as Problem }),
          response,
          attempts: attempt,
        };
      }
      await sleep(delayBefore(attempt + 1, answer?.response, retry));
    }
  }

  async function command<Data>(commandOptions: CommandOptions | undefined, send: (headers: Record<string, string>) => Promise<{ data?: unknown; error?: unknown; response: Response }>): Promise<CommandAnswer<Data>> {
    const idempotencyKey = commandOptions?.idempotencyKey ?? newKey();
    const headers: Record<string, string> = { 'idempotency-key': idempotencyKey, ...(commandOptions?.respondAsync ? { prefer: 'respond-async' } : {}) };
    const answer = await withRetries<Data>(() => send(headers));
    const location = answer.status === 202 ? (answer.response.headers.get('location') ?? undefined) : undefined;
    return { ...answer, idempotencyKey, ...(location ? { location } : {}) };
  }

  const customer = (customerId: string) => ({ params: { path: { customerId } } });
  const getCommandOutcome = (customerId: string, idempotencyKey: string, fingerprint?: string) =>
    withRetries<CommandOutcome>(() =>
      api.GET('/customers/{customerId}/commands/{idempotencyKey}', { params: { path: { customerId, idempotencyKey }, query: fingerprint === undefined ? {} : { fingerprint } } }),
    );

  return {
    /** The typed openapi-fetch client itself, for what the methods below do not cover. */
    api,

    // --- commands: one key each, retried with it ---------------------------------------------
    /** Enrols a customer. Enrolment is keyed by the customer ID: a retry of one that landed answers 409 customer-exists. */
    enrol: (body: EnrolBody) => withRetries<Customer>(() => api.POST('/customers', { body })),
    addPoints: (customerId: string, body: PointsBody, opts?: CommandOptions) =>
      command<Ok<paths['/customers/{customerId}/points']['post'], 200>>(opts, (headers) => api.POST('/customers/{customerId}/points', { ...customer(customerId), body, headers })),
    gift: (customerId: string, body: GiftBody, opts?: CommandOptions) =>
      command<Ok<paths['/customers/{customerId}/gifts']['post'], 200>>(opts, (headers) => api.POST('/customers/{customerId}/gifts', { ...customer(customerId), body, headers })),
    inviteGuest: (customerId: string, body: InviteBody, opts?: CommandOptions) =>
      command<Ok<paths['/customers/{customerId}/guests']['post'], 201>>(opts, (headers) => api.POST('/customers/{customerId}/guests', { ...customer(customerId), body, headers })),
    redeem: (customerId: string, body: RedeemBody, opts?: CommandOptions) =>
      command<Ok<paths['/customers/{customerId}/redemptions']['post'], 201>>(opts, (headers) => api.POST('/customers/{customerId}/redemptions', { ...customer(customerId), body, headers })),
    ensureMinimumStatus: (customerId: string, body: StatusBody, opts?: CommandOptions) =>
      command<Ok<paths['/customers/{customerId}/status']['put'], 200>>(opts, (headers) => api.PUT('/customers/{customerId}/status', { ...customer(customerId), body, headers })),
    updateProfile: (customerId: string, body: ProfileBody, opts?: CommandOptions) =>
      command<Customer>(opts, (headers) => api.PATCH('/customers/{customerId}', { ...customer(customerId), body, headers })),
    /** Withdraws a command sent with `notBefore` before its time, by that command's key. */
    cancelScheduledCommand: (customerId: string, scheduledKey: string, opts?: CommandOptions) =>
      command<Ok<paths['/customers/{customerId}/commands/{idempotencyKey}']['delete'], 200>>(opts, (headers) =>
        api.DELETE('/customers/{customerId}/commands/{idempotencyKey}', { params: { path: { customerId, idempotencyKey: scheduledKey } }, headers }),
      ),
    cancelAccount: (customerId: string, opts?: CommandOptions) =>
      command<Ok<paths['/customers/{customerId}']['delete'], 200>>(opts, (headers) => api.DELETE('/customers/{customerId}', { ...customer(customerId), headers })),

    // --- reads: retried too (they change nothing) ------------------------------------------------
    getCustomer: (customerId: string) => withRetries<Customer>(() => api.GET('/customers/{customerId}', customer(customerId))),
    listCustomers: (query: ListCustomersQuery = {}) => withRetries<Ok<paths['/customers']['get'], 200>>(() => api.GET('/customers', { params: { query } })),
    listTransactions: (customerId: string, query: ListTransactionsQuery = {}) =>
      withRetries<Ok<paths['/customers/{customerId}/transactions']['get'], 200>>(() => api.GET('/customers/{customerId}/transactions', { params: { path: { customerId }, query } })),
    listGuests: (customerId: string) => withRetries<Ok<paths['/customers/{customerId}/guests']['get'], 200>>(() => api.GET('/customers/{customerId}/guests', customer(customerId))),
    listRewards: () => withRetries<Ok<paths['/rewards']['get'], 200>>(() => api.GET('/rewards')),
    listTiers: () => withRetries<Ok<paths['/tiers']['get'], 200>>(() => api.GET('/tiers')),
    getCommandOutcome,
    listScheduledCommands: (customerId: string) =>
      withRetries<Ok<paths['/customers/{customerId}/scheduled-commands']['get'], 200>>(() => api.GET('/customers/{customerId}/scheduled-commands', customer(customerId))),

    /**
     * Follows a 202 to the command's outcome: reads its Location until it is no longer pending
     * (applied or rejected), or until `timeoutMs` has passed (then the last, pending, reading).
     */
    async settle(accepted: Pick<CommandAnswer<unknown>, 'location'>, { timeoutMs = 60_000, pollMs = 250 } = {}): Promise<Answer<CommandOutcome>> {
      const target = accepted.location ? outcomeAt(accepted.location) : undefined;
      if (!target) throw new Error('settle() follows a 202 answer: this one has no Location');
      const deadline = Date.now() + timeoutMs;
      for (let wait = pollMs; ; wait = Math.min(wait * 2, 2_000)) {
        const reading = await getCommandOutcome(target.customerId, target.idempotencyKey, target.fingerprint);
        if (reading.data?.status !== 'pending' || Date.now() + wait > deadline) return reading;
        await sleep(wait);
      }
    },
  };
}

export type LoyaltyClient = ReturnType<typeof createLoyaltyClient>;

/** The wait before an attempt: what Retry-After asks (seconds or an HTTP date), else exponential with jitter; never above the cap. */
export function delayBefore(attempt: number, response: Response | undefined, retry: RetryPolicy): number {
  const asked = response?.headers.get('retry-after');
  if (asked) {
    const seconds = Number(asked);
    const ms = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(asked) - Date.now();
    if (Number.isFinite(ms)) return Math.min(Math.max(ms, 0), retry.maxDelayMs);
  }
  const exponential = retry.initialDelayMs * 2 ** (attempt - 2);
  return Math.min(exponential / 2 + Math.random() * (exponential / 2), retry.maxDelayMs);
}

/** The command a 202's Location names: /customers/{id}/commands/{key}?fingerprint=… */
function outcomeAt(location: string): { customerId: string; idempotencyKey: string; fingerprint?: string } | undefined {
  const url = new URL(location, 'http://location.invalid');
  const match = /\/customers\/([^/]+)\/commands\/([^/]+)$/.exec(url.pathname);
  if (!match) return undefined;
  const fingerprint = url.searchParams.get('fingerprint');
  return { customerId: decodeURIComponent(match[1]!), idempotencyKey: decodeURIComponent(match[2]!), ...(fingerprint ? { fingerprint } : {}) };
}
