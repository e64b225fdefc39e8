/**
 * Wire names shared with the reference implementations (Go, Java, Python).
 * Other tools drive loyalty workflows by these exact strings: never rename them.
 */
export const WORKFLOW_TYPE = 'CustomerLoyaltyWorkflow';
export const DEFAULT_TASK_QUEUE = 'CustomerLoyaltyTaskQueue';

const WORKFLOW_ID_PREFIX = 'customer-';

export function workflowIdFor(customerId: string): string {
  return `${WORKFLOW_ID_PREFIX}${customerId}`;
}

export function customerIdFromWorkflowId(workflowId: string): string | undefined {
  return workflowId.startsWith(WORKFLOW_ID_PREFIX) ? workflowId.slice(WORKFLOW_ID_PREFIX.length) : undefined;
}

/** Customer IDs: 1–64 characters of A-Z a-z 0-9 _ - (SPEC §5). */
export const CUSTOMER_ID_PATTERN = '^[A-Za-z0-9_-]{1,64}$';
