// The production-shaped Temporal without Docker: the real Temporal server (built from Go modules,
// the version docker-compose.yml runs) on a PostgreSQL cluster of its own, with the schema set up
// by Temporal's SQL tool, then the namespace and the loyalty search attributes. Everything lives
// in one data directory; what is already built, initialised or running is reused.
// Used by scripts/temporal-postgres.ts (by hand) and by the system tests.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, openSync, readFileSync, closeSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { parse, stringify } from 'yaml';
import { ensureNamespace } from './temporal-namespace.js';
import { parentDeathGuard, waitForServer, type SearchAttributeType } from './temporal-dev-server.js';

const run = promisify(execFile);

/** The one place the version is named; test/deploy checks docker-compose.yml against it. */
export const TEMPORAL_SERVER_VERSION = '1.32.2';
/** The server module needs Go >= 1.26.10; `GOTOOLCHAIN` fetches this one from the Go module proxy. */
export const GO_TOOLCHAIN = 'go1.27.3';
const MODULE = 'go.temporal.io/server';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const DYNAMIC_CONFIG_FILE = path.join(repoRoot, 'deploy/temporal/dynamic-config.yaml');
export const DEFAULT_DATA_DIR = path.join(repoRoot, '.data/temporal-postgres');
export const DEFAULT_POSTGRES_PORT = 55432;
const HOST = '127.0.0.1';
const DB_USER = 'temporal';
const DB_PASSWORD = 'temporal';
const DATABASES = [
  { name: 'temporal', schema: 'temporal' },
  { name: 'temporal_visibility', schema: 'visibility' },
] as const;
const STOP_GRACE_MS = 10_000;

type Log = (line: string) => void;

// --- the build: server, SQL tool, and the module's schema and config beside them --------------

export interface TemporalServerTools {
  server: string;
  sql: string;
  /** schema/postgresql/v12 and config/development-postgres12.yaml, copied from the module */
  moduleFiles: string;
}

/**
 * Where the build goes: a folder per version under the git-ignored .tools/, or under
 * TEMPORAL_SERVER_TOOLS_DIR (CI points it at a cache the machine keeps between clones).
 */
export function toolsDir(): string {
  return path.join(path.resolve(process.env.TEMPORAL_SERVER_TOOLS_DIR ?? path.join(repoRoot, '.tools')), `temporal-server-${TEMPORAL_SERVER_VERSION}`);
}

/** The built server and SQL tool, building them with `go install` only when they are missing. */
export async function ensureTemporalServerBuild(log: Log = () => {}): Promise<TemporalServerTools> {
  const dir = toolsDir();
  const tools = { server: path.join(dir, 'bin/server'), sql: path.join(dir, 'bin/sql'), moduleFiles: path.join(dir, 'module') };
  const complete = () =>
    existsSync(tools.server) &&
    existsSync(tools.sql) &&
    existsSync(path.join(tools.moduleFiles, 'config/development-postgres12.yaml')) &&
    existsSync(path.join(tools.moduleFiles, 'schema/postgresql/v12/visibility/versioned'));
  if (complete() && (await builtVersion(tools.server)) === TEMPORAL_SERVER_VERSION) return tools;

  await requireGo();
  const started = Date.now();
  log(`Building Temporal server ${TEMPORAL_SERVER_VERSION} and its SQL tool with Go (several minutes the first time) ...`);
  // Outside any module (a module's go.mod would need go.sum entries for all of Temporal's).
  const env = { ...process.env, GOTOOLCHAIN: GO_TOOLCHAIN, GOBIN: path.join(dir, 'bin'), GOFLAGS: '' };
  const outside = { cwd: os.tmpdir(), env, maxBuffer: 64 * 1024 * 1024, timeout: 30 * 60_000 };
  await run('go', ['install', `${MODULE}/cmd/server@v${TEMPORAL_SERVER_VERSION}`, `${MODULE}/cmd/tools/sql@v${TEMPORAL_SERVER_VERSION}`], outside).catch(
    (error: { stderr?: string; message: string }) => {
      throw new Error(`go install of Temporal server ${TEMPORAL_SERVER_VERSION} failed:\n${error.stderr || error.message}`);
    },
  );
  // The module is in Go's module cache now; keep what the script reads next to the binaries.
  const { stdout } = await run('go', ['mod', 'download', '-json', `${MODULE}@v${TEMPORAL_SERVER_VERSION}`], outside);
  const moduleDir = (JSON.parse(stdout) as { Dir: string }).Dir;
  rmSync(tools.moduleFiles, { recursive: true, force: true });
  for (const part of ['schema/postgresql/v12', 'config/development-postgres12.yaml']) {
    cpSync(path.join(moduleDir, part), path.join(tools.moduleFiles, part), { recursive: true });
  }
  const version = await builtVersion(tools.server);
  if (version !== TEMPORAL_SERVER_VERSION) throw new Error(`built ${tools.server} reports version ${version}`);
  log(`Built Temporal server ${version} in ${Math.round((Date.now() - started) / 1000)} s (${dir})`);
  return tools;
}

