// `npm run bench`: the gateway side by side with calling Temporal directly, in one run, on one
// server. The worker and the API run as processes of their own (the API is apps/api/src/server.ts
// itself, on a port, with API keys); the benchmark process drives them, the Temporal TypeScript
// client and Temporal's own HTTP API with the same closed-loop callers:
//
//   async earn  gateway POST points + Prefer: respond-async | SDK signal addLoyaltyPoints | HTTP API signal
//   sync earn   gateway POST points | SDK executeUpdate executeCommands, one command each | HTTP API update
//   read        gateway GET /customers/{id} | SDK query getStatus | HTTP API query
//   enrol       gateway POST /customers | SDK workflow start | HTTP API start
//
// for many customers and for one hot customer, paths interleaved in rounds so that a busy machine
// hurts them alike; then it checks that every acknowledged point is in its balance exactly once.
// Then worker memory against the number of customers touched, and reads of accounts evicted from
// the worker's cache against cached ones.
//
//   npm run bench                          full run on a Temporal dev server (in memory); ~15 minutes
//   npm run bench -- --smoke               seconds of load, tiny counts, the same code paths (CI); BENCH_SMOKE=1 too
//   npm run bench -- --postgres            on Temporal server 1.32 with PostgreSQL (scripts/lib/temporal-postgres.ts), fresh data
//   BENCH_TEMPORAL_ADDRESS=host:port [BENCH_TEMPORAL_HTTP=http://host:port] npm run bench   on a server you run
//   npm run bench -- --profile             also CPU-profile the API (where a request's time goes beyond its Temporal call) and the worker's workflow thread
//
// Other options: --seconds (per path and comparison), --rounds, --memory 1000,10000,50000 (empty: skip),
// --only async,sync,read,enrol (some operations), --worker-cache N (maxCachedWorkflows of the load worker; the worker's default, WORKER_MAX_CACHED_WORKFLOWS, otherwise),
// --memory-worker-cache N (of the memory worker), --json FILE (the results, machine-readable).
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, bundleWorkflowCode } from '@temporalio/worker';
import { addLoyaltyPointsSignal, getStatusQuery, searchAttributes, workflowIdFor } from '@loyalty/contracts';
import { sourceBundle } from '../apps/worker/src/worker.js';
import { cpuBreakdown, workflowThreadCategory, workflowThreadProfileOf, type CpuBreakdown } from './lib/bench/cpu-profile.js';
import { closedLoop, emptySample, httpClient, inParallel, merge, percentile, type HttpClient, type Sample } from './lib/bench/load.js';
import { Ledger, checkExactlyOnce, enrolDirectly, pathsFor, type ExactlyOnceReport, type Operation, type Path, type PathContext } from './lib/bench/paths.js';
import { cpuSeconds, machine, quiescent, repoRoot, rssMiB, startNodeChild, waitFor, type NodeChild } from './lib/bench/processes.js';
import { freePort, startDevServer } from './lib/temporal-dev-server.js';
import { ensureNamespace } from './lib/temporal-namespace.js';
import { freeServerPort, serverPorts, startPostgresTemporal } from './lib/temporal-postgres.js';

const { values: args } = parseArgs({
  options: {
    smoke: { type: 'boolean', default: process.env.BENCH_SMOKE === '1' || process.env.BENCH_SMOKE === 'true' },
    postgres: { type: 'boolean', default: false },
    profile: { type: 'boolean', default: false },
    seconds: { type: 'string' },
    rounds: { type: 'string' },
    memory: { type: 'string' },
    'worker-cache': { type: 'string' },
    'memory-worker-cache': { type: 'string' },
    json: { type: 'string' },
    only: { type: 'string' },
  },
});

const smoke = args.smoke;
const settings = {
  /** Seconds of load per path and comparison, split over the rounds. */
  seconds: Number(args.seconds ?? (smoke ? 0.6 : 12)),
  rounds: Number(args.rounds ?? (smoke ? 1 : 3)),
  warmupSeconds: smoke ? 0.2 : 1.5,
  many: { customers: smoke ? 4 : 64, callers: smoke ? 4 : 16 },
  hotCallers: smoke ? [4] : [16, 64],
  memory: (args.memory ?? (smoke ? '60,150' : '1000,10000,50000')).split(',').filter(Boolean).map(Number),
  /** Accounts read cold, each once (half through the gateway, half through the SDK); they get some history first. */
  coldSample: smoke ? 10 : 200,
  coldHistorySignals: smoke ? 3 : 20,
  warmSample: smoke ? 5 : 50,
  workerCache: args['worker-cache'] === undefined ? undefined : Number(args['worker-cache']),
  memoryWorkerCache: args['memory-worker-cache'] === undefined ? (smoke ? 20 : undefined) : Number(args['memory-worker-cache']),
};
const API_KEY = 'bench-storefront-key';
const run = randomUUID().slice(0, 6);
let keys = 0;
const benchStarted = performance.now();
/** A progress line, stamped with the seconds since the start. */
const progress = (line: string) => console.log(`[${((performance.now() - benchStarted) / 1000).toFixed(1).padStart(6)} s] ${line}`);

