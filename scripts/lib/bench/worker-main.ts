// The loyalty worker as the benchmark runs it: a process of its own, so that its RSS and CPU can be
// read from outside, built exactly as apps/worker/src/main.ts builds it (createLoyaltyWorker, the
// Temporal runtime's logs forwarded to pino) with two knobs main.ts does not have:
//   BENCH_WORKFLOW_BUNDLE        a workflow bundle made once by the benchmark (no webpack per worker)
//   BENCH_MAX_CACHED_WORKFLOWS   the workflow cache size; the worker's own default (WORKER_MAX_CACHED_WORKFLOWS) when unset
// WORKER_WORKFLOW_STACK_TRACES is read as main.ts reads it (off unless set), for a run against the SDK's default.
// It prints one line `{"ready":{...}}` on stdout once it polls, then runs until SIGTERM.
// Run with `node --conditions=source --import tsx`.
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Runtime, makeTelemetryFilterString, type WorkerOptions } from '@temporalio/worker';
import { createLogger, type LogLevel } from '@loyalty/node-runtime';
import { loadWorkerEnvironment } from '../../../apps/worker/src/config.js';
import { temporalLoggerFor } from '../../../apps/worker/src/logger.js';
import { createLogNotifier } from '../../../apps/worker/src/notifiers/log-notifier.js';
import { createLoyaltyWorker } from '../../../apps/worker/src/worker.js';

async function main(): Promise<void> {
  const address = required('TEMPORAL_ADDRESS');
  const taskQueue = required('TEMPORAL_TASK_QUEUE');
  const namespace = process.env.TEMPORAL_NAMESPACE || 'default';
  // Logs go wherever the benchmark sends this process's stderr (nowhere, by default): they are
  // written all the same, as in production.
  const logger = createLogger({ service: 'loyalty-worker', level: (process.env.LOG_LEVEL || 'info') as LogLevel, pretty: false });
  Runtime.install({
    logger: temporalLoggerFor(logger),
    telemetryOptions: { logging: { filter: makeTelemetryFilterString({ core: 'WARN' }), forward: {} } },
    shutdownSignals: ['SIGINT', 'SIGTERM'],
  });
  const nativeConnection = await NativeConnection.connect({ address });
  const clientConnection = await Connection.connect({ address });
  // The cache size and stack traces as main.ts sets them, from the same settings and defaults.
  const { WORKER_MAX_CACHED_WORKFLOWS, WORKER_WORKFLOW_STACK_TRACES } = loadWorkerEnvironment({
    WORKER_MAX_CACHED_WORKFLOWS: process.env.BENCH_MAX_CACHED_WORKFLOWS,
    WORKER_WORKFLOW_STACK_TRACES: process.env.WORKER_WORKFLOW_STACK_TRACES,
  });
  const overrides: Partial<WorkerOptions> = { maxCachedWorkflows: WORKER_MAX_CACHED_WORKFLOWS };
  if (process.env.BENCH_WORKFLOW_BUNDLE) overrides.workflowBundle = { codePath: process.env.BENCH_WORKFLOW_BUNDLE };
  try {
    const worker = await createLoyaltyWorker({
      connection: nativeConnection,
      client: new Client({ connection: clientConnection, namespace }),
      namespace,
      taskQueue,
      notifier: createLogNotifier(logger.child({ component: 'notifier' })),
      workflowStackTraces: WORKER_WORKFLOW_STACK_TRACES,
      overrides,
    });
    // Created means connected and registered; it polls from run() on, a moment later.
    process.stdout.write(`${JSON.stringify({ ready: { maxCachedWorkflows: worker.options.maxCachedWorkflows, workflowStackTraces: WORKER_WORKFLOW_STACK_TRACES, pid: process.pid } })}\n`);
    await worker.run(); // until SIGTERM: the runtime drains it (shutdownSignals)
  } finally {
    await clientConnection.close();
    await nativeConnection.close();
  }
}

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
