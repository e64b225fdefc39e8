// `npm run test:faults`: the fault suite. The compiled apps (two workers, two API processes) on
// a Temporal of their own; clients send keyed commands (earn, async earn, gifts, redemptions,
// invitations) and retry each with the same key after any failure, while in turn a worker is
// SIGKILLed and restarted, an API process is SIGKILLed and restarted, Temporal is killed and
// restarted on its store, and Temporal hangs (SIGSTOP, SIGCONT). Afterwards, per account:
// balance = sum of acknowledged changes = sum of ledger entries, no key in two entries, every
// acknowledged outcome reads the same; and every workflow history replays with the workers' code.
// Exits non-zero on any broken invariant, on a process that exits by itself, or when something
// cannot start; it never skips.
//
//   npm run test:faults                  on a Temporal dev server persisting to a SQLite file
//   npm run test:faults -- --postgres    on Temporal server on PostgreSQL (npm run temporal:postgres -- build)
//   options: --keep (keep the data directory and logs), --hosts N, --clients N
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { requireBuild, running, startDeployment, type Deployment } from './lib/app-processes.js';
import { Apis, EventLog } from './lib/faults/clients.js';
import { devServerTemporal, faults, killedOnPurpose, postgresTemporal, type TemporalUnderTest } from './lib/faults/faults.js';
import { report, type Window } from './lib/faults/report.js';
import { replayEveryHistory } from './lib/faults/replay.js';
import { verify } from './lib/faults/verify.js';
import { Workload } from './lib/faults/workload.js';

const { values } = parseArgs({
  options: {
    postgres: { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
    hosts: { type: 'string', default: '30' },
    clients: { type: 'string', default: '12' },
  },
});

const STOREFRONT_KEY = 'faults-storefront-key';
const WORKERS = 2;
const APIS = 2;
/** Quiet load before the first fault (its latencies set the "slow" mark) and after the last. */
const CALM_MS = 10_000;
/** A command that is not acknowledged within this, retries included, has failed the suite. */
const COMMAND_DEADLINE_MS = 120_000;
/** The whole run, build excluded; past it the suite fails rather than hang CI. */
const SUITE_TIMEOUT_MS = 12 * 60_000;

async function main(): Promise<number> {
  requireBuild('npm run test:faults');
  const startedAt = Date.now();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'loyalty-faults-'));
  let temporal: TemporalUnderTest | undefined;
  let deployment: Deployment | undefined;
  let supervisor: ReturnType<typeof setInterval> | undefined;
  // A failed run keeps its logs and Temporal's store for whoever looks into it.
  let keep = values.keep;
  const progress = (line: string) => console.log(`faults +${((Date.now() - startedAt) / 1000).toFixed(1)}s: ${line}`);
  try {
    temporal = values.postgres ? await postgresTemporal(dir) : await devServerTemporal(dir);
    progress(`${temporal.label} at ${temporal.address}`);
    deployment = await startDeployment({ dir, temporal, workers: WORKERS, apis: APIS, apiKeys: `${STOREFRONT_KEY}=storefront` });
    await deployment.ready();
    progress(`${WORKERS} workers and ${APIS} APIs ready (${deployment.apiUrls.join(', ')}); logs in ${dir}`);

    // A process that exits without being killed on purpose is a finding; it is started again,
    // as a supervisor would, so that the rest of the run still means something.
    const unexpectedExits: string[] = [];
    const restarting = new Set<string>();
    const apps = deployment;
    supervisor = setInterval(() => {
      for (const app of apps.apps) {
        if (running(app.child) || killedOnPurpose.has(app.child) || restarting.has(app.name)) continue;
        unexpectedExits.push(`${app.name} exited by itself (${app.child.signalCode ?? `code ${app.child.exitCode}`}) at +${((Date.now() - startedAt) / 1000).toFixed(1)} s`);
        progress(unexpectedExits.at(-1)!);
        restarting.add(app.name);
        void apps.restart(app).finally(() => restarting.delete(app.name));
      }
    }, 250);

    const apis = new Apis(deployment.apiUrls, STOREFRONT_KEY);
    const log = new EventLog();
    const workload = new Workload(apis, log, {
      hosts: Number(values.hosts),
      clients: Number(values.clients),
      paceMs: 400,
      commandDeadlineMs: COMMAND_DEADLINE_MS,
    });
    await workload.open();
    progress(`${workload.hosts.length} hosts enrolled at Gold; load starts`);

    let stopped = false;
    const load = workload.drive(() => stopped);
    const windows: Window[] = [];
    const calmFrom = Date.now();
    await sleep(CALM_MS);
    windows.push({ name: 'none (calm load)', from: calmFrom, lifted: calmFrom, to: Date.now() });
    const calmLatencies = log.acks.filter((ack) => ack.at >= calmFrom).map((ack) => ack.latencyMs).sort((a, b) => a - b);
    // "Slow" is against this machine's calm, which a busy machine makes slow too.
    const p90 = calmLatencies[Math.floor(calmLatencies.length * 0.9)] ?? 0;
    const slowMs = Math.max(2_000, 2 * p90);

    for (const fault of faults(deployment, temporal)) {
      const from = Date.now();
      progress(`fault: ${fault.name}`);
      await fault.inject();
      const lifted = Date.now();
      await sleep(fault.recoveryMs);
      windows.push({ name: fault.name, from, lifted, to: Date.now() });
    }
    const tailFrom = Date.now();
    await sleep(CALM_MS);
    windows.push({ name: 'none (calm load)', from: tailFrom, lifted: tailFrom, to: Date.now() });
    stopped = true;
    progress('load stops; waiting for every command to be acknowledged');
    await load;
    progress('checking every account and every acknowledged outcome');
    const verdict = await verify(apis, workload);
    clearInterval(supervisor);
    progress('replaying every workflow history with the workers\u2019 workflow code');
    const replay = await replayEveryHistory(temporal, dir);
    verdict.problems.push(...replay.problems);

    console.log(
      report({ target: `${temporal.label}, ${WORKERS} workers, ${APIS} API processes`, workload, log, windows, slowMs, startedAt, verdict, historiesReplayed: replay.replayed, unexpectedExits }),
    );
    const passed = verdict.problems.length === 0 && verdict.lost === 0 && verdict.doubled === 0 && unexpectedExits.length === 0;
    console.log(`\n${passed ? 'PASSED' : 'FAILED'}: fault suite in ${((Date.now() - startedAt) / 1000).toFixed(0)} s`);
    if (!passed) {
      keep = true;
      console.log(deployment.logs(1_500));
    }
    return passed ? 0 : 1;
  } catch (error) {
    console.error(`fault suite could not run: ${(error as Error).stack ?? error}`);
    if (deployment) console.error(deployment.logs(1_500));
    keep = true;
    return 1;
  } finally {
    clearInterval(supervisor);
    await deployment?.stop();
    await temporal?.stop();
    if (keep) console.log(`logs and data kept in ${dir}`);
    else rmSync(dir, { recursive: true, force: true });
  }
}

const timeout = setTimeout(() => {
  console.error(`FAILED: the fault suite did not finish within ${SUITE_TIMEOUT_MS / 60_000} minutes`);
  process.exit(1);
}, SUITE_TIMEOUT_MS);
timeout.unref();
process.exitCode = await main();
clearTimeout(timeout);