async function builtVersion(server: string): Promise<string | undefined> {
  try {
    const { stdout } = await run(server, ['--version'], { timeout: 30_000 });
    return /version (\S+)/.exec(stdout)?.[1];
  } catch {
    return undefined;
  }
}

async function requireGo(): Promise<void> {
  try {
    await run('go', ['version'], { timeout: 30_000 });
  } catch {
    throw new Error(
      `Go is needed once, to build Temporal server ${TEMPORAL_SERVER_VERSION} (any Go >= 1.21 fetches ${GO_TOOLCHAIN} ` +
        'itself): install it from https://go.dev/dl or your package manager, or set TEMPORAL_SERVER_TOOLS_DIR ' +
        `to a folder holding an earlier build (temporal-server-${TEMPORAL_SERVER_VERSION}/).`,
    );
  }
}

// --- PostgreSQL: a cluster of its own in <dataDir>/postgres -------------------------------------

const postgresBin = (name: string) => path.join(process.env.POSTGRES_BIN_DIR ?? '/usr/lib/postgresql/15/bin', name);
const isRoot = () => process.getuid?.() === 0;

/** initdb and postgres refuse to run as root: as root, run them as the `postgres` user. */
function asPostgresUser(file: string, args: string[]): [string, string[]] {
  return isRoot() ? ['runuser', ['-u', 'postgres', '--', file, ...args]] : [file, args];
}

async function postgresTool(name: string, args: string[], timeout = 60_000): Promise<string> {
  const [file, fileArgs] = asPostgresUser(postgresBin(name), args);
  try {
    const { stdout } = await run(file, fileArgs, { timeout, cwd: os.tmpdir() });
    return stdout;
  } catch (error) {
    const { stdout = '', stderr = '', message } = error as { stdout?: string; stderr?: string; message: string };
    throw Object.assign(new Error(`${name} ${args.join(' ')} failed: ${(stderr || stdout || message).trim()}`), {
      code: (error as { code?: unknown }).code,
    });
  }
}

interface PostgresCluster {
  port: number;
  dir: string;
  /** false when it was already running: then it is not ours to stop */
  startedHere: boolean;
}

