// Every workflow history the run left, replayed with the workflow code the workers ran. A history
// that does not replay is an account stuck as soon as a worker has to replay it (after a crash, an
// eviction, a deployment), whether or not one had to during the run; such histories are written
// to the kept directory for whoever looks into it.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client, Connection, type HistoryAndWorkflowId } from '@temporalio/client';
import { historyToJSON } from '@temporalio/common/lib/proto-utils.js';
import { Worker } from '@temporalio/worker';

/** The bundle `npm run build` makes, which the compiled workers run. */
const workflowBundlePath = fileURLToPath(new URL('../../../apps/worker/dist/workflow-bundle.js', import.meta.url));

export interface ReplayVerdict {
  replayed: number;
  problems: string[];
}

export async function replayEveryHistory(temporal: { address: string; namespace: string }, keepDir: string): Promise<ReplayVerdict> {
  const connection = await Connection.connect({ address: temporal.address });
  try {
    const client = new Client({ connection, namespace: temporal.namespace });
    const histories = new Map<string, HistoryAndWorkflowId['history']>();
    async function* everyRun(): AsyncGenerator<HistoryAndWorkflowId> {
      for await (const execution of client.workflow.list()) {
        const history = await client.workflow.getHandle(execution.workflowId, execution.runId).fetchHistory();
        histories.set(execution.runId, history);
        yield { workflowId: execution.workflowId, history };
      }
    }
    const verdict: ReplayVerdict = { replayed: 0, problems: [] };
    for await (const result of Worker.runReplayHistories({ workflowBundle: { codePath: workflowBundlePath }, replayName: 'fault-suite' }, everyRun())) {
      verdict.replayed += 1;
      if (result.error !== undefined) {
        const file = path.join(keepDir, 'histories', `${result.workflowId}.${result.runId}.json`);
        mkdirSync(path.dirname(file), { recursive: true });
        writeFileSync(file, historyToJSON(histories.get(result.runId)!));
        verdict.problems.push(`${result.workflowId} (run ${result.runId}) does not replay: ${whyNot(result.error)} (history in ${file})`);
      }
      histories.delete(result.runId);
    }
    return verdict;
  } finally {
    await connection.close();
  }
}

/** The part of a replay error that says what did not match: core's message inside the SDK's wrapping. */
function whyNot(error: Error): string {
  const core = /\[TMPRL\d+\][^"]*/.exec(error.message);
  return (core?.[0] ?? error.message).slice(0, 600);
}