interface Temporal {
  address: string;
  namespace: string;
  httpUrl?: string;
  description: string;
  stop(): Promise<void>;
}

interface Row {
  scenario: string;
  operation: Operation;
  kind: Path['kind'];
  label: string;
  callers: number;
  customers: number;
  sample: Sample;
  /** CPU seconds the API process used while this path ran (gateway rows). */
  apiCpu: number;
  /** CPU seconds the worker used while this path ran and until its commands were applied. */
  workerCpu: number;
  /** CPU seconds this process (the callers and their client) used while this path ran. */
  callerCpu: number;
  /** Asynchronous commands: the longest wait after a slice until all were applied. */
  appliedAfterMs?: number;
  /** Monotonic µs windows in which the path ran, for the API's CPU profile. */
  windows: [number, number][];
}

async function main(): Promise<void> {
  const startedAt = Date.now();
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'loyalty-bench-'));
  console.log(`loyalty gateway benchmark${smoke ? ' (smoke)' : ''} on ${machine()}`);
  const temporal = await startTemporal();
  progress(`Temporal: ${temporal.description}${temporal.httpUrl ? `, HTTP API ${temporal.httpUrl}` : ', no HTTP API given (BENCH_TEMPORAL_HTTP)'}`);
  const children: NodeChild[] = [];
  const connection = await Connection.connect({ address: temporal.address });
  const client = new Client({ connection, namespace: temporal.namespace });
  const maxCallers = Math.max(settings.many.callers, ...settings.hotCallers);
  try {
    // Bundled once here; each worker process loads the same file.
    const bundle = path.join(scratch, 'workflow-bundle.js');
    writeFileSync(bundle, (await bundleWorkflowCode({ ...sourceBundle, logger: new DefaultLogger('WARN') })).code);
    progress('workflows bundled');
    const taskQueue = `bench-${run}`;
    // Started together: each takes seconds of loading TypeScript. The memory worker waits idle on a task queue of its own.
    const [worker, api, memoryWorker] = await Promise.all([
      startWorker(temporal, taskQueue, bundle, settings.workerCache, scratch, 'worker'),
      startApi(temporal, taskQueue, scratch),
      settings.memory.length > 0 ? startWorker(temporal, `bench-memory-${run}`, bundle, settings.memoryWorkerCache, scratch, 'memory-worker') : undefined,
    ]);
    children.push(worker.child, api.child, ...(memoryWorker ? [memoryWorker.child] : []));
    progress(`worker pid ${worker.child.pid} (cache ${worker.maxCachedWorkflows} workflows, workflow stack traces ${onOff(worker.workflowStackTraces)}), API ${api.url} pid ${api.child.pid}${args.profile ? ' (CPU-profiled)' : ''}`);

    const apiHttp = httpClient(api.url, maxCallers);
    const temporalHttp = temporal.httpUrl ? httpClient(temporal.httpUrl, maxCallers) : undefined;
    if (temporalHttp) await checkTemporalHttp(temporalHttp, temporal.namespace);
    const ledger = new Ledger();
    const context: PathContext = { api: apiHttp, apiKey: API_KEY, ...(temporalHttp ? { temporalHttp } : {}), client, namespace: temporal.namespace, taskQueue, ledger };

    const rows: Row[] = [];
    const scenarios = [
      { name: `${settings.many.customers} customers, ${settings.many.callers} callers`, customers: settings.many.customers, callers: settings.many.callers, operations: ['async earn', 'sync earn', 'read', 'enrol'] as Operation[] },
      ...settings.hotCallers.map((callers) => ({ name: `one hot customer, ${callers} callers`, customers: 1, callers, operations: ['async earn', 'sync earn', 'read'] as Operation[] })),
    ];
    const only = args.only?.split(',');
    for (const scenario of scenarios) {
      for (const operation of scenario.operations.filter((candidate) => !only || only.includes(candidate.split(' ')[0]!))) {
        const measured = await compare(scenario.name, operation, scenario.customers, scenario.callers, context, api.child, worker.child);
        rows.push(...measured);
        progress(`${scenario.name}, ${operation}: ${measured.map((row) => `${row.kind} ${Math.round(rate(row.sample))}/s`).join(', ')}`);
      }
    }
    const exactlyOnce = await checkExactlyOnce(client, ledger);
    progress(`checked every acknowledged point: ${exactlyOnce.problems.length === 0 ? 'all there once' : `${exactlyOnce.problems.length} problems`}`);
    const loadWorkerRss = rssMiB(worker.child.pid);
    await worker.child.stop(1_000); // its work is checked: no need to drain it

    // Said now, so that a failure of the memory phase does not lose it.
    const loadReport = { temporal, rows, exactlyOnce, loadWorkerRss, workerCache: worker.maxCachedWorkflows, workerStackTraces: worker.workflowStackTraces };
    console.log(`\n${renderReport({ ...loadReport, memory: undefined, profile: undefined, minutes: (Date.now() - startedAt) / 60_000 })}\n`);
    if (args.json) writeFileSync(args.json, `${JSON.stringify({ settings, rows: rows.map(summary), exactlyOnce }, null, 2)}\n`);

    const memory = memoryWorker ? await memoryAndColdReads(client, apiHttp, memoryWorker) : undefined;

    let profile: Profiles | undefined;
    if (args.profile) {
      await api.child.stop();
      profile = { api: profileByComparison(scratch, rows), workflowThread: workflowThreadByPath(scratch, rows) };
    }
    apiHttp.close();
    temporalHttp?.close();

    if (memory || profile) console.log(`\n${renderReport({ ...loadReport, memory, profile, minutes: (Date.now() - startedAt) / 60_000 })}`);
    if (args.json) writeFileSync(args.json, `${JSON.stringify({ settings, rows: rows.map(summary), exactlyOnce, memory, profile: profile && { api: Object.fromEntries(profile.api), workflowThread: Object.fromEntries(profile.workflowThread) } }, null, 2)}\n`);
    if (exactlyOnce.problems.length > 0) {
      console.error(`\nEXACTLY-ONCE CHECK FAILED:\n  ${exactlyOnce.problems.join('\n  ')}`);
      process.exitCode = 1;
    }
    if (rows.every((row) => row.sample.ok === 0)) throw new Error('no operation succeeded');
    // In the smoke run every path must work; in a full run a path may collapse under load (one
    // executeUpdate per command to a hot workflow does), which is a result, not a failure.
    for (const row of rows) {
      if (row.sample.ok === 0) {
        console.error(`no ${row.operation} succeeded through ${row.kind} (${row.scenario}): ${errorsOf(row.sample)}`);
        if (smoke || row.kind === 'gateway') process.exitCode = 1;
      }
    }
  } catch (error) {
    // Its stderr goes with the scratch directory: say first why a child died under the run.
    for (const note of children.map((child) => child.unexpectedExit())) if (note) console.error(note);
    throw error;
  } finally {
    await Promise.all(children.map((child) => child.stop()));
    await connection.close();
    await temporal.stop();
    rmSync(scratch, { recursive: true, force: true });
  }
}

