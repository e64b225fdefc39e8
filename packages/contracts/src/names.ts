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

/**
 * Workflow statuses (as the Temporal client names them) of an account that has ended. A closed
 * account is read as inactive whatever its state says: cancelled, terminated and timed-out
 * workflows never ran their own closing. `PAUSED` and `RUNNING` are open: a paused account is
 * unavailable for a while, never closed.
 */
export const CLOSED_WORKFLOW_STATUSES: readonly string[] = ['COMPLETED', 'FAILED', 'CANCELLED', 'TERMINATED', 'TIMED_OUT'];

/**
 * The workflow memo field that holds the customer's name, so that listings (Temporal visibility)
 * show it without asking each account. Set at start; the actor keeps it current.
 */
export const NAME_MEMO_FIELD = 'name';
