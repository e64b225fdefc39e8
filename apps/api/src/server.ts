import { Client, Connection } from '@temporalio/client';
import { resolveTemporalConnection, runMain } from '@loyalty/node-runtime';
import { buildApp } from './app.js';
import { loadApiConfig } from './config.js';
import { createTemporalGateway } from './gateway/temporal-gateway.js';
import { createApiLogger } from './logger.js';

async function main(): Promise<void> {
  const config = loadApiConfig(process.env);
  const logger = createApiLogger(config);
  const { address, namespace, connectionOptions } = resolveTemporalConnection();

  // Lazy: the API starts and answers (503 and /readyz 503) while Temporal is down, instead of
  // waiting for it; the connection is made on first use and every gateway call has a deadline.
  const connection = Connection.lazy(connectionOptions);
  const client = new Client({ connection, namespace });
  const gateway = createTemporalGateway({
    client,
    taskQueue: config.taskQueue,
    logger: logger.child({ component: 'gateway' }),
  });
  const app = buildApp({ gateway, config, logger });

  let stopping = false;
  const stop = async (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping: no new requests, finishing those in flight');
    const giveUp = setTimeout(() => {
      logger.error({ timeoutMs: config.shutdownTimeoutMs }, 'in-flight requests did not finish in time; exiting');
      process.exit(1);
    }, config.shutdownTimeoutMs);
    giveUp.unref();
    // A keep-alive connection whose response finishes after close() began would stay open until
    // its idle timeout, holding the shutdown up: answers from now on close their connection, and
    // connections are closed the moment they fall idle.
    app.server.prependListener('request', (_request, response) => response.setHeader('connection', 'close'));
    const reapIdle = setInterval(() => app.server.closeIdleConnections(), 50);
    try {
      await app.close();
      clearInterval(reapIdle);
      await gateway.close();
      await connection.close();
      logger.info('stopped');
      process.exit(0);
    } catch (error) {
      logger.error({ err: error }, 'error while stopping');
      process.exit(1);
    }
  };
  process.once('SIGINT', (signal) => void stop(signal));
  process.once('SIGTERM', (signal) => void stop(signal));

  await app.listen({ port: config.port, host: config.host });
  const port = (app.server.address() as { port: number } | null)?.port ?? config.port;
  const shownHost = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  const url = `http://${shownHost.includes(':') ? `[${shownHost}]` : shownHost}:${port}`;
  logger.info(
    {
      api: url,
      docs: `${url}/docs`,
      openapi: `${url}/openapi.json`,
      temporal: { address, namespace, taskQueue: config.taskQueue },
      auth: config.authDisabled ? 'disabled' : `${config.apiKeys.size} API key(s)`,
    },
    `loyalty API listening on ${url} (Swagger UI: ${url}/docs)`,
  );
}

runMain('loyalty api', main);
