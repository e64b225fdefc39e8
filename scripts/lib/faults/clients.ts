// The fault suite's clients: each logical command gets one Idempotency-Key and is sent again,
// with the same key and the same body, after any failure (a network error, a timeout, a 5xx, a
// 429 after its Retry-After) and a 202 is followed to its Location until it settles: what a
// storefront backend that must not lose or double an order does. Every attempt that failed and
// every acknowledgement is logged with its time, for the per-fault figures of the report.
import { setTimeout as sleep } from 'node:timers/promises';

/** One attempt's longest wait for an answer: the API's own deadlines are a few seconds. */
const ATTEMPT_TIMEOUT_MS = 15_000;
/** Pauses between attempts after a failure without a Retry-After, and between polls. */
const BACKOFF_MS = { first: 100, max: 2_000 };
const POLL_MS = { first: 100, max: 1_000 };
/** A 202's outcome that the account has not recorded after this long is sent again (same key). */
const UNRECORDED_RESEND_MS = 3_000;

/** The core of a ledger entry: what an acknowledgement and every later read must agree on. */
export interface EntryCore {
  id: number;
  kind: string;
  delta: number;
  balanceAfter: number;
}

export type Outcome =
  | { status: 'applied'; entry?: EntryCore; guestId?: string; tier?: number }
  | { status: 'rejected'; code: string; httpStatus?: number };

export interface Failure {
  at: number;
  what: string;
}

export interface Ack {
  at: number;
  latencyMs: number;
}

/** Every failed attempt and every acknowledgement, in time order. */
export class EventLog {
  readonly failures: Failure[] = [];
  readonly acks: Ack[] = [];
  failed(what: string): void {
    this.failures.push({ at: Date.now(), what });
  }
  acknowledged(latencyMs: number): void {
    this.acks.push({ at: Date.now(), latencyMs });
  }
}

export interface Reply {
  status: number;
  headers: Headers;
  body: any;
}

/** The API processes behind the clients; each attempt picks one, a failed one is avoided next. */
export class Apis {
  constructor(
    readonly urls: readonly string[],
    private readonly token: string,
  ) {}

  pick(avoid?: string): string {
    const choices = this.urls.length > 1 && avoid ? this.urls.filter((url) => url !== avoid) : this.urls;
    return choices[Math.floor(Math.random() * choices.length)]!;
  }

  async call(url: string, method: string, path: string, options: { body?: unknown; headers?: Record<string, string> } = {}): Promise<Reply> {
    const response = await fetch(`${url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${this.token}`,
        ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
        ...options.headers,
      },
      ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
      signal: AbortSignal.timeout(ATTEMPT_TIMEOUT_MS),
    });
    const text = await response.text();
    let body: unknown;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      body = text;
    }
    return { status: response.status, headers: response.headers, body };
  }
}

/** A reply the client takes again: the server could not answer it now. */
export const isRetryable = (status: number) => status === 429 || status >= 500;

export function describeError(error: unknown): string {
  const err = error as Error & { cause?: { code?: string; message?: string } };
  if (err.name === 'TimeoutError' || err.name === 'AbortError') return 'timeout';
  return `network: ${err.cause?.code ?? err.cause?.message ?? err.message}`;
}

/** The pause a 429 or 503 asks for (capped, so that the deadline is not slept through), else a backoff. */
export function pauseFor(reply: Reply | undefined, attempt: number): number {
  const retryAfter = Number(reply?.headers.get('retry-after'));
  if (Number.isFinite(retryAfter) && retryAfter > 0) return Math.min(retryAfter * 1000, 5_000);
  return jitter(Math.min(BACKOFF_MS.first * 2 ** (attempt - 1), BACKOFF_MS.max));
}

const jitter = (ms: number) => ms / 2 + Math.random() * (ms / 2);

/** One logical command: its key, what it asks, and how it went. */
export interface Command {
  key: string;
  kind: string;
  customerId: string;
  path: string;
  body: Record<string, unknown>;
  async: boolean;
  /** Sent without an Idempotency-Key (an enrolment is not a keyed command). */
  unkeyed?: boolean;
  sentAt: number;
  attempts: number;
  outcome?: Outcome;
  ackedAt?: number;
  gaveUp?: string;
}

/**
 * Sends `command` until it is acknowledged (applied or rejected) or its deadline passes; never
 * with another key or another body.
 */