async function ensurePostgres(dataDir: string, port: number, log: Log): Promise<PostgresCluster> {
  if (!existsSync(postgresBin('initdb'))) {
    throw new Error(`PostgreSQL not found at ${postgresBin('')} (Debian: apt-get install postgresql-15; or set POSTGRES_BIN_DIR)`);
  }
  const dir = path.join(dataDir, 'postgres');
  const data = path.join(dir, 'data');
  mkdirSync(dir, { recursive: true, mode: 0o755 });
  if (isRoot()) {
    await run('chown', ['postgres:postgres', dir]);
    // e.g. a folder from mkdtemp (mode 700) on the way: initdb would fail with a vaguer message.
    await run('runuser', ['-u', 'postgres', '--', 'test', '-w', dir]).catch(() => {
      throw new Error(`the postgres user cannot write to ${dir}: every folder above it must be searchable (chmod o+x)`);
    });
  }

  if (!existsSync(path.join(data, 'PG_VERSION'))) {
    log(`Creating a PostgreSQL cluster in ${data} ...`);
    // Trust on loopback only (listen_addresses below): a throwaway cluster of this machine.
    await postgresTool('initdb', ['-D', data, '-A', 'trust', '-U', DB_USER, '-E', 'UTF8', '--no-locale', '--no-instructions']);
  }
  if (await postgresRunning(data)) {
    log(`PostgreSQL already running (${data})`);
    return { port: runningPostgresPort(data) ?? port, dir, startedHere: false };
  }
  // -k: its Unix socket in its own folder, not /var/run/postgresql (which may belong to the system cluster).
  const options = `-p ${port} -k ${dir} -c listen_addresses=${HOST}`;
  try {
    await postgresTool('pg_ctl', ['-D', data, '-l', path.join(dir, 'postgres.log'), '-o', options, '-w', '-t', '60', 'start'], 90_000);
  } catch (error) {
    throw new Error(`${(error as Error).message}\n--- ${path.join(dir, 'postgres.log')} (last lines) ---\n${tail(path.join(dir, 'postgres.log'))}`, {
      cause: error,
    });
  }
  return { port, dir, startedHere: true };
}

async function postgresRunning(data: string): Promise<boolean> {
  try {
    await postgresTool('pg_ctl', ['-D', data, 'status']);
    return true;
  } catch {
    return false; // exit 3: not running; 4: no data directory
  }
}

function runningPostgresPort(data: string): number | undefined {
  try {
    // postmaster.pid: pid, data dir, start time, port, ...
    return Number(readFileSync(path.join(data, 'postmaster.pid'), 'utf8').split('\n')[3]) || undefined;
  } catch {
    return undefined;
  }
}

async function stopPostgres(dir: string): Promise<void> {
  const data = path.join(dir, 'data');
  if (await postgresRunning(data)) await postgresTool('pg_ctl', ['-D', data, '-m', 'fast', '-w', '-t', '60', 'stop'], 90_000);
}

// --- schema: the same three steps as docker-compose.yml's schema job, each safe to repeat -----

async function ensureSchema(tools: TemporalServerTools, postgresPort: number, log: Log): Promise<void> {
  const connection = ['--plugin', 'postgres12', '--ep', HOST, '-p', String(postgresPort), '-u', DB_USER, '--pw', DB_PASSWORD];
  log('Setting up and updating the schema ...');
  for (const { name, schema } of DATABASES) {
    const sql = (...args: string[]) =>
      run(tools.sql, [...connection, '--db', name, ...args], { timeout: 120_000 }).catch((error: { stderr?: string; message: string }) => {
        throw new Error(`temporal sql tool ${args[0]} for ${name} failed:\n${error.stderr || error.message}`, { cause: error });
      });
    // create-database ignores an existing database; setup-schema -v 0.0 only creates the version
    // tables; update-schema applies what the database does not have yet.
    await sql('create-database');
    await sql('setup-schema', '-v', '0.0');
    await sql('update-schema', '-d', path.join(tools.moduleFiles, 'schema/postgresql/v12', schema, 'versioned'));
  }
}

// --- the server's config: the module's development-postgres12.yaml, with our ports and paths ---

/** The ports of one server, laid out as in the module's config around the frontend's 7233. */
export function serverPorts(frontend: number) {
  return {
    frontend,
    history: frontend + 1,
    matching: frontend + 2,
    worker: frontend + 6,
    http: frontend + 10,
    frontendMembership: frontend - 300,
    historyMembership: frontend - 299,
    matchingMembership: frontend - 298,
    workerMembership: frontend - 294,
  };
}