// --- the servers and processes -------------------------------------------------------------------

async function startTemporal(): Promise<Temporal> {
  const external = process.env.BENCH_TEMPORAL_ADDRESS;
  const namespace = process.env.TEMPORAL_NAMESPACE || 'default';
  if (external) {
    await ensureNamespace(external, namespace, { create: true, searchAttributes });
    return {
      address: external,
      namespace,
      ...(process.env.BENCH_TEMPORAL_HTTP ? { httpUrl: process.env.BENCH_TEMPORAL_HTTP.replace(/\/$/, '') } : {}),
      description: `the server at ${external} (BENCH_TEMPORAL_ADDRESS)`,
      stop: async () => {},
    };
  }
  if (args.postgres) {
    // A fresh data directory: every run starts from empty databases.
    const dataDir = path.join(repoRoot, '.data/bench-postgres');
    rmSync(dataDir, { recursive: true, force: true });
    mkdirSync(dataDir, { recursive: true });
    const port = await freeServerPort();
    const started = Date.now();
    const server = await startPostgresTemporal({ dataDir, port, postgresPort: await freePort(), namespace, searchAttributes, log: (line) => console.log(`  ${line}`) });
    return {
      address: server.address,
      namespace,
      httpUrl: `http://127.0.0.1:${serverPorts(port).http}`,
      description: `Temporal server 1.32 on PostgreSQL 15 at ${server.address} (fresh, ready in ${Math.round((Date.now() - started) / 1000)} s)`,
      stop: () => server.stop(),
    };
  }
  const server = await startDevServer({ uiPort: false, httpPort: true, namespace, searchAttributes, stdio: 'ignore' });
  return {
    address: server.address,
    namespace,
    ...(server.httpUrl ? { httpUrl: server.httpUrl } : {}),
    description: `Temporal CLI dev server (in memory) at ${server.address}`,
    stop: () => server.stop(),
  };
}

