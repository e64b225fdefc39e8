// What a worker costs per customer it has touched, on this machine: the workflow bundle's
// composition, then a real worker process (apps/worker/src/main.ts) against an in-memory dev
// server, enrolled with customers through the API's gateway. At each checkpoint, once the worker
// has run every new account's first task, it prints the worker's RSS, how fast enrolments were
// answered and their first tasks run, its CPU time per enrolment, and read latencies of accounts
// evicted from the cache (rebuilt from history) and of cached ones.
//
//   npx tsx --conditions=source scripts/measure-worker-memory.ts
//   MEASURE_CHECKPOINTS=1000,10000,50000 WORKER_MAX_CACHED_WORKFLOWS=500 npx tsx --conditions=source scripts/measure-worker-memory.ts
//   MEASURE_CPU_PROF_DIR=/tmp/prof ...   # the worker writes a V8 CPU profile there on exit
//
// Then, in this process, the signal rate of the loyalty actor beside a minimal actor
// (scripts/lib/minimal-actor.ts), each worker alone on its task queue: MEASURE_SIGNALS
// addLoyaltyPoints signals (0 skips this) spread over 20 accounts from 50 concurrent senders.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime, Worker, bundleWorkflowCode } from '@temporalio/worker';
import { pino } from 'pino';
import { addLoyaltyPointsSignal, getStatusQuery, searchAttributes, submitCommandsSignal, workflowIdFor } from '@loyalty/contracts';
import { createTemporalGateway } from '../apps/api/src/gateway/temporal-gateway.js';
import { loadWorkerEnvironment } from '../apps/worker/src/config.js';
import { createLoyaltyWorker, sourceBundle } from '../apps/worker/src/worker.js';
import { DEFAULT_WORKFLOW_STACK_TRACES, creatingWorkflowThreads } from '../apps/worker/src/workflow-stack-traces.js';
import { minimalPointsQuery } from './lib/minimal-actor.js';
import { quiescent } from './lib/bench/processes.js';
import { startDevServer } from './lib/temporal-dev-server.js';

const CHECKPOINTS = (process.env.MEASURE_CHECKPOINTS ?? '1000,10000').split(',').map(Number);
const CACHE_SIZE = loadWorkerEnvironment(process.env).WORKER_MAX_CACHED_WORKFLOWS;
const CONCURRENCY = Number(process.env.MEASURE_CONCURRENCY ?? 32);
const READS = Number(process.env.MEASURE_READS ?? 300);
const SIGNALS = Number(process.env.MEASURE_SIGNALS ?? 2000);

