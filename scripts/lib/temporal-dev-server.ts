// Starts `temporal server start-dev` as a child process and resolves only once the server
// really answers (namespace and search attributes included), so callers never race it.
// Used by the tests' global setup and by local development scripts.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { Connection } from '@temporalio/client';
import { findTemporalCli } from '../temporal-cli.mjs';

export type SearchAttributeType = 'Keyword' | 'Bool' | 'Int' | 'Double' | 'Text' | 'Datetime' | 'KeywordList';

export interface DevServerOptions {
  /** gRPC frontend port; a free one by default. */
  port?: number;
  /** Web UI port; a free one by default; `false` runs headless. */
  uiPort?: number | false;
  /**
   * Port of Temporal's own HTTP API (`--http-port`), e.g. for `POST /api/v1/namespaces/{ns}/workflows/{id}/signal/{name}`;
   * `true` picks a free one. The CLI otherwise opens it on a random port nobody is told about.
   */
  httpPort?: number | true;
  /** SQLite file to persist to; in memory when omitted. */
  dbFilename?: string;
  /** Created at start if missing; 'default' always exists. */
  namespace?: string;
  searchAttributes?: Record<string, SearchAttributeType>;
  /** Passed as `--dynamic-config-value key=<JSON value>`. The server accepts unknown keys silently. */
  dynamicConfig?: Record<string, string | number | boolean>;
  /** debug | info | warn | error | never */
  logLevel?: string;
  /**
   * Where the server's output goes once it is ready: 'pipe' (default) leaves it readable on
   * `process.stdout`/`process.stderr`, 'inherit' copies it to this process's, 'ignore' drops it.
   * The startup output is always kept for the error message if the server fails to start.
   */
  stdio?: 'inherit' | 'ignore' | 'pipe';
  /** How long to wait for the server to answer; 30 s by default. */
  readyTimeoutMs?: number;
}

export interface DevServer {
  /** host:port of the gRPC frontend */
  address: string;
  /** http://host:port of Temporal's HTTP API, when `httpPort` was asked for */
  httpUrl?: string;
  namespace: string;
  uiUrl?: string;
  process: ChildProcess;
  /** SIGTERM, then SIGKILL after 5 s; resolves once the process has exited. Safe to call twice. */
  stop(): Promise<void>;
}

const HOST = '127.0.0.1';
const STOP_GRACE_MS = 5_000;
const OUTPUT_TAIL_CHARS = 16_000;
const PORT_ATTEMPTS = 3;

/** A TCP port that was free a moment ago (another process can still take it before you do). */
export async function freePort(host = HOST): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, host, () => {
      const address = server.address();
      server.close(() => {
        if (address && typeof address === 'object') resolve(address.port);
        else reject(new Error('could not read the port of a probe socket'));
      });
    });
  });
}

export async function startDevServer(options: DevServerOptions = {}): Promise<DevServer> {
  const cli = await findTemporalCli({ install: true });
  // freePort() can lose a race with another process; retry only ports we picked ourselves.
  const portsArePicked = options.port === undefined || options.uiPort === undefined || options.httpPort === true;
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOnce(cli, options);
    } catch (error) {
      const portTaken = error instanceof DevServerStartError && /address already in use/i.test(error.output);
      if (!(portTaken && portsArePicked && attempt < PORT_ATTEMPTS)) throw error;
    }
  }
}

class DevServerStartError extends Error {
  constructor(
    message: string,
    readonly output: string,
  ) {
    super(output.trim() ? `${message}\n--- temporal server output (last lines) ---\n${output.trimEnd()}` : message);
    this.name = 'DevServerStartError';
  }
}

async function startOnce(cli: string, options: DevServerOptions): Promise<DevServer> {
  const port = options.port ?? (await freePort());
  const uiPort = options.uiPort === false ? undefined : (options.uiPort ?? (await freePort()));
  const httpPort = options.httpPort === true ? await freePort() : options.httpPort;
  const namespace = options.namespace ?? 'default';
  const searchAttributes = options.searchAttributes ?? {};
  const address = `${HOST}:${port}`;

  const args = ['server', 'start-dev', '--ip', HOST, '--port', String(port)];
  args.push(...(uiPort === undefined ? ['--headless'] : ['--ui-port', String(uiPort)]));
  if (httpPort !== undefined) args.push('--http-port', String(httpPort));
  if (options.dbFilename) args.push('--db-filename', options.dbFilename);
  args.push('--namespace', namespace, '--log-level', options.logLevel ?? 'warn');
  for (const [name, type] of Object.entries(searchAttributes)) args.push('--search-attribute', `${name}=${type}`);
  for (const [key, value] of Object.entries(options.dynamicConfig ?? {})) {
    // Values must be JSON: a bare string would be rejected as invalid JSON.
    args.push('--dynamic-config-value', `${key}=${JSON.stringify(value)}`);
  }

  const [file, ...fileArgs] = [...(await parentDeathGuard()), cli, ...args] as [string, ...string[]];
  const child = spawn(file, fileArgs, { stdio: ['ignore', 'pipe', 'pipe'] });
  track(child);

  let output = '';
  let capturing = true;
  const stdio = options.stdio ?? 'pipe';
  const onOutput = (target: NodeJS.WriteStream) => (chunk: Buffer) => {
    if (capturing) output = (output + chunk.toString()).slice(-OUTPUT_TAIL_CHARS);
    if (stdio === 'inherit') target.write(chunk);
  };
  // Our listeners keep the pipes flowing, so an unread 'pipe' never blocks the server.
  child.stdout?.on('data', onOutput(process.stdout));
  child.stderr?.on('data', onOutput(process.stderr));

  const exited = new Promise<string>((resolve) => {
    child.once('error', (error) => resolve(`could not run ${cli}: ${error.message}`));
    // 'close' rather than 'exit': it comes after the last output, which the error message needs.
    child.once('close', (code, signal) => resolve(`exited early (${signal ?? `code ${code}`})`));
  });

  const stop = () => stopProcess(child);
  const command = `${cli} ${args.join(' ')}`;
  const stopWaiting = new AbortController();
  try {
    const died = await Promise.race([
      waitForServer(address, {
        namespace,
        searchAttributeNames: Object.keys(searchAttributes),
        timeoutMs: options.readyTimeoutMs ?? 30_000,
        signal: stopWaiting.signal,
      }).then(() => undefined),
      exited,
    ]);
    if (died) throw new Error(`Temporal dev server ${died}.`);
  } catch (error) {
    const outputSoFar = output; // before stop() adds the shutdown noise
    await stop();
    throw new DevServerStartError(`${(error as Error).message}\nCommand: ${command}`, outputSoFar);
  } finally {
    stopWaiting.abort();
  }

  capturing = false;
  if (stdio === 'ignore') {
    child.stdout?.removeAllListeners('data').resume();
    child.stderr?.removeAllListeners('data').resume();
  }
  return {
    address,
    namespace,
    ...(uiPort === undefined ? {} : { uiUrl: `http://${HOST}:${uiPort}` }),
    ...(httpPort === undefined ? {} : { httpUrl: `http://${HOST}:${httpPort}` }),
    process: child,
    stop,
  };
}

