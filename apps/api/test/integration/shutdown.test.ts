// SIGTERM under load: the API process (started as in production, from server.ts) stops taking
// new connections, finishes the requests in flight, closes Temporal and exits 0. Afterwards the
// balance equals exactly what was acknowledged: no request was applied and then left unanswered.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../../../scripts/lib/temporal-dev-server.js';
import { recordingNotifier, startHarness, status, temporalAddress, uniqueId, type LoyaltyHarness } from '#test-support/loyalty-harness.js';
import { ADMIN_KEY, STOREFRONT_KEY } from '../support/system.js';

const apiRoot = fileURLToPath(new URL('../..', import.meta.url));

let harness: LoyaltyHarness;
beforeAll(async () => {
  harness = await startHarness(recordingNotifier());
});
afterAll(async () => {
  await harness?.close();
});

async function startApiProcess(): Promise<{ child: ChildProcess; baseUrl: string; output: () => string }> {
  const port = await freePort();
  let output = '';
  const child = spawn(process.execPath, ['--import', 'tsx', '--conditions=source', 'src/server.ts'], {
    cwd: apiRoot,
    env: {
      ...process.env,
      TEMPORAL_ADDRESS: temporalAddress(),
      TEMPORAL_NAMESPACE: 'default',
      TEMPORAL_TASK_QUEUE: harness.taskQueue,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: process.env.SHUTDOWN_TEST_LOG_LEVEL ?? 'info',
      LOYALTY_API_KEYS: `${ADMIN_KEY}=admin,${STOREFRONT_KEY}=storefront`,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const baseUrl = `http://127.0.0.1:${port}`;
  await expect
    .poll(async () => (await fetch(`${baseUrl}/healthz`).catch(() => undefined))?.status, { timeout: 30_000, interval: 200 })
    .toBe(200);
  return { child, baseUrl, output: () => output };
}

describe('the API process on SIGTERM', () => {
  it('finishes what is in flight, exits 0, and loses no acknowledged points', async () => {
    const { child, baseUrl, output } = await startApiProcess();
    const customerId = uniqueId('shutdown');
    const enrolled = await fetch(`${baseUrl}/customers`, {
      method: 'POST',
      headers: { authorization: `Bearer ${STOREFRONT_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ customerId, name: 'Ada' }),
    });
    expect(enrolled.status).toBe(201);

    let acknowledged = 0;
    const outcomes: string[] = [];
    const exited = once(child, 'exit');
    // 30 callers sending keyed +1 commands as fast as they can; SIGTERM lands in the middle.
    const callers = Array.from({ length: 30 }, async (_, caller) => {
      for (let i = 0; ; i += 1) {
        if (child.exitCode !== null) return;
        try {
          const reply = await fetch(`${baseUrl}/customers/${customerId}/points`, {
            method: 'POST',
            headers: {
              authorization: `Bearer ${STOREFRONT_KEY}`,
              'content-type': 'application/json',
              'idempotency-key': `caller-${caller}-${i}`,
            },
            body: JSON.stringify({ points: 1 }),
          });
          const body = (await reply.json()) as { code?: string };
          if (reply.status === 200) acknowledged += 1;
          // Anything else must be the draining server's problem, saying when to retry.
          else outcomes.push(`${reply.status} ${body.code} retry-after=${reply.headers.get('retry-after')}`);
          if (reply.status !== 200) return;
        } catch {
          // Refused, or closed before the request was read: not acknowledged, and not applied.
          outcomes.push('closed');
          return;
        }
      }
    });
    await expect.poll(() => acknowledged, { timeout: 20_000, interval: 20 }).toBeGreaterThan(100);
    child.kill('SIGTERM');
    const [code] = await exited;
    await Promise.all(callers);

    expect(code, output()).toBe(0);
    expect(output()).toContain('stopping: no new requests, finishing those in flight');
    expect(outcomes.filter((outcome) => outcome !== 'closed' && outcome !== '503 shutting-down retry-after=1')).toEqual([]);
    const { points } = await status(harness.handleFor(customerId));
    expect(points).toBe(acknowledged);
  });
});
