// Global setup of the `system` test project (`npm run test:system`): the production shape on
// this machine. Temporal server on PostgreSQL (scripts/lib/temporal-postgres.ts, a fresh data
// directory per run), then two workers and two API processes started from the compiled dist/
// as separate processes, as a deployment runs them (scripts/lib/app-processes.ts). Tests reach
// them only over HTTP (and Temporal's own API for what HTTP cannot show); their URLs come
// through inject().
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { searchAttributes } from '@loyalty/contracts';
import { requireBuild, startDeployment, type Deployment } from '../../scripts/lib/app-processes.js';
import { freePort } from '../../scripts/lib/temporal-dev-server.js';
import { freeServerPort, startPostgresTemporal, type PostgresTemporal } from '../../scripts/lib/temporal-postgres.js';

export const SYSTEM_ADMIN_KEY = 'system-admin-key';
export const SYSTEM_STOREFRONT_KEY = 'system-storefront-key';

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  requireBuild('npm run test:system');
  // mkdtemp makes it 0700; PostgreSQL runs as its own user when we are root and must get in.
  const dir = mkdtempSync(path.join(os.tmpdir(), 'loyalty-system-'));
  chmodSync(dir, 0o755);
  let deployment: Deployment | undefined;
  let temporal: PostgresTemporal | undefined;

  const teardown = async () => {
    await deployment?.stop();
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

    deployment = await startDeployment({
      dir,
      temporal,
      workers: 2,
      apis: 2,
      apiKeys: `${SYSTEM_ADMIN_KEY}=admin,${SYSTEM_STOREFRONT_KEY}=storefront`,
    });
    // Ready: each API answers, and through it Temporal says a worker polls the task queue.
    await deployment.ready();
    console.log(
      `system: Temporal ${temporal.address} on PostgreSQL ${temporal.postgres.port} ready in ${((temporalReady - started) / 1000).toFixed(1)} s; ` +
        `2 workers and 2 APIs (${deployment.apiUrls.join(', ')}) ready ${((Date.now() - temporalReady) / 1000).toFixed(1)} s later`,
    );

    project.provide('systemApiUrls', deployment.apiUrls);
    project.provide('systemTemporalAddress', temporal.address);
    return teardown;
  } catch (error) {
    const logs = deployment?.logs() ?? '';
    await teardown();
    throw new Error(`${(error as Error).message}\n${logs}`, { cause: error });
  }
}