export interface WaitForServerOptions {
  namespace?: string;
  /** Also wait until these search attributes are registered in the namespace. */
  searchAttributeNames?: string[];
  timeoutMs?: number;
  /** Gives up early (rejecting) when aborted. */
  signal?: AbortSignal;
}

/** Resolves once the server at `address` answers for the namespace; throws after the timeout. */
export async function waitForServer(address: string, options: WaitForServerOptions = {}): Promise<void> {
  const { namespace = 'default', searchAttributeNames = [], timeoutMs = 30_000, signal } = options;
  const deadline = Date.now() + timeoutMs;
  let lastError = 'no attempt made';
  while (Date.now() < deadline) {
    signal?.throwIfAborted();
    try {
      // No retry interceptor: the SDK's default retries UNAVAILABLE for ~20 s, we poll instead.
      const connection = await Connection.connect({ address, connectTimeout: 1_000, interceptors: [] });
      try {
        await connection.withDeadline(Math.min(deadline, Date.now() + 2_000), async () => {
          await connection.workflowService.describeNamespace({ namespace });
          if (searchAttributeNames.length === 0) return;
          const { customAttributes } = await connection.operatorService.listSearchAttributes({ namespace });
          const missing = searchAttributeNames.filter((name) => !(name in (customAttributes ?? {})));
          if (missing.length > 0) throw new Error(`search attributes not registered: ${missing.join(', ')}`);
        });
        return;
      } finally {
        await connection.close();
      }
    } catch (error) {
      lastError = error instanceof Error ? error.message : String(error);
    }
    await sleep(200, undefined, { signal });
  }
  throw new Error(
    `Temporal server at ${address} did not answer for namespace '${namespace}' within ${timeoutMs} ms ` +
      `(last error: ${lastError})`,
  );
}

async function stopProcess(child: ChildProcess): Promise<void> {
  // No pid: it never started ('error' was emitted instead of 'exit').
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
  try {
    await exited;
  } finally {
    clearTimeout(timer);
  }
}

// A dev server must never outlive the process that started it: on 'exit' (only synchronous
// work possible there) and on termination signals, kill whatever is still running. For a parent
// that is SIGKILLed (no handler runs), Linux can deliver a signal to the child itself: util-linux
// `setpriv --pdeathsig KILL` sets that up and then execs the CLI, keeping the same pid.
let guardCommand: Promise<string[]> | undefined;

/** The command prefix (possibly empty) that ties a child's life to this process. */
export function parentDeathGuard(): Promise<string[]> {
  guardCommand ??= new Promise((resolve) => {
    if (process.platform !== 'linux') return resolve([]);
    const command = ['setpriv', '--pdeathsig', 'KILL', '--'];
    const probe = spawn(command[0]!, [...command.slice(1), 'true'], { stdio: 'ignore' });
    probe.once('error', () => resolve([]));
    probe.once('exit', (code) => resolve(code === 0 ? command : []));
  });
  return guardCommand;
}

const running = new Set<ChildProcess>();
let cleanupInstalled = false;

function track(child: ChildProcess): void {
  running.add(child);
  child.once('exit', () => running.delete(child));
  child.once('error', () => running.delete(child));
  if (cleanupInstalled) return;
  cleanupInstalled = true;
  process.once('exit', killAll);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    const onSignal = () => {
      // Another listener owns shutdown (e.g. a graceful stop()); 'exit' still catches leftovers.
      if (process.listenerCount(signal) > 1) return;
      // Alone, we stand in for Node's default: kill the servers, then die of the same signal.
      killAll();
      process.off(signal, onSignal);
      process.kill(process.pid, signal);
    };
    process.on(signal, onSignal);
  }
}

function killAll(): void {
  for (const child of running) child.kill('SIGKILL');
  running.clear();
}