function writeServerConfig(tools: TemporalServerTools, dataDir: string, postgresPort: number, frontendPort: number, logLevel: string): void {
  const config = parse(readFileSync(path.join(tools.moduleFiles, 'config/development-postgres12.yaml'), 'utf8'));
  const ports = serverPorts(frontendPort);
  config.log = { ...config.log, level: logLevel };
  for (const store of Object.values(config.persistence.datastores) as { sql: Record<string, unknown> }[]) {
    Object.assign(store.sql, { connectAddr: `${HOST}:${postgresPort}`, user: DB_USER, password: DB_PASSWORD });
  }
  // Several servers may run on one machine: no fixed pprof or metrics ports.
  config.global.pprof = { port: 0 };
  delete config.global.metrics;
  const rpc = (service: string) => config.services[service].rpc as Record<string, unknown>;
  Object.assign(rpc('frontend'), { grpcPort: ports.frontend, membershipPort: ports.frontendMembership, httpPort: ports.http });
  Object.assign(rpc('history'), { grpcPort: ports.history, membershipPort: ports.historyMembership });
  Object.assign(rpc('matching'), { grpcPort: ports.matching, membershipPort: ports.matchingMembership });
  Object.assign(rpc('worker'), { grpcPort: ports.worker, membershipPort: ports.workerMembership });
  config.clusterMetadata.clusterInformation.active.rpcAddress = `${HOST}:${ports.frontend}`;
  config.dynamicConfigClient = { filepath: DYNAMIC_CONFIG_FILE, pollInterval: '10s' };
  // The archival providers write under /tmp; namespaces have archival off by default anyway.
  mkdirSync(path.join(dataDir, 'config'), { recursive: true });
  writeFileSync(
    path.join(dataDir, 'config/development-postgres12.yaml'),
    `# Written by scripts/lib/temporal-postgres.ts from Temporal ${TEMPORAL_SERVER_VERSION}'s config/development-postgres12.yaml.\n${stringify(config)}`,
  );
}

// --- the whole thing ---------------------------------------------------------------------------

export interface PostgresTemporalOptions {
  /** Holds the cluster, the config, the logs and the state; .data/temporal-postgres by default. */
  dataDir?: string;
  /** gRPC frontend port; 7233 by default. The other ports follow it (see serverPorts). */
  port?: number;
  postgresPort?: number;
  namespace?: string;
  searchAttributes?: Record<string, SearchAttributeType>;
  /** The server's log level (debug, info, warn, error); 'warn' by default. */
  logLevel?: string;
  /** Leave the server running when this process exits, for `stop` to end later. */
  detached?: boolean;
  /** Progress lines; silent by default. */
  log?: Log;
  readyTimeoutMs?: number;
}

export interface PostgresTemporal {
  address: string;
  namespace: string;
  postgres: { port: number; dataDir: string };
  serverLog: string;
  /** The server process, when started here (not when an earlier start was reused). */
  process?: ChildProcess;
  /**
   * Stops the server alone (SIGTERM with a grace period, or SIGKILL) and starts it again on the
   * same store and ports, PostgreSQL left running; only for a server started here.
   */
  restartServer?(options?: { signal?: 'SIGTERM' | 'SIGKILL' }): Promise<void>;
  /** Stops the server, then PostgreSQL if it was started by this call or by the reused start. */
  stop(): Promise<void>;
}

interface State {
  serverPid: number;
  address: string;
  namespace: string;
  postgresPort: number;
  /** whether the start that wrote this state also started PostgreSQL */
  postgresStartedHere: boolean;
}

const stateFile = (dataDir: string) => path.join(dataDir, 'running.json');

