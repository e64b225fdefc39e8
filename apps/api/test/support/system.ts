// The whole system for integration tests: the test Temporal server, a real worker (from the
// worker's own test harness), the Temporal gateway and the real HTTP server listening on a port.
import { Client, Connection } from '@temporalio/client';
import { pino } from 'pino';
import { clientInterceptors } from '@loyalty/node-runtime';
import {
  recordingNotifier,
  startHarness,
  temporalAddress,
  uniqueId,
  type HarnessOptions,
  type LoyaltyHarness,
} from '#test-support/loyalty-harness.js';
import { buildApp, type LoyaltyApp } from '../../src/app.js';
import { loadApiConfig } from '../../src/config.js';
import { createTemporalGateway, type TemporalGatewayOptions } from '../../src/gateway/temporal-gateway.js';

export { temporalAddress, uniqueId };

export const ADMIN_KEY = 'integration-admin-key';
export const STOREFRONT_KEY = 'integration-storefront-key';

export interface Reply<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

export interface RequestOptions {
  body?: unknown;
  /** Which key to send; 'none' sends no Authorization header. Storefront by default. */
  as?: 'admin' | 'storefront' | 'none';
  headers?: Record<string, string>;
}

export interface HttpClient {
  baseUrl: string;
  request<T = any>(method: string, path: string, options?: RequestOptions): Promise<Reply<T>>;
}

export interface LoyaltySystem extends HttpClient {
  harness: LoyaltyHarness;
  notifications: ReturnType<typeof recordingNotifier>;
  close(): Promise<void>;
}

/** Starts a worker, then an API on a free port in front of it, with the API's own client settings. */
export async function startSystem(options: HarnessOptions = {}): Promise<LoyaltySystem> {
  const notifications = recordingNotifier();
  const harness = await startHarness(notifications, options);
  const connection = await Connection.connect({ address: temporalAddress(), interceptors: clientInterceptors() });
  const api = await startApi({ client: new Client({ connection, namespace: harness.client.options.namespace }), taskQueue: harness.taskQueue });
  return {
    ...api,
    harness,
    notifications,
    async close() {
      await api.close();
      await connection.close();
      await harness.close();
    },
  };
}

/** An API listening on a free port, in front of whatever Temporal the client reaches. */
export async function startApi(
  gatewayOptions: Omit<TemporalGatewayOptions, 'logger'>,
): Promise<HttpClient & { app: LoyaltyApp; close(): Promise<void> }> {
  const gateway = createTemporalGateway({ ...gatewayOptions, logger: pino({ level: 'silent' }) });
  const config = loadApiConfig({
    LOYALTY_API_KEYS: `${ADMIN_KEY}=admin,${STOREFRONT_KEY}=storefront`,
    TEMPORAL_TASK_QUEUE: gatewayOptions.taskQueue,
  });
  const app = buildApp({ gateway, config });
  const address = await app.listen({ port: 0, host: '127.0.0.1' });
  return {
    app,
    baseUrl: address,
    request: (method, path, options) => send(address, method, path, options),
    async close() {
      await app.close();
      await gateway.close();
    },
  };
}

/** A client for a server nobody runs: every call must fail fast rather than hang. */
export async function unreachableTemporal(): Promise<{ client: Client; close(): Promise<void> }> {
  const connection = Connection.lazy({ address: '127.0.0.1:1', interceptors: clientInterceptors() });
  return { client: new Client({ connection }), close: () => connection.close() };
}

async function send(baseUrl: string, method: string, path: string, options: RequestOptions = {}): Promise<Reply> {
  const { body, as = 'storefront', headers = {} } = options;
  const key = as === 'admin' ? ADMIN_KEY : as === 'storefront' ? STOREFRONT_KEY : undefined;
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers: {
      ...(key ? { authorization: `Bearer ${key}` } : {}),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...headers,
    },
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    // not JSON: keep the text
  }
  return { status: response.status, headers: response.headers, body: parsed };
}
