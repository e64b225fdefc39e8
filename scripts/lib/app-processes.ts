// The compiled apps (dist/) as separate processes, as a deployment runs them: workers and API
// processes on one Temporal, each with its own log file. Used by the system tests' global setup
// and by the fault suite (scripts/faults.ts), which also kills and restarts them one by one; the
// benchmark's own children (run from source) stop the same way.
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { freePort, parentDeathGuard } from './temporal-dev-server.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
export const APP_ENTRIES = { worker: 'apps/worker/dist/main.js', api: 'apps/api/dist/server.js' } as const;
export type AppKind = keyof typeof APP_ENTRIES;
const STOP_GRACE_MS = 15_000;

export interface AppProcess {
  name: string;
  kind: AppKind;
  /** The running process; replaced by restart(). */
  child: ChildProcess;
  logFile: string;
  env: NodeJS.ProcessEnv;
  /** An API's base URL; it keeps its port across restarts. */
  url?: string;
}

export interface DeploymentOptions {
  /** Where the log files go. */
  dir: string;
  temporal: { address: string; namespace: string };
  workers: number;
  apis: number;
  /** LOYALTY_API_KEYS of the API processes, e.g. `k1=admin,k2=storefront`. */
  apiKeys: string;
  logLevel?: string;
}

export interface Deployment {
  apps: AppProcess[];
  apiUrls: string[];
  /** Starts a stopped or killed app again, with the same settings (an API on the same port). */
  restart(app: AppProcess): Promise<void>;
  /** Resolves once every API answers /readyz: Temporal reachable and a worker polling. */
  ready(timeoutMs?: number): Promise<void>;
  /** The last lines of every app's log, for an error message. */
  logs(chars?: number): string;
  /** SIGTERM to every app (they drain), SIGKILL after a grace period. */
  stop(): Promise<void>;
}

/** Fails with a clear message when the build the apps run from is missing; `command` builds it. */
export function requireBuild(command: string): void {
  for (const entry of Object.values(APP_ENTRIES)) {
    if (!existsSync(path.join(root, entry))) throw new Error(`${entry} is missing: ${command} builds first`);
  }
}

export async function startDeployment(options: DeploymentOptions): Promise<Deployment> {
  const base = {
    ...withoutTemporalSettings(process.env),
    NODE_ENV: 'production',
    TEMPORAL_ADDRESS: options.temporal.address,
    TEMPORAL_NAMESPACE: options.temporal.namespace,
    LOG_LEVEL: options.logLevel ?? 'warn',
  };
  const apps: AppProcess[] = [];
  const deployment: Deployment = {
    apps,
    apiUrls: [],
    restart: async (app) => {
      if (running(app.child)) throw new Error(`${app.name} is still running`);
      app.child = await spawnApp(app);
    },
    ready: (timeoutMs) => Promise.all(deployment.apiUrls.map((url) => waitUntilReady(url, apps, timeoutMs))).then(() => undefined),
    logs: (chars) => apps.map((app) => `--- ${app.name} (last lines) ---\n${tail(app.logFile, chars)}`).join('\n'),
    stop: () => Promise.all(apps.map((app) => stop(app.child))).then(() => undefined),
  };
  try {
    for (let n = 1; n <= options.workers; n++) {
      apps.push(await startApp({ name: `worker-${n}`, kind: 'worker', dir: options.dir, env: { ...base, WORKER_METRICS_PORT: '0' } }));
    }
    for (let n = 1; n <= options.apis; n++) {
      const port = await freePort();
      const url = `http://127.0.0.1:${port}`;
      const env = { ...base, PORT: String(port), HOST: '127.0.0.1', LOYALTY_API_KEYS: options.apiKeys };
      apps.push(await startApp({ name: `api-${n}`, kind: 'api', dir: options.dir, env, url }));
      deployment.apiUrls.push(url);
    }
    return deployment;
  } catch (error) {
    await deployment.stop();
    throw error;
  }
}

async function startApp(app: Omit<AppProcess, 'child' | 'logFile'> & { dir: string }): Promise<AppProcess> {
  const { dir, ...rest } = app;
  const started: Omit<AppProcess, 'child'> = { ...rest, logFile: path.join(dir, `${app.name}.log`) };
  return { ...started, child: await spawnApp(started) };
}

async function spawnApp(app: Omit<AppProcess, 'child'>): Promise<ChildProcess> {
  const out = openSync(app.logFile, 'a');
  try {
    // Tied to this process: a run that is killed leaves no app behind.
    const command: string[] = [...(await parentDeathGuard()), process.execPath, APP_ENTRIES[app.kind]];
    return spawn(command[0]!, command.slice(1), { cwd: root, env: app.env, stdio: ['ignore', out, out] });
  } finally {
    closeSync(out);
  }
}

export function running(child: ChildProcess): boolean {
  return child.exitCode === null && child.signalCode === null;
}

/** Resolves once the API at `url` answers /readyz 200; fails early if one of `apps` exits. */
export async function waitUntilReady(url: string, apps: AppProcess[], timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer';
  while (Date.now() < deadline) {
    const dead = apps.find((app) => !running(app.child));
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

/** Sends `signal` and resolves once the process has exited. */
export async function kill(child: ChildProcess, signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
  if (!running(child)) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill(signal);
  await exited;
}

/** SIGTERM (the apps drain and exit), then SIGKILL after a grace period; resolves once it has exited. */
export async function stop(child: ChildProcess, graceMs = STOP_GRACE_MS): Promise<void> {
  if (!running(child)) return;
  const killer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await kill(child, 'SIGTERM');
  clearTimeout(killer);
}

/** The apps read Temporal's connection from TEMPORAL_* variables: only ours may reach them. */
function withoutTemporalSettings(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([key]) => !key.startsWith('TEMPORAL_') && !key.startsWith('LOYALTY_')));
}

export function tail(file: string, chars = 3_000): string {
  try {
    return readFileSync(file, 'utf8').slice(-chars).trimEnd();
  } catch {
    return '(no log)';
  }
}
