// The least an actor can be, to compare the loyalty actor's signal rate with: it takes the same
// addLoyaltyPoints signal, keeps a sum and answers it, and does nothing else (no validation,
// no ledger, no search attributes, no continue-as-new). Used by scripts/measure-worker-memory.ts.
import * as wf from '@temporalio/workflow';
import { addLoyaltyPointsSignal } from '@loyalty/contracts';

export const minimalPointsQuery = wf.defineQuery<number>('minimalPoints');

export async function MinimalActorWorkflow(): Promise<void> {
  let points = 0;
  wf.setHandler(addLoyaltyPointsSignal, (delta) => {
    points += delta;
  });
  wf.setHandler(minimalPointsQuery, () => points);
  await wf.condition(() => false);
}
