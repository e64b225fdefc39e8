// Global setup of the `system` test project (`npm run test:system`): the production shape on
// this machine. Temporal server on PostgreSQL (scripts/lib/temporal-postgres.ts, a fresh data
// directory per run), then two workers and two API processes started from the compiled dist/
// as separate processes, as a deployment runs them. Tests reach them only over HTTP (and
// Temporal's own API for what HTTP cannot show); their URLs come through inject().
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, openSync, closeSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';
import { searchAttributes } from '@loyalty/contracts';
import { freePort, parentDeathGuard } from '../../scripts/lib/temporal-dev-server.js';
import { freeServerPort, startPostgresTemporal, type PostgresTemporal } from '../../scripts/lib/temporal-postgres.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
export const SYSTEM_ADMIN_KEY = 'system-admin-key';
export const SYSTEM_STOREFRONT_KEY = 'system-storefront-key';
const ENTRIES = { worker: 'apps/worker/dist/main.js', api: 'apps/api/dist/server.js' } as const;
const STOP_GRACE_MS = 15_000;

interface AppProcess {
  name: string;
  child: ChildProcess;
  logFile: string;
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  for (const entry of Object.values(ENTRIES)) {
    if (!existsSync(path.join(root, entry))) throw new Error(`${entry} is missing: the system tests run the build (npm run test:system builds first)`);
  }
  // mkdtemp makes it 0700; PostgreSQL runs as its own user when we are root and must get in.
  const dir = mkdtempSync(path.join(os.tmpdir(), 'loyalty-system-'));
  chmodSync(dir, 0o755);
  const apps: AppProcess[] = [];
  let temporal: PostgresTemporal | undefined;

  const teardown = async () => {
    await Promise.all(apps.map((app) => stop(app.child)));
    await temporal?.stop();
    if (!process.env.LOYALTY_SYSTEM_KEEP) rmSync(dir, { recursive: true, force: true });
  };

  try {
    const started = Date.now();
    temporal = await startPostgresTemporal({
      dataDir: path.join(dir, 'temporal'),
      port: await freeServerPort(),
      postgresPort: await freePort(),
      searchAttributes,
    });
    const temporalReady = Date.now();

    const base = {
      ...withoutTemporalSettings(process.env),
      NODE_ENV: 'production',
      TEMPORAL_ADDRESS: temporal.address,
      TEMPORAL_NAMESPACE: temporal.namespace,
      LOG_LEVEL: 'warn',
    };
    for (const n of [1, 2]) {
      apps.push(await startApp(`worker-${n}`, ENTRIES.worker, dir, { ...base, WORKER_METRICS_PORT: '0' }));
    }
    const apiUrls: string[] = [];
    for (const n of [1, 2]) {
      const port = await freePort();
      apps.push(
        await startApp(`api-${n}`, ENTRIES.api, dir, {
          ...base,
          PORT: String(port),
          HOST: '127.0.0.1',
          LOYALTY_API_KEYS: `${SYSTEM_ADMIN_KEY}=admin,${SYSTEM_STOREFRONT_KEY}=storefront`,
        }),
      );
      apiUrls.push(`http://127.0.0.1:${port}`);
    }
    // Ready: each API answers, and through it Temporal says a worker polls the task queue.
    await Promise.all(apiUrls.map((url) => waitUntilReady(url, apps)));
    console.log(
      `system: Temporal ${temporal.address} on PostgreSQL ${temporal.postgres.port} ready in ${((temporalReady - started) / 1000).toFixed(1)} s; ` +
        `2 workers and 2 APIs (${apiUrls.join(', ')}) ready ${((Date.now() - temporalReady) / 1000).toFixed(1)} s later`,
    );

    project.provide('systemApiUrls', apiUrls);
    project.provide('systemTemporalAddress', temporal.address);
    return teardown;
  } catch (error) {
    const logs = apps.map((app) => `--- ${app.name} (last lines) ---\n${tail(app.logFile)}`).join('\n');
    await teardown();
    throw new Error(`${(error as Error).message}\n${logs}`, { cause: error });
  }
}

async function startApp(name: string, entry: string, dir: string, env: NodeJS.ProcessEnv): Promise<AppProcess> {
  const logFile = path.join(dir, `${name}.log`);
  const out = openSync(logFile, 'a');
  try {
    // Tied to this process: a run that is killed leaves no app behind.
    const command: string[] = [...(await parentDeathGuard()), process.execPath, entry];
    const child = spawn(command[0]!, command.slice(1), { cwd: root, env, stdio: ['ignore', out, out] });
    return { name, child, logFile };
  } finally {
    closeSync(out);
  }
}

async function waitUntilReady(url: string, apps: AppProcess[], timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer';
  while (Date.now() < deadline) {
    const dead = apps.find((app) => app.child.exitCode !== null || app.child.signalCode !== null);
    if (dead) throw new Error(`${dead.name} exited (${dead.child.signalCode ?? `code ${dead.child.exitCode}`}) before the system was ready`);
    try {
      const reply = await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(5_000) });
      if (reply.ok) return;
      last = `${reply.status} ${await reply.text()}`;
    } catch (error) {
      last = (error as Error).message;
    }
    await sleep(250);
  }
  throw new Error(`${url}/readyz did not answer 200 within ${timeoutMs} ms (last: ${last})`);
}

/** SIGTERM (the apps drain and exit), then SIGKILL after a grace period. */
async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const killer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
  await exited;
  clearTimeout(killer);
}

/** The apps read Temporal's connection from TEMPORAL_* variables: only ours may reach them. */
function withoutTemporalSettings(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([key]) => !key.startsWith('TEMPORAL_') && !key.startsWith('LOYALTY_')));
}

function tail(file: string, chars = 3_000): string {
  try {
    return readFileSync(file, 'utf8').slice(-chars).trimEnd();
  } catch {
    return '(no log)';
  }
}
