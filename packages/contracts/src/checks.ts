import type { Static, TSchema } from 'typebox';
import { Compile, type Validator } from 'typebox/compile';

// Checks of values against schemas, compiled once per schema and kept. TypeBox's `Value.Check`
// walks the schema anew on every call (about 65 µs for a command batch); a compiled check is
// generated code (about 3 µs). The worker preloads this module into the context its workflows
// share, so a workflow thread compiles each schema once, on first use, for all its accounts.
// Only the compiled functions are kept here: they depend on the schema alone, never on an account.
const validators = new WeakMap<TSchema, Validator>();

function validatorOf(schema: TSchema): Validator {
  let validator = validators.get(schema);
  if (validator === undefined) {
    validator = Compile(schema);
    validators.set(schema, validator);
  }
  return validator;
}

/** Whether the value fits the schema. */
export function check<T extends TSchema>(schema: T, value: unknown): value is Static<T> {
  return validatorOf(schema).Check(value);
}

/** The first way the value misses the schema, as `path message`, or undefined when it fits. */
export function firstProblem(schema: TSchema, value: unknown): string | undefined {
  const [first] = validatorOf(schema).Errors(value);
  return first === undefined ? undefined : `${first.instancePath || 'input'} ${first.message}`;
}
