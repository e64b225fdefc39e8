import { Type } from 'typebox';
import { DEFAULT_TASK_QUEUE } from '@loyalty/contracts';
import { ConfigurationError, LoggingEnvironment, parseEnvironment } from '@loyalty/node-runtime';

/**
 * The worker's settings. Temporal's own connection settings (TEMPORAL_ADDRESS,
 * TEMPORAL_NAMESPACE, TEMPORAL_API_KEY, TEMPORAL_TLS_*, TEMPORAL_PROFILE) are read by
 * @temporalio/envconfig, following Temporal's conventions; these are the rest.
 */
export const WorkerEnvironmentSchema = Type.Object({
  TEMPORAL_TASK_QUEUE: Type.String({ minLength: 1, default: DEFAULT_TASK_QUEUE }),
  ...LoggingEnvironment,
  LOYALTY_NOTIFIER: Type.Enum(['log', 'webhook'], { default: 'log' }),
  LOYALTY_NOTIFY_WEBHOOK_URL: Type.Optional(Type.String({ pattern: '^https?://' })),
  /** Prometheus metrics of the Temporal SDK (task latencies, slots, polls) on this port; 0 turns them off. */
  WORKER_METRICS_PORT: Type.Integer({ minimum: 0, maximum: 65535, default: 9464 }),
  WORKER_METRICS_HOST: Type.String({ minLength: 1, default: '0.0.0.0' }),
  /**
   * Accounts kept in this worker's memory between their messages. Measured (README, Benchmarks):
   * RSS is about 100 MiB idle, 730–800 MiB with 1,000 accounts cached (up to 10,000 customers
   * touched), ~1 GiB with 2,000; 1,000 keeps a worker under 1 GiB. An account evicted from the
   * cache is rebuilt from its history on its next message or read (short, since accounts
   * continue-as-new). The SDK would size it from the heap (~2,300 with a 4 GiB heap): too much.
   */
  WORKER_MAX_CACHED_WORKFLOWS: Type.Integer({ minimum: 0, default: 1000 }),
  /** Skip the start-up check that the namespace has the loyalty search attributes. */
  LOYALTY_SKIP_SEARCH_ATTRIBUTE_CHECK: Type.Boolean({ default: false }),
});

export type WorkerEnvironment = ReturnType<typeof loadWorkerEnvironment>;

export function loadWorkerEnvironment(environment: Record<string, string | undefined>) {
  const parsed = parseEnvironment(WorkerEnvironmentSchema, environment);
  if (parsed.LOYALTY_NOTIFIER === 'webhook' && parsed.LOYALTY_NOTIFY_WEBHOOK_URL === undefined) {
    throw new ConfigurationError('Invalid configuration: LOYALTY_NOTIFY_WEBHOOK_URL is required when LOYALTY_NOTIFIER=webhook');
  }
  return parsed;
}
