import { Client, Connection } from '@temporalio/client';
import { loadClientConnectConfig } from '@temporalio/envconfig';
import { NativeConnection, Runtime, makeTelemetryFilterString } from '@temporalio/worker';
import { DEFAULT_TEMPORAL_ADDRESS, searchAttributes } from '@loyalty/contracts';
import { loadWorkerEnvironment } from './config.js';
import { createLogger, temporalLoggerFor } from './logger.js';
import { createLogNotifier } from './notifiers/log-notifier.js';
import { createWebhookNotifier } from './notifiers/webhook-notifier.js';
import { missingSearchAttributes } from './search-attributes.js';
import { createLoyaltyWorker } from './worker.js';

async function main(): Promise<void> {
  const settings = loadWorkerEnvironment(process.env);
  const temporal = loadClientConnectConfig();
  const address = temporal.connectionOptions.address ?? DEFAULT_TEMPORAL_ADDRESS;
  const namespace = temporal.namespace ?? 'default';
  const logger = createLogger(settings.LOG_LEVEL);

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

  const connectionOptions = { ...temporal.connectionOptions, address };
  const nativeConnection = await NativeConnection.connect(connectionOptions);
  const clientConnection = await Connection.connect(connectionOptions);
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
    const notifier =
      settings.LOYALTY_NOTIFIER === 'webhook'
        ? createWebhookNotifier(settings.LOYALTY_NOTIFY_WEBHOOK_URL!)
        : createLogNotifier(logger.child({ component: 'notifier' }));
    const worker = await createLoyaltyWorker({
      connection: nativeConnection,
      client: new Client({ connection: clientConnection, namespace }),
      namespace,
      taskQueue: settings.TEMPORAL_TASK_QUEUE,
      notifier,
    });
    logger.info({ address, namespace, taskQueue: settings.TEMPORAL_TASK_QUEUE }, 'worker started');
    await worker.run();
    logger.info('worker stopped');
  } finally {
    await clientConnection.close();
    await nativeConnection.close();
  }
}

main().catch((error: unknown) => {
  // Configuration and start-up problems end here: say what is wrong, without a stack for the known ones.
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`loyalty worker: ${message}\n`);
  if (!(error instanceof Error) || error.name !== 'ConfigurationError') console.error(error);
  process.exit(1);
});
