// `npm run dev`: the whole system on one machine. Starts a Temporal dev server persisting to
// .data/ (unless TEMPORAL_ADDRESS names one, which then gets the namespace and the search
// attributes it lacks), then the worker and the API from source, prints where everything is,
// and stops all of it on Ctrl-C.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { searchAttributes } from '@loyalty/contracts';
import { startDevServer, type DevServer } from './lib/temporal-dev-server.js';
import { ensureNamespace } from './lib/temporal-namespace.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const DEV_KEYS = 'dev-admin-key=admin,dev-storefront-key=storefront';
const TEMPORAL_PORT = 7233;
const TEMPORAL_UI_PORT = 8233;

async function main(): Promise<void> {
  const env: NodeJS.ProcessEnv = { ...process.env };
  let devServer: DevServer | undefined;
  if (!env.TEMPORAL_ADDRESS) {
    mkdirSync(`${root}/.data`, { recursive: true });
    console.log('Starting the Temporal dev server (data in .data/temporal.db) ...');
    devServer = await startDevServer({
      port: TEMPORAL_PORT,
      uiPort: TEMPORAL_UI_PORT,
      dbFilename: `${root}/.data/temporal.db`,
      ...(env.TEMPORAL_NAMESPACE ? { namespace: env.TEMPORAL_NAMESPACE } : {}),
      searchAttributes,
      stdio: 'ignore',
    });
    env.TEMPORAL_ADDRESS = devServer.address;
  } else {
    // A server started by hand (`temporal server start-dev`, or npm run temporal:postgres) lacks
    // them at first; the production worker refuses to start then, but this is development.
    const namespace = env.TEMPORAL_NAMESPACE || 'default';
    try {
      const { createdNamespace, registered } = await ensureNamespace(env.TEMPORAL_ADDRESS, namespace, {
        create: true,
        searchAttributes,
      });
      if (createdNamespace) console.log(`Created namespace ${namespace} on ${env.TEMPORAL_ADDRESS}`);
      if (registered.length > 0) console.log(`Registered search attributes ${registered.join(', ')} in namespace ${namespace}`);
    } catch (error) {
      // E.g. a server that wants TLS or an API key, which this plain connection does not bring:
      // the worker then checks for itself and says what is missing.
      console.warn(`Could not prepare namespace ${namespace} on ${env.TEMPORAL_ADDRESS}: ${(error as Error).message}`);
    }
  }
  if (!env.LOYALTY_API_KEYS && env.LOYALTY_AUTH_DISABLED !== 'true') env.LOYALTY_API_KEYS = DEV_KEYS;
  // Readable lines for the person watching; pino-pretty is a development dependency, so the
  // apps themselves log JSON unless asked (a production image has no pino-pretty).
  env.LOG_PRETTY ??= 'true';

  const children = [run('worker', 'apps/worker/src/main.ts', env), run('api', 'apps/api/src/server.ts', env)];

  const port = env.PORT ?? '3000';
  const host = !env.HOST || env.HOST === '0.0.0.0' ? 'localhost' : env.HOST;
  console.log(
    [
      '',
      `  API          http://${host}:${port}`,
      `  Swagger UI   http://${host}:${port}/docs`,
      devServer?.uiUrl ? `  Temporal UI  ${devServer.uiUrl}` : `  Temporal     ${env.TEMPORAL_ADDRESS} (not started here)`,
      env.LOYALTY_API_KEYS === DEV_KEYS
        ? '  API keys     dev-admin-key (admin), dev-storefront-key (storefront); set LOYALTY_API_KEYS to choose your own'
        : '  API keys     from LOYALTY_API_KEYS',
      '  Stop         Ctrl-C',
      '',
    ].join('\n'),
  );

  let stopping = false;
  const stop = async (exitCode: number) => {
    if (stopping) return;
    stopping = true;
    await Promise.all(children.map((child) => terminate(child)));
    await devServer?.stop();
    process.exit(exitCode);
  };
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));
  for (const child of children) {
    child.on('exit', (code) => {
      if (!stopping) {
        console.error(`${child.spawnargs.at(-1)} exited with ${code}; stopping everything.`);
        void stop(code ?? 1);
      }
    });
  }
}

function run(name: string, entry: string, env: NodeJS.ProcessEnv): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', '--conditions=source', entry], {
    cwd: root,
    env,
    stdio: 'inherit',
  }).on('error', (error) => console.error(`${name}: ${error.message}`));
}

function terminate(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(killer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
