// The current workflow with one more command in front of everything it does: a change that
// workflows already running could not take. replay.test.ts shows that its histories catch it.
import * as wf from '@temporalio/workflow';
import { CustomerLoyaltyWorkflow as current } from '../../../src/workflows/customer-loyalty.js';

export async function CustomerLoyaltyWorkflow(...args: Parameters<typeof current>): ReturnType<typeof current> {
  await wf.sleep(1);
  return current(...args);
}
