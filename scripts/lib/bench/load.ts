// The load: closed-loop callers (each sends its next request when the last one is answered), the
// same small HTTP client for the gateway and for Temporal's HTTP API, and the statistics.
import { Agent, request as httpRequest } from 'node:http';
import { performance } from 'node:perf_hooks';

export interface HttpReply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

export interface HttpClient {
  baseUrl: string;
  send(method: string, path: string, options?: { headers?: Record<string, string>; body?: unknown; timeoutMs?: number }): Promise<HttpReply>;
  close(): void;
}

/**
 * node:http with keep-alive, one socket per caller at most: lighter than fetch, and the same for
 * every HTTP path, so that the client's own cost does not favour one side.
 */
export function httpClient(baseUrl: string, maxSockets: number): HttpClient {
  const agent = new Agent({ keepAlive: true, maxSockets, maxFreeSockets: maxSockets });
  const url = new URL(baseUrl);
  return {
    baseUrl,
    send(method, path, { headers = {}, body, timeoutMs = 10_000 } = {}) {
      const payload = body === undefined ? undefined : JSON.stringify(body);
      return new Promise((resolve, reject) => {
        const req = httpRequest(
          {
            agent,
            host: url.hostname,
            port: url.port,
            method,
            path,
            headers: { ...headers, ...(payload === undefined ? {} : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) }) },
            timeout: timeoutMs,
          },
          (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (chunk: Buffer) => chunks.push(chunk));
            res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString() }));
            res.on('error', reject);
          },
        );
        req.on('timeout', () => req.destroy(new Error('client timeout')));
        req.on('error', reject);
        req.end(payload);
      });
    },
    close: () => agent.destroy(),
  };
}

/** What one operation came to; an error's label says what kind (an HTTP status, a gRPC code). */
export class OperationError extends Error {
  constructor(readonly label: string) {
    super(label);
  }
}

export interface Sample {
  ok: number;
  seconds: number;
  latencies: number[];
  errors: Map<string, number>;
}

export const emptySample = (): Sample => ({ ok: 0, seconds: 0, latencies: [], errors: new Map() });

export function merge(into: Sample, from: Sample): Sample {
  into.ok += from.ok;
  into.seconds += from.seconds;
  for (const latency of from.latencies) into.latencies.push(latency);
  for (const [label, count] of from.errors) into.errors.set(label, (into.errors.get(label) ?? 0) + count);
  return into;
}

/**
 * `callers` callers, each calling `operation` again as soon as it returns, until `durationMs`
 * has passed; then waits for the calls in flight. `operation(caller, sequence)` throws to fail.
 */
export async function closedLoop(callers: number, durationMs: number, operation: (caller: number, sequence: number) => Promise<void>): Promise<Sample> {
  const sample = emptySample();
  const started = performance.now();
  const until = started + durationMs;
  let sequence = 0;
  await Promise.all(
    Array.from({ length: callers }, async (_, caller) => {
      while (performance.now() < until) {
        const sent = performance.now();
        try {
          await operation(caller, sequence++);
          sample.ok += 1;
          sample.latencies.push(performance.now() - sent);
        } catch (error) {
          const label = error instanceof OperationError ? error.label : errorLabel(error);
          sample.errors.set(label, (sample.errors.get(label) ?? 0) + 1);
        }
      }
    }),
  );
  sample.seconds = (performance.now() - started) / 1000;
  return sample;
}

/** A short name for whatever a client threw: a gRPC status name, or the error's class. */
export function errorLabel(error: unknown): string {
  for (let current = error, depth = 0; current instanceof Error && depth < 5; depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'number' && GRPC_NAMES[code]) return GRPC_NAMES[code]!;
    if (typeof code === 'string') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return error instanceof Error ? error.name : String(error);
}

const GRPC_NAMES: Record<number, string> = {
  1: 'CANCELLED',
  2: 'UNKNOWN',
  3: 'INVALID_ARGUMENT',
  4: 'DEADLINE_EXCEEDED',
  5: 'NOT_FOUND',
  6: 'ALREADY_EXISTS',
  8: 'RESOURCE_EXHAUSTED',
  9: 'FAILED_PRECONDITION',
  10: 'ABORTED',
  13: 'INTERNAL',
  14: 'UNAVAILABLE',
};

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = Float64Array.from(values).sort();
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
}

/** Runs `fn` over `items` with at most `concurrency` at once. */
export async function inParallel<T>(items: readonly T[], concurrency: number, fn: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, items.length) }, async () => {
      while (next < items.length) {
        const index = next++;
        await fn(items[index]!, index);
      }
    }),
  );
}
