import * as wf from '@temporalio/workflow';
import { Value } from 'typebox/value';
import { APPLICATION_FAILURE_TYPES } from '@loyalty/contracts';
import type { Static, TSchema } from 'typebox';

/**
 * The workflows' check of a message or input against its contract schema: the value when it fits,
 * else a non-retryable InvalidInput failure naming the first problem (an update's validator turns
 * it into a refusal before anything reaches history).
 */
export function checked<T extends TSchema>(schema: T, value: unknown): Static<T> {
  if (Value.Check(schema, value)) return value;
  const [first] = Value.Errors(schema, value);
  throw wf.ApplicationFailure.nonRetryable(
    first ? `${first.instancePath || 'input'} ${first.message}` : 'invalid input',
    APPLICATION_FAILURE_TYPES.invalidInput,
  );
}
