// `npm run temporal:postgres`: the production-shaped Temporal of docker-compose.yml, without
// Docker: PostgreSQL 15 in a cluster of its own, the schema by Temporal's SQL tool, the real
// Temporal server (built once from Go modules into .tools/), the namespace and the loyalty
// search attributes. Data in .data/temporal-postgres/, kept across restarts.
//
//   npm run temporal:postgres                 start; Ctrl-C stops the server and PostgreSQL
//   npm run temporal:postgres -- --detach     start and leave running (then: ... -- stop)
//   npm run temporal:postgres -- stop         stop what a detached start left running
//   npm run temporal:postgres -- build        only build (or find) the server and its SQL tool
//
// Options: --port (gRPC frontend, 7233; its neighbours are taken too), --postgres-port (55432),
// --data-dir, --namespace (default; TEMPORAL_NAMESPACE also works), --log-level (warn).
import { parseArgs } from 'node:util';
import { searchAttributes } from '@loyalty/contracts';
import {
  DEFAULT_DATA_DIR,
  DEFAULT_POSTGRES_PORT,
  ensureTemporalServerBuild,
  startPostgresTemporal,
  stopPostgresTemporal,
  TEMPORAL_SERVER_VERSION,
} from './lib/temporal-postgres.js';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    port: { type: 'string', default: '7233' },
    'postgres-port': { type: 'string', default: String(DEFAULT_POSTGRES_PORT) },
    'data-dir': { type: 'string', default: DEFAULT_DATA_DIR },
    namespace: { type: 'string', default: process.env.TEMPORAL_NAMESPACE || 'default' },
    'log-level': { type: 'string', default: 'warn' },
    detach: { type: 'boolean', default: false },
  },
});
const command = positionals[0] ?? 'start';
const log = (line: string) => console.log(line);

async function main(): Promise<void> {
  if (command === 'stop') {
    await stopPostgresTemporal(values['data-dir'], log);
    return;
  }
  if (command === 'build') {
    const tools = await ensureTemporalServerBuild(log);
    console.log(`Temporal server ${TEMPORAL_SERVER_VERSION}: ${tools.server}\nSQL tool: ${tools.sql}`);
    return;
  }
  if (command !== 'start') throw new Error(`unknown command ${command}: use start, stop or build`);

  const started = Date.now();
  const temporal = await startPostgresTemporal({
    dataDir: values['data-dir'],
    port: port('port', values.port),
    postgresPort: port('postgres-port', values['postgres-port']),
    namespace: values.namespace,
    searchAttributes,
    logLevel: values['log-level'],
    detached: values.detach,
    log,
  });
  console.log(
    [
      '',
      `  Temporal     ${temporal.address} (server ${TEMPORAL_SERVER_VERSION}, namespace ${temporal.namespace}; ready in ${((Date.now() - started) / 1000).toFixed(1)} s)`,
      `  PostgreSQL   127.0.0.1:${temporal.postgres.port}, user temporal (data in ${temporal.postgres.dataDir})`,
      `  Server log   ${temporal.serverLog}`,
      `  Apps         TEMPORAL_ADDRESS=${temporal.address} npm run dev`,
      values.detach || !temporal.process
        ? `  Stop         npm run temporal:postgres -- stop${values['data-dir'] === DEFAULT_DATA_DIR ? '' : ` --data-dir ${values['data-dir']}`}`
        : '  Stop         Ctrl-C',
      '',
    ].join('\n'),
  );
  if (values.detach || !temporal.process) return;

  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    console.log('Stopping Temporal and PostgreSQL ...');
    await temporal.stop();
    process.exit(code);
  };
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));
  temporal.process.once('exit', (code, signal) => {
    if (stopping) return;
    console.error(`The Temporal server exited (${signal ?? `code ${code}`}); see ${temporal.serverLog}.`);
    void stop(1);
  });
}

function port(name: string, value: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1 || number > 65535) throw new Error(`--${name} must be a port number, not ${value}`);
  return number;
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
