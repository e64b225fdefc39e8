// `npm run dev` against a Temporal server it did not start, as a new user tries it: a bare
// `temporal server start-dev` in one terminal, `TEMPORAL_ADDRESS=... npm run dev` in another.
// Such a server has no loyalty search attributes; the command registers them, so the worker
// starts (the production worker still refuses a namespace without them).
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Connection } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { searchAttributes } from '@loyalty/contracts';
import { freePort, startDevServer, type DevServer } from '../scripts/lib/temporal-dev-server.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const ADMIN = { authorization: 'Bearer dev-admin-key' };

let server: DevServer;
let dev: ChildProcess | undefined;
let output = '';

beforeAll(async () => {
  // Its own server, as `temporal server start-dev` would run: no search attributes registered.
  server = await startDevServer({ uiPort: false });
});

afterAll(async () => {
  // dev leads its own process group: a failed test must not leave its worker and API behind.
  if (dev?.pid && dev.exitCode === null && dev.signalCode === null) process.kill(-dev.pid, 'SIGKILL');
  await server?.stop();
});

describe('npm run dev with TEMPORAL_ADDRESS', () => {
  it('registers the search attributes on a bare server, runs worker and API, and stops on Ctrl-C', async () => {
    const port = await freePort();
    dev = spawn(process.execPath, ['--import', 'tsx', '--conditions=source', 'scripts/dev.ts'], {
      cwd: root,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        TEMPORAL_ADDRESS: server.address,
        PORT: String(port),
        HOST: '127.0.0.1',
        WORKER_METRICS_PORT: '0',
        LOG_LEVEL: 'warn',
        TEMPORAL_NAMESPACE: 'default',
        LOYALTY_API_KEYS: '',
      },
    });
    const collect = (chunk: Buffer) => (output += chunk.toString());
    dev.stdout!.on('data', collect);
    dev.stderr!.on('data', collect);
    const exited = new Promise<number | null>((resolve) => dev!.once('exit', (code) => resolve(code)));

    const base = `http://127.0.0.1:${port}`;
    // Ready means the API answers and the worker polls: the old command's worker exited instead.
    const ready = await Promise.race([
      waitFor(async () => (await fetch(`${base}/readyz`)).status === 200, 90_000),
      exited.then((code) => `npm run dev exited with ${code}`),
    ]);
    expect(ready, output.slice(-5_000)).toBe(true);
    expect(output).toContain('Registered search attributes LoyaltyTier, LoyaltyAccountActive in namespace default');

    const connection = await Connection.connect({ address: server.address });
    try {
      const { customAttributes } = await connection.operatorService.listSearchAttributes({ namespace: 'default' });
      expect(Object.keys(customAttributes ?? {})).toEqual(expect.arrayContaining(Object.keys(searchAttributes)));
    } finally {
      await connection.close();
    }

    // The actor upserts its attributes, and listing by them finds it.
    const customerId = `dev-${Date.now()}`;
    const enrolled = await fetch(`${base}/customers`, {
      method: 'POST',
      headers: { ...ADMIN, 'content-type': 'application/json' },
      body: JSON.stringify({ customerId, name: 'Dev' }),
    });
    expect(enrolled.status, await enrolled.text()).toBe(201);
    const listed = await waitFor(async () => {
      const reply = await fetch(`${base}/customers?tier=Member&active=true&pageSize=100`, { headers: ADMIN });
      const body = (await reply.json()) as { customers?: { customerId: string }[] };
      return body.customers?.some((customer) => customer.customerId === customerId) ?? false;
    }, 15_000);
    expect(listed).toBe(true);

    process.kill(dev.pid!, 'SIGINT');
    expect(await exited, output.slice(-5_000)).toBe(0);
  }, 150_000);
});

/** Polls until check() answers true (errors count as not yet); false after the timeout. */
async function waitFor(check: () => Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check().catch(() => false)) return true;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return false;
}
