// The Temporal under test (a dev server on its SQLite file, or the real server on PostgreSQL) and
// the faults, each of which the suite injects in turn with a recovery window after it.
import { chmodSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { searchAttributes } from '@loyalty/contracts';
import { kill, waitUntilReady, type AppProcess, type Deployment } from '../app-processes.js';
import { freePort, startDevServer, type DevServerOptions } from '../temporal-dev-server.js';
import { freeServerPort, startPostgresTemporal, TEMPORAL_SERVER_VERSION } from '../temporal-postgres.js';

export interface TemporalUnderTest {
  label: string;
  address: string;
  namespace: string;
  pid(): number;
  /** Killed (SIGKILL) and started again on the same store and port. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

/** A dev server persisting to a SQLite file, so that it can be restarted on its store. */
export async function devServerTemporal(dir: string): Promise<TemporalUnderTest> {
  const options: DevServerOptions = {
    uiPort: false,
    dbFilename: path.join(dir, 'temporal.db'),
    searchAttributes,
    stdio: 'ignore',
    readyTimeoutMs: 60_000,
    // Accounts continue-as-new several times during the run, so idempotency records must
    // survive that under faults too.
    dynamicConfig: { 'limit.historyCount.suggestContinueAsNew': 300 },
  };
  let server = await startDevServer(options);
  const port = Number(server.address.split(':').pop());
  return {
    label: 'Temporal dev server on a SQLite file',
    address: server.address,
    namespace: server.namespace,
    pid: () => server.process.pid!,
    restart: async () => {
      await kill(server.process, 'SIGKILL');
      server = await startDevServer({ ...options, port });
    },
    stop: () => server.stop(),
  };
}

/** Temporal server on PostgreSQL (scripts/lib/temporal-postgres.ts); a restart leaves PostgreSQL running. */
export async function postgresTemporal(dir: string): Promise<TemporalUnderTest> {
  // PostgreSQL runs as its own user when we are root and must get in.
  const dataDir = path.join(dir, 'temporal');
  mkdirSync(dataDir, { recursive: true });
  chmodSync(dir, 0o755);
  const temporal = await startPostgresTemporal({ dataDir, port: await freeServerPort(), postgresPort: await freePort(), searchAttributes });
  return {
    label: `Temporal server ${TEMPORAL_SERVER_VERSION} on PostgreSQL`,
    address: temporal.address,
    namespace: temporal.namespace,
    pid: () => temporal.process!.pid!,
    restart: () => temporal.restartServer!({ signal: 'SIGKILL' }),
    stop: () => temporal.stop(),
  };
}

export interface Fault {
  name: string;
  /** Resolves once the fault is over: the process restarted, or the server resumed. */
  inject(): Promise<void>;
  /** How long the suite watches the clients after the fault is over, before the next one. */
  recoveryMs: number;
}

/** Children the suite ended itself; any other exit is a finding. */
export const killedOnPurpose = new WeakSet<object>();

export const HANG_MS = 10_000;

/**
 * Longer than a workflow task's timeout (Temporal's default, 10 s, which the gateway keeps): the
 * tasks a hung worker holds time out and go to the other worker, and the hung one, resumed,
 * completes them late and is told they are gone.
 */
export const WORKER_HANG_MS = 13_000;

export function faults(deployment: Deployment, temporal: TemporalUnderTest): Fault[] {
  const app = (name: string) => deployment.apps.find((candidate) => candidate.name === name)!;
  const killAndRestart = async (target: AppProcess) => {
    killedOnPurpose.add(target.child);
    await kill(target.child, 'SIGKILL');
    await deployment.restart(target);
  };
  return [
    {
      name: 'worker-1 SIGKILLed, restarted',
      inject: () => killAndRestart(app('worker-1')),
      recoveryMs: 20_000,
    },
    {
      name: `worker-2 hung (SIGSTOP ${WORKER_HANG_MS / 1000} s, SIGCONT)`,
      inject: () => hang(app('worker-2').child.pid!, WORKER_HANG_MS),
      recoveryMs: 20_000,
    },
    {
      name: 'api-1 SIGKILLed, restarted',
      inject: async () => {
        const api = app('api-1');
        await killAndRestart(api);
        await waitUntilReady(api.url!, [api], 60_000);
      },
      recoveryMs: 12_000,
    },
    {
      name: 'Temporal SIGKILLed, restarted on its store',
      inject: () => temporal.restart(),
      recoveryMs: 20_000,
    },
    {
      name: `Temporal hung (SIGSTOP ${HANG_MS / 1000} s, SIGCONT)`,
      inject: () => hang(temporal.pid(), HANG_MS),
      recoveryMs: 20_000,
    },
  ];
}

/** Stops a process (every thread of it) for a while, then lets it go on where it was. */
async function hang(pid: number, ms: number): Promise<void> {
  process.kill(pid, 'SIGSTOP');
  try {
    await sleep(ms);
  } finally {
    process.kill(pid, 'SIGCONT');
  }
}
