import { Client, Connection } from '@temporalio/client';
import closeWithGrace from 'close-with-grace';
import { resolveTemporalConnection, runMain } from '@loyalty/node-runtime';
import { buildApp } from './app.js';
import { loadApiConfig } from './config.js';
import { createTemporalGateway } from './gateway/temporal-gateway.js';
import { createApiLogger } from './logger.js';

async function main(): Promise<void> {
  const config = loadApiConfig(process.env);
  const logger = createApiLogger(config);
  const { address, namespace, clientConnectionOptions } = resolveTemporalConnection();

  // Lazy: the API starts and answers (503 and /readyz 503) while Temporal is down, instead of
  // waiting for it; the connection is made on first use and every gateway call has a deadline.
  const connection = Connection.lazy(clientConnectionOptions);
  const client = new Client({ connection, namespace });
  const gateway = createTemporalGateway({
    client,
    taskQueue: config.taskQueue,
    ...(config.pointsExpiry === undefined ? {} : { pointsExpiry: config.pointsExpiry }),
    logger: logger.child({ component: 'gateway' }),
  });
  const app = buildApp({ gateway, config, logger });

  // As fastify/demo does: on SIGTERM, SIGINT and the like (or an uncaught error) stop taking
  // requests, finish those in flight, close Temporal, and exit; give up after SHUTDOWN_TIMEOUT_MS.
  closeWithGrace(
    {
      delay: config.shutdownTimeoutMs,
      logger: {
        error: (problem: unknown) =>
          problem instanceof Error ? logger.error({ err: problem }, 'error while stopping') : logger.error(String(problem)),
      },
      onTimeout: (timeoutMs) => logger.error({ timeoutMs }, 'in-flight requests did not finish in time; exiting'),
      onSecondSignal: (signal) => logger.error({ signal }, 'signalled again while stopping; exiting now'),
    },
    async ({ signal, err }) => {
      if (err) logger.error({ err }, 'stopping after an uncaught error');
      else logger.info({ signal }, 'stopping: no new requests, finishing those in flight');
      // A keep-alive connection whose response finishes after close() began would stay open until
      // its idle timeout, holding the shutdown up: answers from now on close their connection, and
      // connections are closed the moment they fall idle.
      app.server.prependListener('request', (_request, response) => response.setHeader('connection', 'close'));
      const reapIdle = setInterval(() => app.server.closeIdleConnections(), 50);
      try {
        await app.close();
      } finally {
        clearInterval(reapIdle);
      }
      await gateway.close();
      await connection.close();
      logger.info('stopped');
    },
  );

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
