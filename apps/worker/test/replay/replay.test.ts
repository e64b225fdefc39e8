// Replays committed histories (histories/*.json, made by record-histories.ts) with the current
// workflow code. A red test means workflows already running would fail on this code: make the
// change compatible (wf.patched) instead of re-recording.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { bundleWorkflowCode, DefaultLogger, Worker, type WorkflowBundle } from '@temporalio/worker';
import { sourceBundle } from '../../src/worker.js';

const historiesDir = fileURLToPath(new URL('./histories/', import.meta.url));
const files = readdirSync(historiesDir).filter((file) => file.endsWith('.json')).sort();

let workflowBundle: WorkflowBundle;

beforeAll(async () => {
  // Bundled once, the way createLoyaltyWorker bundles from source.
  workflowBundle = await bundleWorkflowCode({ ...sourceBundle, logger: new DefaultLogger('WARN') });
});

describe('replay of recorded histories', () => {
  it('replays with the JavaScript production runs: the source bundle keeps ES2022 syntax, as the compiled workflows do', () => {
    // ES2017 output spells object spread with helpers, which cost a busy account's workflow thread a tenth of its time.
    expect(workflowBundle.code).not.toMatch(/function _object_spread(_props)?\(/);
    expect(workflowBundle.code).toMatch(/\{ \.\.\.\w+/);
  });

  it('has the histories of every shape an account has been recorded in: sessions, continue-as-new, cancellation, peer work, scheduled commands, expiring points and webhooks, for each generation of the code', () => {
    const shapes = [
      'session-host.json',
      'session-guest.json',
      'continued-first-run.json',
      'continued-last-run.json',
      'cancelled.json',
      // Recorded with peer work in the state: a gift pending across continue-as-new, and a
      // Temporal cancellation that voids a gift in flight.
      'peer-work-first-run.json',
      'peer-work-last-run.json',
      'cancelled-with-gift.json',
      // A command scheduled in one run and applied at its time in a later one.
      'scheduled-first-run.json',
      'scheduled-last-run.json',
      // Recorded on the time-skipping test server with an expiry policy: earnings, a spend that
      // empties the oldest lot (its timer cancelled), continue-as-new, warnings and expiries fired.
      'expiring-first-run.json',
      'expiring-last-run.json',
      // Recorded with webhooks: an outbox published in batches (balance events included), the
      // endpoint registry through every update, and a delivery retried before it landed.
      'outbox-batches.json',
      'webhook-registry.json',
      'webhook-delivery-retried.json',
    ];
    // Recorded before generations were named, and again by each code that added a patch marker.
    const generations = ['', '.commands-settle-at-once', '.fan-out-in-activity', '.one-fan-out-at-a-time', '.outbox-after-each-task'];
    expect(files).toEqual(expect.arrayContaining(generations.flatMap((generation) => shapes.map((file) => file.replace(/\.json$/, `${generation}.json`)))));
  });

  it('fails on a change in the commands a workflow issues, so that such a change cannot slip through', async () => {
    const incompatible = await bundleWorkflowCode({
      ...sourceBundle,
      workflowsPath: fileURLToPath(new URL('./incompatible/workflows.ts', import.meta.url)),
      logger: new DefaultLogger('WARN'),
    });
    const { workflowId, history } = JSON.parse(readFileSync(`${historiesDir}session-host.json`, 'utf8')) as { workflowId: string; history: unknown };
    await expect(Worker.runReplayHistory({ workflowBundle: incompatible, replayName: 'incompatible' }, history, workflowId)).rejects.toThrow(
      /[Nn]ondetermin/,
    );
  });

  it.each(files)('%s replays deterministically', async (file) => {
    const { workflowId, history } = JSON.parse(readFileSync(`${historiesDir}${file}`, 'utf8')) as { workflowId: string; history: unknown };
    await Worker.runReplayHistory({ workflowBundle, replayName: file }, history, workflowId);
  });
});
