// `npm run bench`: how the gateway's group commit compares with one update per command, in one
// run on this machine. A Temporal dev server (in memory), a real worker and two gateways on the
// same task queue: "one update per command" (batch size 1, up to Temporal's 10 updates in flight
// per workflow) is the baseline; "group commit" is what the API uses. Each scenario fires a fixed
// number of addPoints commands from a fixed number of concurrent callers and checks afterwards
// that every acknowledged point landed exactly once.
//
//   npm run bench                         # default sizes
//   BENCH_COMMANDS=4000 BENCH_CONCURRENCY=100 npm run bench
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Runtime, DefaultLogger } from '@temporalio/worker';
import { pino } from 'pino';
import { searchAttributes } from '@loyalty/contracts';
import { createLoyaltyWorker } from '../apps/worker/src/worker.js';
import { createTemporalGateway } from '../apps/api/src/gateway/temporal-gateway.js';
import type { LoyaltyGateway } from '../apps/api/src/gateway/gateway.js';
import { startDevServer } from './lib/temporal-dev-server.js';

const COMMANDS = Number(process.env.BENCH_COMMANDS ?? 2000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 50);
const CUSTOMERS_SPREAD = Number(process.env.BENCH_CUSTOMERS ?? 20);

interface Result {
  scenario: string;
  strategy: string;
  ok: number;
  failed: number;
  seconds: number;
  latencies: number[];
}

async function main(): Promise<void> {
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const server = await startDevServer({ uiPort: false, searchAttributes, stdio: 'ignore' });
  const nativeConnection = await NativeConnection.connect({ address: server.address });
  const connection = await Connection.connect({ address: server.address });
  const client = new Client({ connection });
  const taskQueue = `bench-${randomUUID()}`;
  const worker = await createLoyaltyWorker({
    connection: nativeConnection,
    client,
    namespace: 'default',
    taskQueue,
    notifier: { send: async () => {} },
  });
  const logger = pino({ level: 'silent' });
  const strategies: Record<string, LoyaltyGateway> = {
    'one update per command': createTemporalGateway({
      client,
      taskQueue,
      logger,
      groupCommit: { maxBatchSize: 1, maxInFlightPerCustomer: 10 },
    }),
    'group commit': createTemporalGateway({ client, taskQueue, logger }),
  };

  const results: Result[] = [];
  await worker.runUntil(async () => {
    for (const [strategy, gateway] of Object.entries(strategies)) {
      results.push(await scenario('one hot customer', strategy, gateway, 1));
      results.push(await scenario(`${CUSTOMERS_SPREAD} customers`, strategy, gateway, CUSTOMERS_SPREAD));
    }
  });
  await connection.close();
  await nativeConnection.close();
  await server.stop();

  console.log(`\n${COMMANDS} addPoints commands per scenario from ${CONCURRENCY} concurrent callers\n`);
  console.table(
    results.map((result) => ({
      scenario: result.scenario,
      strategy: result.strategy,
      'commands/s': Math.round(result.ok / result.seconds),
      'p50 ms': percentile(result.latencies, 0.5),
      'p99 ms': percentile(result.latencies, 0.99),
      ok: result.ok,
      failed: result.failed,
    })),
  );
}

async function scenario(name: string, strategy: string, gateway: LoyaltyGateway, customerCount: number): Promise<Result> {
  const customers = await Promise.all(
    Array.from({ length: customerCount }, async (_, index) => {
      const customerId = `bench-${randomUUID().slice(0, 8)}-${index}`;
      await gateway.enrol({ customerId, name: 'Bench' });
      return customerId;
    }),
  );
  const latencies: number[] = [];
  const acknowledged = new Map(customers.map((id) => [id, 0]));
  let next = 0;
  let failed = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < COMMANDS) {
        const index = next++;
        const customerId = customers[index % customers.length]!;
        const sent = performance.now();
        try {
          const result = await gateway.execute({
            customerId,
            idempotencyKey: `bench-${index}`,
            command: { type: 'addPoints', points: 1 },
          });
          if (result.outcome.status === 'applied') {
            acknowledged.set(customerId, acknowledged.get(customerId)! + 1);
            latencies.push(performance.now() - sent);
          } else failed += 1;
        } catch {
          failed += 1;
        }
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  for (const customerId of customers) {
    const { points } = await gateway.getCustomer(customerId);
    if (points !== acknowledged.get(customerId)) {
      throw new Error(`${customerId}: ${points} points but ${acknowledged.get(customerId)} acknowledged`);
    }
  }
  return { scenario: name, strategy, ok: latencies.length, failed, seconds, latencies };
}

function percentile(values: number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return Math.round(sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