async function main(): Promise<void> {
  await printBundleComposition();

  const server = await startDevServer({ uiPort: false, searchAttributes, stdio: 'ignore' });
  const taskQueue = 'measure-worker-memory';
  const workerMain = fileURLToPath(new URL('../apps/worker/src/main.ts', import.meta.url));
  const profDir = process.env.MEASURE_CPU_PROF_DIR;
  const worker = spawn(
    process.execPath,
    ['--import', 'tsx', '--conditions=source', ...(profDir ? ['--cpu-prof', `--cpu-prof-dir=${profDir}`] : []), workerMain],
    {
      env: {
        ...process.env,
        TEMPORAL_ADDRESS: server.address,
        TEMPORAL_NAMESPACE: 'default',
        TEMPORAL_TASK_QUEUE: taskQueue,
        WORKER_MAX_CACHED_WORKFLOWS: String(CACHE_SIZE),
        WORKER_METRICS_PORT: '0',
        LOG_LEVEL: 'warn',
        LOG_PRETTY: 'false',
      },
      stdio: ['ignore', 'inherit', 'inherit'],
    },
  );
  const pid = worker.pid!;
  process.once('exit', () => worker.kill('SIGKILL'));
  const connection = await Connection.connect({ address: server.address });
  const client = new Client({ connection });
  const gateway = createTemporalGateway({ client, taskQueue, logger: pino({ level: 'silent' }) });
  await waitUntilPolling(gateway);
  console.log(`worker pid ${pid}, WORKER_MAX_CACHED_WORKFLOWS=${CACHE_SIZE}, idle RSS ${mib(rssOf(pid))} MiB, load ${loadavg()}`);

  const rows = [];
  let enrolled = 0;
  for (const checkpoint of CHECKPOINTS) {
    const cpuBefore = cpuMsOf(pid);
    const started = performance.now();
    let next = enrolled;
    let failed = 0;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < checkpoint) await gateway.enrol({ customerId: `m-${next++}`, name: 'Measure' }).catch(() => (failed += 1));
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    // An enrolment is answered before the worker has run the new account's first task: until it
    // has run them all, reads would wait behind that backlog and a cached account is not cached yet.
    await quiescent(pid, 0.1, 15 * 60_000);
    const settledSeconds = (performance.now() - started) / 1000;
    const count = checkpoint - enrolled;
    const cpuPerEnrolment = (cpuMsOf(pid) - cpuBefore) / count;
    enrolled = checkpoint;
    const rss = rssOf(pid);

    // Evicted: the oldest accounts, pushed out of the cache by the newer ones (none while all fit).
    const evictedPool = enrolled - CACHE_SIZE;
    const evictedCpu = cpuMsOf(pid);
    const evicted = evictedPool > READS ? await reads(gateway, (i) => `m-${(i * 7919) % evictedPool}`) : [];
    const cpuPerEvictedRead = (cpuMsOf(pid) - evictedCpu) / READS;
    const cached = await reads(gateway, (i) => `m-${enrolled - 1 - (i % Math.min(50, CACHE_SIZE || 1))}`);
    rows.push({
      customers: enrolled,
      'RSS MiB': mib(rss),
      'enrolments/s': Math.round(count / seconds),
      'first tasks run/s': Math.round(count / settledSeconds),
      'failed enrolments': failed,
      'worker CPU ms/enrolment': round(cpuPerEnrolment),
      'evicted read p50/p99 ms': evicted.length === 0 ? '-' : `${percentile(evicted, 0.5)} / ${percentile(evicted, 0.99)}`,
      'worker CPU ms/evicted read': evicted.length === 0 ? '-' : round(cpuPerEvictedRead),
      'cached read p50/p99 ms': `${percentile(cached, 0.5)} / ${percentile(cached, 0.99)}`,
      load: loadavg(),
    });
    console.table(rows.slice(-1));
  }
  console.log(`\nWORKER_MAX_CACHED_WORKFLOWS=${CACHE_SIZE}, ${CONCURRENCY} concurrent enrolments, ${READS} sequential reads each`);
  console.table(rows);
  for (const [error, times] of failedReads) console.log(`read failed ${times} times: ${error}`);

  const exited = new Promise((resolve) => worker.once('exit', resolve));
  worker.kill('SIGTERM');
  await exited;
  if (SIGNALS > 0) await compareSignalRates(server.address, client);
  await gateway.close();
  await connection.close();
  await server.stop();
}

async function compareSignalRates(address: string, client: Client): Promise<void> {
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const connection = await NativeConnection.connect({ address });
  const accounts = Array.from({ length: 20 }, (_, i) => `s-${i}`);
  const rows = [];

  const loyalty = await createLoyaltyWorker({ connection, client, namespace: 'default', taskQueue: 'signals-loyalty', notifier: { send: async () => {} } });
  const loyaltyGateway = createTemporalGateway({ client, taskQueue: 'signals-loyalty', logger: pino({ level: 'silent' }) });
  rows.push(
    ...await loyalty.runUntil(async () => {
      for (const id of accounts) await loyaltyGateway.enrol({ customerId: id, name: 'Signals' });
      const pointsOf = async (workflowId: string) => (await client.workflow.getHandle(workflowId).query(getStatusQuery)).points;
      const bare = await signalRate('loyalty actor', accounts.map(workflowIdFor), pointsOf);
      // What the gateway sends for an async command of a quiet customer: a keyed batch of one.
      const keyed = await signalRate('loyalty actor, keyed batch of one (submitCommands)', accounts.map(workflowIdFor), pointsOf, (workflowId, sequence) =>
        client.workflow.getHandle(workflowId).signal(submitCommandsSignal, {
          commands: [{ idempotencyKey: `signals-${sequence}`, fingerprint: `f-${sequence}`, command: { type: 'addPoints', points: 1 } }],
          requestedAt: new Date().toISOString(),
        }),
      );
      return [bare, keyed];
    }),
  );
  await loyaltyGateway.close();

  const minimalBundle = await bundleWorkflowCode({
    workflowsPath: fileURLToPath(new URL('./lib/minimal-actor.ts', import.meta.url)),
    webpackConfigHook: sourceBundle.webpackConfigHook,
    logger: new DefaultLogger('WARN'),
  });
  // With the loyalty worker's default for workflow stack traces, so that only the actors differ.
  const minimal = await creatingWorkflowThreads(DEFAULT_WORKFLOW_STACK_TRACES, () =>
    Worker.create({ connection, taskQueue: 'signals-minimal', workflowBundle: minimalBundle }),
  );
  rows.push(
    await minimal.runUntil(async () => {
      const ids = accounts.map((id) => `minimal-${id}`);
      for (const workflowId of ids) await client.workflow.start('MinimalActorWorkflow', { workflowId, taskQueue: 'signals-minimal' });
      return signalRate('minimal actor', ids, (workflowId) => client.workflow.getHandle(workflowId).query(minimalPointsQuery));
    }),
  );
  await connection.close();
  console.log(`\n${SIGNALS} addLoyaltyPoints signals over ${accounts.length} accounts, 50 concurrent senders, worker in this process`);
  console.table(rows);

  async function signalRate(
    actor: string,
    workflowIds: string[],
    pointsOf: (workflowId: string) => Promise<number>,
    send = (workflowId: string, _sequence: number) => client.workflow.getHandle(workflowId).signal(addLoyaltyPointsSignal, 1),
  ) {
    const before = (await Promise.all(workflowIds.map(pointsOf))).reduce((a, b) => a + b, 0);
    const cpu = process.cpuUsage();
    const started = performance.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: 50 }, async () => {
        while (next < SIGNALS) {
          const sequence = next++;
          await send(workflowIds[sequence % workflowIds.length]!, sequence);
        }
      }),
    );
    // Signals are taken when sent; they count once every actor has applied its share.
    while ((await Promise.all(workflowIds.map(pointsOf))).reduce((a, b) => a + b, 0) < before + SIGNALS) await sleep(50);
    const seconds = (performance.now() - started) / 1000;
    const { user, system } = process.cpuUsage(cpu);
    return { actor, 'signals/s': Math.round(SIGNALS / seconds), 'process CPU ms/signal': round((user + system) / 1000 / SIGNALS), load: loadavg() };
  }
}

