import { Type } from 'typebox';
import { DEFAULT_TASK_QUEUE } from '@loyalty/contracts';
import { DEFAULT_WEBHOOK_SETTINGS, type WebhookSettings } from './activities/index.js';
import { LoggingEnvironment, parseEnvironment } from '@loyalty/node-runtime';
import { DEFAULT_WORKFLOW_STACK_TRACES } from './workflow-stack-traces.js';

/**
 * The worker's settings. Temporal's own connection settings (TEMPORAL_ADDRESS,
 * TEMPORAL_NAMESPACE, TEMPORAL_API_KEY, TEMPORAL_TLS_*, TEMPORAL_PROFILE) are read by
 * @temporalio/envconfig, following Temporal's conventions; these are the rest.
 */
export const WorkerEnvironmentSchema = Type.Object({
  TEMPORAL_TASK_QUEUE: Type.String({ minLength: 1, default: DEFAULT_TASK_QUEUE }),
  ...LoggingEnvironment,
  /** Where messages to customers go. Webhooks are registered through the API instead (README, Webhooks). */
  LOYALTY_NOTIFIER: Type.Enum(['log'], { default: 'log' }),
  /**
   * Webhook delivery retries: exponential backoff (factor 2) from the first interval up to the
   * maximum interval, given up after as many attempts as those intervals fit in the give-up time. The
   * defaults (5 s, 10 min, 3 days) bring a receiver that was away for an hour every event within
   * ten minutes of its return. Tests shorten them.
   */
  WEBHOOK_RETRY_INITIAL_INTERVAL_MS: Type.Integer({ minimum: 100, default: 5_000 }),
  WEBHOOK_RETRY_MAXIMUM_INTERVAL_MS: Type.Integer({ minimum: 100, default: 10 * 60 * 1000 }),
  WEBHOOK_GIVE_UP_AFTER_MS: Type.Integer({ minimum: 1_000, default: 3 * 24 * 60 * 60 * 1000 }),
  /** One delivery attempt's limit, until the receiver has answered. */
  WEBHOOK_ATTEMPT_TIMEOUT_MS: Type.Integer({ minimum: 100, default: 15_000 }),
  /** Prometheus metrics of the Temporal SDK (task latencies, slots, polls) on this port; 0 turns them off. */
  WORKER_METRICS_PORT: Type.Integer({ minimum: 0, maximum: 65535, default: 9464 }),
  WORKER_METRICS_HOST: Type.String({ minLength: 1, default: '0.0.0.0' }),
  /**
   * Accounts kept in this worker's memory between their messages. Measured (README, Benchmarks),
   * once the worker has run every account's first task: with 1,000 cached, RSS reaches ~1,040 MiB
   * by 10,000 customers touched; with 750, ~780 MiB, flat past the cache. 750 keeps a worker under
   * 1 GiB with room to spare. An account evicted from the cache is rebuilt from its history on its
   * next message or read (short, since accounts continue-as-new; ~30 ms of worker CPU, p99 ~120 ms
   * here). The SDK would size it from the heap (~2,300 with a 4 GiB heap): too much.
   */
  WORKER_MAX_CACHED_WORKFLOWS: Type.Integer({ minimum: 0, default: 750 }),
  /**
   * Temporal's stack-trace query (the UI's "Stack Trace" tab) on this worker's accounts. Off, it
   * answers "Workflow stack traces are not enabled on this worker": collecting them took about half
   * of the workflow thread's time (workflow-stack-traces.ts). Turn it on to debug a workflow.
   */
  WORKER_WORKFLOW_STACK_TRACES: Type.Boolean({ default: DEFAULT_WORKFLOW_STACK_TRACES }),
  /** Skip the start-up check that the namespace has the loyalty search attributes. */
  LOYALTY_SKIP_SEARCH_ATTRIBUTE_CHECK: Type.Boolean({ default: false }),
});

export type WorkerEnvironment = ReturnType<typeof loadWorkerEnvironment>;

export function loadWorkerEnvironment(environment: Record<string, string | undefined>) {
  return parseEnvironment(WorkerEnvironmentSchema, environment);
}

/** The webhook settings the activities take, from the environment. */
export function webhookSettingsFrom(settings: WorkerEnvironment): WebhookSettings {
  return {
    ...DEFAULT_WEBHOOK_SETTINGS,
    retry: {
      initialIntervalMs: settings.WEBHOOK_RETRY_INITIAL_INTERVAL_MS,
      maximumIntervalMs: Math.max(settings.WEBHOOK_RETRY_INITIAL_INTERVAL_MS, settings.WEBHOOK_RETRY_MAXIMUM_INTERVAL_MS),
      giveUpAfterMs: settings.WEBHOOK_GIVE_UP_AFTER_MS,
      attemptTimeoutMs: settings.WEBHOOK_ATTEMPT_TIMEOUT_MS,
    },
  };
}