async function startWorker(temporal: Temporal, taskQueue: string, bundle: string, cache: number | undefined, scratch: string, name: string) {
  const child = await startNodeChild({
    name,
    entry: 'scripts/lib/bench/worker-main.ts',
    env: {
      ...process.env,
      TEMPORAL_ADDRESS: temporal.address,
      TEMPORAL_NAMESPACE: temporal.namespace,
      TEMPORAL_TASK_QUEUE: taskQueue,
      BENCH_WORKFLOW_BUNDLE: bundle,
      ...(cache === undefined ? {} : { BENCH_MAX_CACHED_WORKFLOWS: String(cache) }),
    },
    nodeFlags: args.profile && name === 'worker' ? ['--cpu-prof', '--cpu-prof-dir', path.join(scratch, 'worker-profile')] : [],
    stderrFile: path.join(scratch, `${name}.stderr`),
  });
  const ready = await waitFor(child, 'ready line', () => {
    const line = child.lines.find((text) => text.startsWith('{"ready"'));
    return line ? (JSON.parse(line) as { ready: { maxCachedWorkflows: number; workflowStackTraces: boolean } }).ready : undefined;
  });
  return { child, taskQueue, ...ready };
}

async function startApi(temporal: Temporal, taskQueue: string, scratch: string) {
  const port = await freePort();
  const child = await startNodeChild({
    name: 'api',
    entry: 'apps/api/src/server.ts',
    // As in production: JSON log lines at info, one per request (to nowhere here).
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      TEMPORAL_ADDRESS: temporal.address,
      TEMPORAL_NAMESPACE: temporal.namespace,
      TEMPORAL_TASK_QUEUE: taskQueue,
      LOYALTY_API_KEYS: `${API_KEY}=storefront`,
      LOG_LEVEL: 'info',
      LOG_PRETTY: 'false',
    },
    nodeFlags: args.profile ? ['--cpu-prof', '--cpu-prof-dir', path.join(scratch, 'api-profile')] : [],
    stderrFile: path.join(scratch, 'api.stderr'),
  });
  const url = `http://127.0.0.1:${port}`;
  const probe = httpClient(url, 1);
  // Ready: Temporal answers and a worker polls the task queue.
  await waitFor(child, '/readyz 200', async () => ((await probe.send('GET', '/readyz').catch(() => undefined))?.status === 200 ? true : undefined));
  probe.close();
  return { child, url };
}

async function checkTemporalHttp(temporalHttp: HttpClient, namespace: string): Promise<void> {
  const reply = await temporalHttp.send('GET', `/api/v1/namespaces/${encodeURIComponent(namespace)}`);
  if (reply.status !== 200) throw new Error(`Temporal's HTTP API at ${temporalHttp.baseUrl} answered ${reply.status}: ${reply.body.slice(0, 200)}`);
}

// --- one comparison: the paths of an operation, interleaved in rounds ------------------------------

async function compare(scenario: string, operation: Operation, customerCount: number, callers: number, context: PathContext, api: NodeChild, worker: NodeChild): Promise<Row[]> {
  const paths = pathsFor(operation, context);
  const tag = `${run}-${operation.split(' ')[0]}-${callers}-${customerCount}`;
  const customersOf = new Map<Path, string[]>();
  for (const [number, path] of paths.entries()) {
    if (operation === 'enrol') continue;
    // Each path its own customers, started alike: their balances are checked separately.
    const ids = Array.from({ length: customerCount }, (_, index) => `b-${tag}-${path.kind}${number}-${index}`);
    await inParallel(ids, 16, (id) => enrolDirectly(context.client, context.taskQueue, id));
    for (const id of ids) context.ledger.track(id);
    customersOf.set(path, ids);
  }
  const runSlice = async (path: Path, ms: number) => {
    const ids = customersOf.get(path);
    return closedLoop(callers, ms, (caller, sequence) => {
      const key = `bench-${run}-${keys++}`;
      const customerId = ids ? ids[sequence % ids.length]! : `e-${tag}-${keys}`;
      return path.run(customerId, key);
    });
  };
  // What one path leaves behind must not slow the next: signals not yet applied, and for
  // enrolments the new workflows' first tasks, which the worker runs after the start returned.
  const settle = async (path: Path) => {
    const started = performance.now();
    if (operation === 'async earn') await applied(context, customersOf.get(path)!);
    if (operation === 'enrol') await quiescent(worker.pid, 0.2, 60_000);
    return performance.now() - started;
  };

  for (const path of paths) {
    await runSlice(path, settings.warmupSeconds * 1000);
    await settle(path);
  }
  const rows = new Map<Path, Row>(
    paths.map((path) => [path, { scenario, operation, kind: path.kind, label: path.label, callers, customers: customerCount, sample: emptySample(), apiCpu: 0, workerCpu: 0, callerCpu: 0, windows: [] }]),
  );
  const sliceMs = (settings.seconds * 1000) / settings.rounds;
  for (let round = 0; round < settings.rounds; round += 1) {
    for (let index = 0; index < paths.length; index += 1) {
      const path = paths[(index + round) % paths.length]!;
      const row = rows.get(path)!;
      const apiBefore = cpuSeconds(api.pid);
      const workerBefore = cpuSeconds(worker.pid);
      const callerBefore = process.cpuUsage();
      const from = monotonicMicros();
      merge(row.sample, await runSlice(path, sliceMs));
      row.windows.push([from, monotonicMicros()]);
      const used = process.cpuUsage(callerBefore);
      row.callerCpu += (used.user + used.system) / 1e6;
      row.apiCpu += cpuSeconds(api.pid) - apiBefore;
      const waited = await settle(path);
      if (operation === 'async earn') row.appliedAfterMs = Math.max(row.appliedAfterMs ?? 0, waited);
      // Until the asynchronous commands were applied: their work is the worker's too.
      row.workerCpu += cpuSeconds(worker.pid) - workerBefore;
    }
  }
  return [...rows.values()];
}