/** Bytes and module counts per package in the workflow bundle, largest first. */
async function printBundleComposition(): Promise<void> {
  const { code } = await bundleWorkflowCode({ ...sourceBundle, logger: new DefaultLogger('WARN') });
  const groups = new Map<string, { bytes: number; modules: number }>();
  const sourceMapAt = code.lastIndexOf('//# sourceMappingURL=');
  const parts = (sourceMapAt < 0 ? code : code.slice(0, sourceMapAt)).split(/^\/\*\*\*\/ "(.+)"$/m);
  for (let i = 1; i < parts.length; i += 2) {
    const path = parts[i]!;
    const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path);
    const group = match ? match[1]! : path.replace(/^(\.\.\/)*/, '').split('/').slice(0, 2).join('/');
    const entry = groups.get(group) ?? { bytes: 0, modules: 0 };
    entry.bytes += parts[i + 1]!.length;
    entry.modules += 1;
    groups.set(group, entry);
  }
  const sourceMap = sourceMapAt < 0 ? 0 : code.length - sourceMapAt;
  console.log(
    `workflow bundle: ${Math.round(code.length / 1024)} KiB (inline source map ${Math.round(sourceMap / 1024)} KiB), ${(parts.length - 1) / 2} modules`,
  );
  console.table(
    [...groups.entries()]
      .sort((a, b) => b[1].bytes - a[1].bytes)
      .slice(0, 12)
      .map(([group, { bytes, modules }]) => ({ group, KiB: Math.round(bytes / 1024), modules })),
  );
}

/** Why reads failed, and how often: printed at the end. */
const failedReads = new Map<string, number>();

/** Latencies of sequential reads; a read that fails (the gateway's 3 s deadline) counts as Infinity. */
async function reads(gateway: ReturnType<typeof createTemporalGateway>, idFor: (i: number) => string): Promise<number[]> {
  const latencies: number[] = [];
  for (let i = 0; i < READS; i++) {
    const sent = performance.now();
    try {
      await gateway.getCustomer(idFor(i));
      latencies.push(performance.now() - sent);
    } catch (error) {
      latencies.push(Infinity);
      failedReads.set(String(error), (failedReads.get(String(error)) ?? 0) + 1);
    }
  }
  return latencies;
}

async function waitUntilPolling(gateway: ReturnType<typeof createTemporalGateway>): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      await gateway.enrol({ customerId: 'm-warmup', name: 'Warm-up' });
      return;
    } catch (error) {
      if (attempt > 60) throw error;
      await sleep(1_000);
    }
  }
}

function rssOf(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith('VmRSS:'))!;
  return Number(line.split(/\s+/)[1]) * 1024;
}

/** User + system CPU time of a process, from /proc (clock ticks of 10 ms). */
function cpuMsOf(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

const mib = (bytes: number) => Math.round(bytes / 2 ** 20);
const round = (value: number) => Math.round(value * 10) / 10;
const loadavg = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return Math.round(sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]! * 10) / 10;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
