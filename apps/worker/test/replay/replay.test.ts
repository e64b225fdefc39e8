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
  it('has the histories of an account session, continue-as-new, cancellation and peer work carried across runs', () => {
    expect(files).toEqual(
      expect.arrayContaining([
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
      ]),
    );
  });

  it.each(files)('%s replays deterministically', async (file) => {
    const { workflowId, history } = JSON.parse(readFileSync(`${historiesDir}${file}`, 'utf8')) as { workflowId: string; history: unknown };
    await Worker.runReplayHistory({ workflowBundle, replayName: file }, history, workflowId);
  });
});