/**
 * Waits until every acknowledged point of these customers is in their balance. Its queries are
 * worker CPU that the path's row counts, so it asks a few at a time and not too often.
 */
async function applied(context: PathContext, customers: string[], timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  await inParallel(customers, 4, async (customerId) => {
    for (;;) {
      const expected = context.ledger.acknowledged.get(customerId) ?? 0;
      const customer = await context.client
        .withDeadline(Date.now() + 3_000, () => context.client.workflow.getHandle(workflowIdFor(customerId)).query(getStatusQuery))
        .catch(() => undefined);
      if (customer && customer.points >= expected) return;
      if (Date.now() > deadline) return; // the exactly-once check says what is missing
      await sleep(200);
    }
  });
}

const monotonicMicros = () => Number(process.hrtime.bigint() / 1000n);

// --- worker memory against customers, and cold reads ----------------------------------------------

interface MemoryReport {
  maxCachedWorkflows: number;
  idleRssMiB: number;
  points: { customers: number; rssMiB: number; enrolPerSecond: number }[];
  reads: { kind: string; cache: 'warm' | 'cold'; count: number; p50: number; p99: number; errors: number }[];
  coldReallyEvicted: boolean;
}

async function memoryAndColdReads(client: Client, apiHttp: HttpClient, worker: Awaited<ReturnType<typeof startWorker>>): Promise<MemoryReport> {
  const taskQueue = worker.taskQueue;
  const idleRssMiB = rssMiB(worker.child.pid);
  progress(`memory: a fresh worker (pid ${worker.child.pid}, cache ${worker.maxCachedWorkflows} workflows, ${Math.round(idleRssMiB)} MiB idle) on its own task queue`);
  const id = (index: number) => `m-${run}-${index}`;
  const points: MemoryReport['points'] = [];
  let touched = 0;
  // The first customers are read cold at the end: they get some history before they are evicted.
  const cold = Array.from({ length: Math.min(settings.coldSample, settings.memory.at(-1)!) }, (_, index) => id(index));
  for (const target of settings.memory) {
    const started = performance.now();
    const from = touched;
    await inParallel(
      Array.from({ length: target - from }, (_, index) => from + index),
      32,
      (index) => retryOnce(() => enrolDirectly(client, taskQueue, id(index))),
    );
    const seconds = (performance.now() - started) / 1000;
    touched = target;
    if (from === 0) {
      await inParallel(cold, 16, async (customerId) => {
        for (let signal = 0; signal < settings.coldHistorySignals; signal += 1) {
          await client.workflow.getHandle(workflowIdFor(customerId)).signal(addLoyaltyPointsSignal, 1);
        }
      });
    }
    await quiescent(worker.child.pid);
    const rss = rssMiB(worker.child.pid);
    points.push({ customers: target, rssMiB: rss, enrolPerSecond: (target - from) / seconds });
    progress(`memory: ${target} customers touched, worker RSS ${Math.round(rss)} MiB (started ${Math.round((target - from) / seconds)}/s through the SDK)`);
  }

  const reads: MemoryReport['reads'] = [];
  const auth = { authorization: `Bearer ${API_KEY}` };
  const readers: Record<string, (customerId: string) => Promise<void>> = {
    gateway: async (customerId) => {
      const reply = await apiHttp.send('GET', `/customers/${customerId}`, { headers: auth });
      if (reply.status !== 200) throw new Error(String(reply.status));
    },
    sdk: async (customerId) => {
      await client.withDeadline(Date.now() + 3_000, () => client.workflow.getHandle(workflowIdFor(customerId)).query(getStatusQuery));
    },
  };
  const timed = async (kind: string, cache: 'warm' | 'cold', customers: string[]) => {
    const latencies: number[] = [];
    let errors = 0;
    await inParallel(customers, 4, async (customerId) => {
      const sent = performance.now();
      try {
        await readers[kind]!(customerId);
        latencies.push(performance.now() - sent);
      } catch {
        errors += 1;
      }
    });
    reads.push({ kind, cache, count: latencies.length, p50: percentile(latencies, 0.5), p99: percentile(latencies, 0.99), errors });
  };
  // The worker runs the new workflows' first tasks after their starts returned: let it finish.
  await quiescent(worker.child.pid, 0.1, 900_000);
  // Warm: the most recently touched accounts, read once to be sure they are cached, then timed.
  const warm = Array.from({ length: Math.min(settings.warmSample, touched) }, (_, index) => id(touched - 1 - index));
  await inParallel(warm, 4, (customerId) => readers.sdk!(customerId).catch(() => {}));
  const repeated = Array.from({ length: 4 }, () => warm).flat();
  await timed('gateway', 'warm', repeated);
  await timed('sdk', 'warm', repeated);
  // Cold: the first accounts, touched before (cache size) others were; each read once.
  const half = Math.ceil(cold.length / 2);
  await timed('gateway', 'cold', cold.slice(0, half));
  await timed('sdk', 'cold', cold.slice(half));
  await worker.child.stop(1_000);
  return { maxCachedWorkflows: worker.maxCachedWorkflows, idleRssMiB, points, reads, coldReallyEvicted: touched - cold.length > worker.maxCachedWorkflows };
}

