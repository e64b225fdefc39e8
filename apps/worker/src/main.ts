import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Runtime, makeTelemetryFilterString } from '@temporalio/worker';
import { searchAttributes } from '@loyalty/contracts';
import { createLogger, resolveTemporalConnection, runMain } from '@loyalty/node-runtime';
import { loadWorkerEnvironment, webhookSettingsFrom } from './config.js';
import { temporalLoggerFor } from './logger.js';
import { createLogNotifier } from './notifiers/log-notifier.js';
import { missingSearchAttributes } from './search-attributes.js';
import { createLoyaltyWorker } from './worker.js';

async function main(): Promise<void> {
  const settings = loadWorkerEnvironment(process.env);
  const { address, namespace, connectionOptions, clientConnectionOptions } = resolveTemporalConnection();
  const logger = createLogger({ service: 'loyalty-worker', level: settings.LOG_LEVEL, pretty: settings.LOG_PRETTY });

  Runtime.install({
    logger: temporalLoggerFor(logger),
    telemetryOptions: {
      logging: { filter: makeTelemetryFilterString({ core: 'WARN' }), forward: {} },
      ...(settings.WORKER_METRICS_PORT === 0
        ? {}
        : { metrics: { prometheus: { bindAddress: `${settings.WORKER_METRICS_HOST}:${settings.WORKER_METRICS_PORT}` } } }),
    },
    // The worker drains itself on these; main() then closes the connections below.
    shutdownSignals: ['SIGINT', 'SIGTERM'],
  });

  const nativeConnection = await NativeConnection.connect(connectionOptions);
  const clientConnection = await Connection.connect(clientConnectionOptions);
  try {
    if (!settings.LOYALTY_SKIP_SEARCH_ATTRIBUTE_CHECK) {
      const missing = await missingSearchAttributes(clientConnection, namespace);
      if (missing.length > 0) {
        const flags = missing.map((name) => `--name ${name} --type ${searchAttributes[name]}`).join(' ');
        throw new Error(
          `Namespace '${namespace}' lacks the search attributes ${missing.join(', ')} that accounts are listed by. ` +
            `Register them once: temporal operator search-attribute create --namespace ${namespace} ${flags}`,
        );
      }
    }
    const notifier = createLogNotifier(logger.child({ component: 'notifier' }));
    const worker = await createLoyaltyWorker({
      connection: nativeConnection,
      client: new Client({ connection: clientConnection, namespace }),
      namespace,
      taskQueue: settings.TEMPORAL_TASK_QUEUE,
      notifier,
      webhooks: webhookSettingsFrom(settings),
      workflowStackTraces: settings.WORKER_WORKFLOW_STACK_TRACES,
      overrides: { maxCachedWorkflows: settings.WORKER_MAX_CACHED_WORKFLOWS },
    });
    logger.info(
      {
        address,
        namespace,
        taskQueue: settings.TEMPORAL_TASK_QUEUE,
        maxCachedWorkflows: settings.WORKER_MAX_CACHED_WORKFLOWS,
        workflowStackTraces: settings.WORKER_WORKFLOW_STACK_TRACES,
      },
      'worker started',
    );
    await worker.run();
    logger.info('worker stopped');
  } finally {
    await clientConnection.close();
    await nativeConnection.close();
  }
}

runMain('loyalty worker', main);