export async function startPostgresTemporal(options: PostgresTemporalOptions = {}): Promise<PostgresTemporal> {
  const dataDir = path.resolve(options.dataDir ?? DEFAULT_DATA_DIR);
  const namespace = options.namespace ?? 'default';
  const log = options.log ?? (() => {});
  const searchAttributes = options.searchAttributes ?? {};
  mkdirSync(dataDir, { recursive: true });

  const reused = await reuseRunning(dataDir, namespace, searchAttributes);
  if (reused) {
    log(`Temporal already running at ${reused.address} (started earlier from ${dataDir})`);
    return reused;
  }

  const tools = await ensureTemporalServerBuild(log);
  const postgres = await ensurePostgres(dataDir, options.postgresPort ?? DEFAULT_POSTGRES_PORT, log);
  const stopPostgresIfOurs = () => (postgres.startedHere ? stopPostgres(postgres.dir) : Promise.resolve());
  let server: ChildProcess | undefined;
  let launched = false;
  const serverLog = path.join(dataDir, 'server.log');
  try {
    await ensureSchema(tools, postgres.port, log);
    const port = options.port ?? 7233;
    await requireFreePorts(Object.values(serverPorts(port)));
    writeServerConfig(tools, dataDir, postgres.port, port, options.logLevel ?? 'warn');

    const address = `${HOST}:${port}`;
    log(`Starting Temporal server ${TEMPORAL_SERVER_VERSION} on ${address} (log: ${serverLog}) ...`);
    const launch = () => launchServer(tools.server, dataDir, address, serverLog, options);
    launched = true;
    server = await launch();
    const { createdNamespace, registered } = await ensureNamespace(address, namespace, { create: true, searchAttributes, timeoutMs: 60_000 });
    if (createdNamespace) log(`Created namespace ${namespace}`);
    if (registered.length > 0) log(`Registered search attributes ${registered.join(', ')}`);

    const state: State = { serverPid: server.pid!, address, namespace, postgresPort: postgres.port, postgresStartedHere: postgres.startedHere };
    writeFileSync(stateFile(dataDir), `${JSON.stringify(state, null, 2)}\n`);
    const handle: PostgresTemporal = {
      address,
      namespace,
      postgres: { port: postgres.port, dataDir: path.join(postgres.dir, 'data') },
      serverLog,
      process: server,
      restartServer: async ({ signal = 'SIGTERM' } = {}) => {
        const { pid } = handle.process!;
        if (signal === 'SIGKILL' && alive(pid!)) process.kill(pid!, 'SIGKILL');
        await stopServer(pid!);
        handle.process = await launch();
        writeFileSync(stateFile(dataDir), `${JSON.stringify({ ...state, serverPid: handle.process.pid! }, null, 2)}\n`);
      },
      stop: once(async () => {
        await stopServer(handle.process!.pid!);
        await stopPostgresIfOurs();
        rmSync(stateFile(dataDir), { force: true });
      }),
    };
    return handle;
  } catch (error) {
    if (server?.pid) await stopServer(server.pid);
    await stopPostgresIfOurs().catch(() => {});
    const detail = existsSync(serverLog) ? `\n--- ${serverLog} (last lines) ---\n${tail(serverLog)}` : '';
    throw new Error(`${(error as Error).message}${launched ? detail : ''}`, { cause: error });
  }
}

/** Starts the server process and resolves once it answers; stops it again if it does not. */
async function launchServer(
  serverBinary: string,
  dataDir: string,
  address: string,
  serverLog: string,
  options: Pick<PostgresTemporalOptions, 'detached' | 'readyTimeoutMs'>,
): Promise<ChildProcess> {
  const out = openSync(serverLog, 'a');
  let child: ChildProcess;
  try {
    const args = ['--root', dataDir, '--config', 'config', '--env', 'development-postgres12', '--allow-no-auth', 'start'];
    // Attached, it must not outlive this process even when this one is SIGKILLed.
    const [file, ...fileArgs] = [...(options.detached ? [] : await parentDeathGuard()), serverBinary, ...args] as [string, ...string[]];
    child = spawn(file, fileArgs, { cwd: dataDir, stdio: ['ignore', out, out], detached: options.detached ?? false });
  } finally {
    closeSync(out);
  }
  if (options.detached) child.unref();
  const exited = new Promise<string>((resolve) => {
    child.once('error', (error) => resolve(`could not run ${serverBinary}: ${error.message}`));
    child.once('exit', (code, signal) => resolve(`exited early (${signal ?? `code ${code}`})`));
  });
  const waiting = new AbortController();
  try {
    const died = await Promise.race([
      waitForServer(address, { namespace: 'temporal-system', timeoutMs: options.readyTimeoutMs ?? 90_000, signal: waiting.signal }).then(() => undefined),
      exited,
    ]);
    if (died) throw new Error(`Temporal server ${died}`);
  } catch (error) {
    if (child.pid) await stopServer(child.pid);
    throw error;
  } finally {
    waiting.abort();
  }
  return child;
}