async function retryOnce(call: () => Promise<void>): Promise<void> {
  try {
    await call();
  } catch {
    await sleep(500);
    await call();
  }
}

// --- the API's CPU profile -------------------------------------------------------------------------

/** One breakdown per comparison (scenario and operation): a batch of one and a hot customer's batches cost the API differently. */
function profileByComparison(scratch: string, rows: Row[]): Map<string, CpuBreakdown> {
  const dir = path.join(scratch, 'api-profile');
  const file = readdirSync(dir).find((name) => name.endsWith('.cpuprofile'));
  if (!file) throw new Error(`the API wrote no CPU profile in ${dir}`);
  const byComparison = new Map<string, CpuBreakdown>();
  for (const comparison of new Set(rows.map(comparisonOf))) {
    const windows = rows.filter((row) => row.kind === 'gateway' && comparisonOf(row) === comparison).flatMap((row) => row.windows);
    byComparison.set(comparison, cpuBreakdown(path.join(dir, file), windows));
  }
  return byComparison;
}

const comparisonOf = (row: Row) => `${row.scenario}, ${row.operation}`;

/** The load worker's workflow thread, one breakdown per path: what a workflow task costs on each. */
function workflowThreadByPath(scratch: string, rows: Row[]): Map<string, CpuBreakdown> {
  const dir = path.join(scratch, 'worker-profile');
  const file = workflowThreadProfileOf(
    readdirSync(dir)
      .filter((name) => name.endsWith('.cpuprofile'))
      .map((name) => path.join(dir, name)),
  );
  if (!file) throw new Error(`the worker wrote no profile of its workflow thread in ${dir}`);
  return new Map(rows.filter((row) => row.kind !== 'http').map((row) => [`${comparisonOf(row)}, ${row.kind}`, cpuBreakdown(file, row.windows, workflowThreadCategory)]));
}

interface Profiles {
  api: Map<string, CpuBreakdown>;
  workflowThread: Map<string, CpuBreakdown>;
}

// --- the report --------------------------------------------------------------------------------------

const rate = (sample: Sample) => (sample.seconds > 0 ? sample.ok / sample.seconds : 0);
const ms = (value: number) => (Number.isNaN(value) ? '–' : value < 10 ? value.toFixed(1) : Math.round(value).toLocaleString('en'));
const count = (value: number) => Math.round(value).toLocaleString('en');
const onOff = (on: boolean) => (on ? 'on' : 'off');

function errorsOf(sample: Sample): string {
  const total = [...sample.errors.values()].reduce((sum, value) => sum + value, 0);
  if (total === 0) return '0';
  const labels = [...sample.errors.entries()].sort((a, b) => b[1] - a[1]).map(([label, value]) => `${value} ${label}`);
  return `${total} (${labels.slice(0, 2).join(', ')})`;
}

function summary(row: Row) {
  return {
    scenario: row.scenario,
    operation: row.operation,
    path: row.kind,
    label: row.label,
    perSecond: rate(row.sample),
    p50: percentile(row.sample.latencies, 0.5),
    p99: percentile(row.sample.latencies, 0.99),
    ok: row.sample.ok,
    errors: Object.fromEntries(row.sample.errors),
    apiCpuMsPerRequest: row.kind === 'gateway' ? (row.apiCpu * 1000) / Math.max(1, row.sample.ok) : undefined,
    workerCpuMsPerOperation: (row.workerCpu * 1000) / Math.max(1, row.sample.ok),
    callerCpuMsPerOperation: (row.callerCpu * 1000) / Math.max(1, row.sample.ok),
    appliedAfterMs: row.appliedAfterMs,
  };
}