export async function send(apis: Apis, log: EventLog, command: Command, deadline: number): Promise<void> {
  command.sentAt = Date.now();
  let url = apis.pick();
  const headers = { ...(command.unkeyed ? {} : { 'idempotency-key': command.key }), ...(command.async ? { prefer: 'respond-async' } : {}) };
  let failures = 0;
  const failed = async (what: string, reply?: Reply) => {
    failures += 1;
    log.failed(what);
    await sleep(Math.min(pauseFor(reply, failures), Math.max(0, deadline - Date.now())));
    url = apis.pick(url);
  };
  while (Date.now() < deadline) {
    command.attempts += 1;
    let reply: Reply;
    try {
      reply = await apis.call(url, 'POST', command.path, { body: command.body, headers });
    } catch (error) {
      await failed(describeError(error));
      continue;
    }
    if (reply.status === 202) {
      const location = reply.headers.get('location');
      if (!location) {
        await failed('202 without a Location');
        continue;
      }
      const outcome = await follow(apis, log, location, deadline);
      if (outcome === undefined) continue; // not recorded (yet): send it again, same key
      return acknowledge(log, command, outcome);
    }
    if (isRetryable(reply.status)) {
      await failed(`${reply.status} ${reply.body?.code ?? ''}`.trim(), reply);
      continue;
    }
    if (reply.status === 200 || reply.status === 201) return acknowledge(log, command, appliedFromAnswer(reply.body));
    return acknowledge(log, command, { status: 'rejected', code: reply.body?.code ?? `http-${reply.status}`, httpStatus: reply.status });
  }
  command.gaveUp = `no acknowledgement after ${command.attempts} attempt(s)`;
}

function acknowledge(log: EventLog, command: Command, outcome: Outcome): void {
  command.outcome = outcome;
  command.ackedAt = Date.now();
  log.acknowledged(command.ackedAt - command.sentAt);
}

/**
 * Polls a 202's Location until the command settles. Undefined when the account holds no record
 * of it for a while (an accepted signal not yet taken, or lost): the caller sends it again.
 */
async function follow(apis: Apis, log: EventLog, location: string, deadline: number): Promise<Outcome | undefined> {
  let url = apis.pick();
  let polls = 0;
  let failures = 0;
  let unrecordedSince: number | undefined;
  while (Date.now() < deadline) {
    let reply: Reply | undefined;
    try {
      reply = await apis.call(url, 'GET', location);
    } catch (error) {
      log.failed(describeError(error));
    }
    if (reply?.status === 200) {
      const outcome = outcomeFromRecord(reply.body);
      if (outcome) return outcome;
      unrecordedSince = undefined;
    } else if (reply?.status === 404) {
      unrecordedSince ??= Date.now();
      if (Date.now() - unrecordedSince > UNRECORDED_RESEND_MS) return undefined;
    } else {
      if (reply) log.failed(`${reply.status} ${reply.body?.code ?? ''} (reading a 202's outcome)`.trim());
      failures += 1;
      await sleep(pauseFor(reply, failures));
      url = apis.pick(url);
      continue;
    }
    polls += 1;
    await sleep(Math.min(POLL_MS.first * 2 ** polls, POLL_MS.max));
  }
  return undefined;
}

/** A settled outcome from the outcome resource; undefined while it is pending. */
export function outcomeFromRecord(record: any): Outcome | undefined {
  if (record?.status === 'applied') return appliedFromAnswer(record.result ?? {});
  if (record?.status === 'rejected') return { status: 'rejected', code: record.problem?.code ?? 'unknown' };
  return undefined;
}

function appliedFromAnswer(body: any): Outcome {
  const entry = body?.entry;
  return {
    status: 'applied',
    ...(entry ? { entry: { id: entry.id, kind: entry.kind, delta: entry.delta, balanceAfter: entry.balanceAfter } } : {}),
    ...(typeof body?.guestId === 'string' ? { guestId: body.guestId } : {}),
    ...(typeof body?.customer?.tier?.ordinal === 'number' ? { tier: body.customer.tier.ordinal } : {}),
  };
}

/** Two outcomes of one command agree: same verdict, same entry, same problem. */
export function sameOutcome(a: Outcome, b: Outcome): boolean {
  if (a.status !== b.status) return false;
  if (a.status === 'rejected' && b.status === 'rejected') return a.code === b.code;
  const [x, y] = [a as Extract<Outcome, { status: 'applied' }>, b as Extract<Outcome, { status: 'applied' }>];
  if ((x.entry === undefined) !== (y.entry === undefined)) return false;
  if (x.entry && y.entry && (['id', 'kind', 'delta', 'balanceAfter'] as const).some((field) => x.entry![field] !== y.entry![field])) return false;
  return x.guestId === undefined || y.guestId === undefined || x.guestId === y.guestId;
}

/** A read for the checks afterwards: retried on failures like a command, within `deadline`. */
export async function read(apis: Apis, path: string, deadline: number): Promise<Reply> {
  let url = apis.pick();
  for (let attempt = 1; ; attempt++) {
    let reply: Reply | undefined;
    try {
      reply = await apis.call(url, 'GET', path);
      if (!isRetryable(reply.status)) return reply;
    } catch (error) {
      if (Date.now() > deadline) throw new Error(`GET ${path}: ${describeError(error)}`, { cause: error });
    }
    if (Date.now() > deadline) return reply!;
    await sleep(pauseFor(reply, attempt));
    url = apis.pick(url);
  }
}