/** An earlier `start --detach` (or a start still running) of the same data directory, if it still answers. */
async function reuseRunning(
  dataDir: string,
  namespace: string,
  searchAttributes: Record<string, SearchAttributeType>,
): Promise<PostgresTemporal | undefined> {
  const state = readState(dataDir);
  if (!state || !alive(state.serverPid) || state.namespace !== namespace) return undefined;
  try {
    await waitForServer(state.address, { namespace, timeoutMs: 5_000 });
  } catch {
    return undefined;
  }
  await ensureNamespace(state.address, namespace, { create: true, searchAttributes });
  return {
    address: state.address,
    namespace,
    postgres: { port: state.postgresPort, dataDir: path.join(dataDir, 'postgres/data') },
    serverLog: path.join(dataDir, 'server.log'),
    stop: () => stopPostgresTemporal(dataDir),
  };
}

/** Stops what a start from this data directory left running; says what it stopped. */
export async function stopPostgresTemporal(dataDir = DEFAULT_DATA_DIR, log: Log = () => {}): Promise<void> {
  dataDir = path.resolve(dataDir);
  const state = readState(dataDir);
  if (state && alive(state.serverPid)) {
    await stopServer(state.serverPid);
    log(`Stopped the Temporal server (pid ${state.serverPid})`);
  }
  const postgresDir = path.join(dataDir, 'postgres');
  // Without a state file, a cluster running in our own data directory is still ours.
  if ((!state || state.postgresStartedHere) && (await postgresRunning(path.join(postgresDir, 'data')))) {
    await stopPostgres(postgresDir);
    log('Stopped PostgreSQL');
  }
  rmSync(stateFile(dataDir), { force: true });
}

function readState(dataDir: string): State | undefined {
  try {
    return JSON.parse(readFileSync(stateFile(dataDir), 'utf8')) as State;
  } catch {
    return undefined;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** SIGTERM, then SIGKILL after a grace period; resolves once the process is gone. */
async function stopServer(pid: number): Promise<void> {
  if (!alive(pid)) return;
  process.kill(pid, 'SIGTERM');
  const deadline = Date.now() + STOP_GRACE_MS;
  while (alive(pid) && !isZombie(pid)) {
    if (Date.now() > deadline) {
      process.kill(pid, 'SIGKILL');
      break;
    }
    await sleep(100);
  }
}

/** A child of ours that exited but was not reaped yet still answers kill(pid, 0). */
function isZombie(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.startsWith('Z') ?? false;
  } catch {
    return false;
  }
}

async function requireFreePorts(ports: number[]): Promise<void> {
  for (const port of ports) {
    const free = await new Promise<boolean>((resolve) => {
      const probe = createServer();
      probe.once('error', () => resolve(false));
      probe.listen(port, HOST, () => probe.close(() => resolve(true)));
    });
    if (!free) throw new Error(`port ${port} on ${HOST} is taken; choose another frontend port (its neighbours are used too: ${ports.join(', ')})`);
  }
}

/** A frontend port whose whole layout (serverPorts) was free a moment ago. */
export async function freeServerPort(): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    // Below 32,768: Temporal keeps membership ports in a PostgreSQL smallint (and Linux hands out
    // ephemeral ports from 32,768 up, so none is taken by a passing connection meanwhile).
    const port = 20_300 + Math.floor(Math.random() * 12_000);
    try {
      await requireFreePorts(Object.values(serverPorts(port)));
      return port;
    } catch {
      // taken: try another
    }
  }
  throw new Error('found no free range of ports for a Temporal server');
}

function tail(file: string, chars = 4_000): string {
  try {
    return readFileSync(file, 'utf8').slice(-chars).trimEnd();
  } catch {
    return '(no log)';
  }
}

function once(fn: () => Promise<void>): () => Promise<void> {
  let result: Promise<void> | undefined;
  return () => (result ??= fn());
}