function renderReport(input: {
  temporal: Temporal;
  rows: Row[];
  exactlyOnce: ExactlyOnceReport;
  loadWorkerRss: number;
  workerCache: number;
  workerStackTraces: boolean;
  memory: MemoryReport | undefined;
  profile: Profiles | undefined;
  minutes: number;
}): string {
  const { rows, exactlyOnce, memory, profile } = input;
  const lines: string[] = [];
  const sdkRow = (row: Row) => rows.find((other) => other.scenario === row.scenario && other.operation === row.operation && other.kind === 'sdk');
  lines.push(`Temporal: ${input.temporal.description}. Machine: ${machine().replace(/, load average at start.*/, '')}.`);
  lines.push(
    `${settings.seconds} s of load per path and comparison in ${settings.rounds} interleaved round(s); closed-loop callers; each path its own customers. ` +
      '× SDK: ops/s against the SDK row of the same operation. CPU per successful operation, from /proc: caller = this process (HTTP or Temporal client), API = the gateway process, worker = the worker (for async earn, until applied).',
  );
  lines.push('');
  lines.push('| scenario | operation | path | ops/s | p50 ms | p99 ms | errors | × SDK | CPU ms/op: caller | API | worker |');
  lines.push('|---|---|---|---:|---:|---:|---|---:|---:|---:|---:|');
  for (const row of rows) {
    const baseline = sdkRow(row);
    const ratio = baseline && baseline !== row && rate(baseline.sample) > 0 ? `${(rate(row.sample) / rate(baseline.sample)).toFixed(2)}×` : '';
    const apiCpu = row.kind === 'gateway' && row.sample.ok > 0 ? ((row.apiCpu * 1000) / row.sample.ok).toFixed(2) : '';
    const what = row.kind === 'gateway' ? `**gateway** ${row.label}` : row.kind === 'sdk' ? `SDK ${row.label}` : `HTTP API ${row.label}`;
    const callerCpu = row.sample.ok > 0 ? ((row.callerCpu * 1000) / row.sample.ok).toFixed(2) : '';
    const workerCpu = row.sample.ok > 0 ? ((row.workerCpu * 1000) / row.sample.ok).toFixed(2) : '';
    lines.push(`| ${row.scenario} | ${row.operation} | ${what} | ${count(rate(row.sample))} | ${ms(percentile(row.sample.latencies, 0.5))} | ${ms(percentile(row.sample.latencies, 0.99))} | ${errorsOf(row.sample)} | ${ratio} | ${callerCpu} | ${apiCpu} | ${workerCpu} |`);
  }
  lines.push('');
  const find = (scenario: string, operation: Operation, kind: Path['kind']) => rows.find((row) => row.scenario.startsWith(scenario) && row.operation === operation && row.kind === kind);
  const p99Of = (row: Row) => percentile(row.sample.latencies, 0.99);
  /** The gateway's row and the SDK's it is held against, when the run measured both (`--only` may leave some out). */
  const against = (scenario: string, operation: Operation, sdkOperation: Operation = operation) => {
    const gateway = find(scenario, operation, 'gateway');
    const sdk = find(scenario, sdkOperation, 'sdk');
    return gateway && sdk && rate(sdk.sample) > 0 ? { gateway, sdk, ratio: (rate(gateway.sample) / rate(sdk.sample)).toFixed(2) } : undefined;
  };
  const many = `${settings.many.customers} customers`;
  const asyncMany = against(many, 'async earn');
  const syncMany = against(many, 'sync earn');
  const enrol = find(many, 'enrol', 'gateway');
  const targets = [
    asyncMany && `async earn, ${many}: gateway ${asyncMany.ratio}× SDK signals (target ≥ 0.9×), p99 ${(p99Of(asyncMany.gateway) / p99Of(asyncMany.sdk)).toFixed(1)}× the SDK's (≤ 2×)`,
    syncMany && `sync earn, ${many}: gateway ${syncMany.ratio}× SDK executeUpdate one command each (≥ 0.95×)`,
    ...settings.hotCallers.map((callers) => {
      const hot = against(`one hot customer, ${callers} `, 'sync earn', 'async earn');
      return hot && `one hot customer, ${callers} callers: gateway sync ${hot.ratio}× raw SDK signals (≥ 1.5×)`;
    }),
    enrol && `enrol: gateway ${count(rate(enrol.sample))} customers/s (≥ 150/s)`,
  ].filter((target): target is string => typeof target === 'string');
  for (const row of rows.filter((candidate) => candidate.appliedAfterMs !== undefined && candidate.kind === 'gateway')) {
    targets.push(`${row.scenario}, async earn through the gateway: all applied at most ${ms(row.appliedAfterMs!)} ms after a slice ended`);
  }
  lines.push("Against the gateway's speed targets:");
  for (const target of targets) lines.push(`- ${target}`);
  lines.push('');
  lines.push(
    exactlyOnce.problems.length === 0
      ? `Exactly once: ${exactlyOnce.customers} customers, ${count(exactlyOnce.acknowledged + exactlyOnce.resolvedApplied)} acknowledged points (${count(exactlyOnce.resolvedApplied)} of them found applied by key after an unknown answer), every one in its balance once` +
          `${exactlyOnce.unknownSignals > 0 ? `; ${exactlyOnce.unknownSignals} failed unkeyed signals may or may not have landed` : ''}; all applied ${exactlyOnce.settleSeconds.toFixed(1)} s after the load.`
      : `Exactly once: FAILED for ${exactlyOnce.problems.length} customers: ${exactlyOnce.problems.slice(0, 5).join('; ')}`,
  );
  lines.push(`The load worker (cache ${input.workerCache} workflows, workflow stack traces ${onOff(input.workerStackTraces)}) ended at ${count(input.loadWorkerRss)} MiB RSS.`);
  if (memory) {
    lines.push('');
    lines.push(`Worker memory (a fresh worker, cache ${memory.maxCachedWorkflows} workflows${settings.memoryWorkerCache === undefined ? ", the worker's default" : ''}; idle ${count(memory.idleRssMiB)} MiB):`);
    lines.push('');
    lines.push('| customers touched | worker RSS MiB | started/s (SDK) |');
    lines.push('|---:|---:|---:|');
    for (const point of memory.points) lines.push(`| ${count(point.customers)} | ${count(point.rssMiB)} | ${count(point.enrolPerSecond)} |`);
    lines.push('');
    lines.push(`Reads, 4 callers${memory.coldReallyEvicted ? '' : ' (too few customers for the cold ones to be surely evicted)'}:`);
    lines.push('');
    lines.push('| read | path | reads | p50 ms | p99 ms | errors |');
    lines.push('|---|---|---:|---:|---:|---:|');
    for (const read of memory.reads) lines.push(`| ${read.cache} (${read.cache === 'cold' ? 'evicted, replayed' : 'cached'}) | ${read.kind} | ${read.count} | ${ms(read.p50)} | ${ms(read.p99)} | ${read.errors} |`);
  }
  if (profile) {
    lines.push('');
    lines.push("Where the API's CPU goes while it serves (CPU time from /proc, split as the samples of `node --cpu-prof` fall, each put down to the innermost package on its stack):");
    for (const [comparison, breakdown] of profile.api) {
      const gatewayRows = rows.filter((row) => row.kind === 'gateway' && comparisonOf(row) === comparison);
      const requests = gatewayRows.reduce((sum, row) => sum + row.sample.ok + [...row.sample.errors.values()].reduce((a, b) => a + b, 0), 0);
      if (requests === 0 || breakdown.busySamples === 0) continue;
      // Absolute CPU from /proc, split in the profile's proportions.
      const cpuMicros = (gatewayRows.reduce((sum, row) => sum + row.apiCpu, 0) * 1e6) / requests;
      const part = (share: number) => `${Math.round(share * cpuMicros)} µs`;
      lines.push(`- ${comparison}: ${Math.round(cpuMicros)} µs CPU per request: ${breakdown.categories.slice(0, 9).map(([name, share]) => `${name} ${part(share)}`).join(', ')}`);
      lines.push(`  top functions (self): ${breakdown.functions.slice(0, 10).map(([name, share]) => `${name} ${part(share)}`).join('; ')}`);
    }
    lines.push('');
    lines.push("Where the worker's workflow thread spends its busy time on each path (shares of its `node --cpu-prof` samples while the path ran):");
    const percent = (share: number) => `${Math.round(share * 100)}%`;
    for (const [pathName, breakdown] of profile.workflowThread) {
      if (breakdown.busySamples === 0) continue;
      lines.push(`- ${pathName}: busy ${percent(breakdown.busySamples / breakdown.samples)} of the time: ${breakdown.categories.map(([name, share]) => `${name} ${percent(share)}`).join(', ')}`);
      lines.push(`  top functions (self): ${breakdown.functions.slice(0, 8).map(([name, share]) => `${name} ${percent(share)}`).join('; ')}`);
    }
  }
  lines.push('');
  lines.push(`(${input.minutes.toFixed(1)} minutes in all)`);
  return lines.join('\n');
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
