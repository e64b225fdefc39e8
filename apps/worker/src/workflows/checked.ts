import * as wf from '@temporalio/workflow';
import { APPLICATION_FAILURE_TYPES } from '@loyalty/contracts';
import { check, firstProblem } from '@loyalty/contracts/checks';
import type { Static, TSchema } from 'typebox';

/**
 * The workflows' check of a message or input against its contract schema: the value when it fits,
 * else a non-retryable InvalidInput failure naming the first problem (an update's validator turns
 * it into a refusal before anything reaches history).
 */
export function checked<T extends TSchema>(schema: T, value: unknown): Static<T> {
  if (check(schema, value)) return value;
  throw wf.ApplicationFailure.nonRetryable(firstProblem(schema, value) ?? 'invalid input', APPLICATION_FAILURE_TYPES.invalidInput);
}
