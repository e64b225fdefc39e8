import type { Static, TObject } from 'typebox';
import { Value } from 'typebox/value';

/** A setting that is missing or malformed; the message names the variable. */
export class ConfigurationError extends Error {
  override name = 'ConfigurationError';
}

/**
 * Reads the variables an app's schema declares from an environment, applies their defaults,
 * converts strings to the declared types ("3000" → 3000) and refuses anything else, naming the
 * variable. Pure: it is handed the environment, so each app and its tests share one mechanism.
 */
export function parseEnvironment<T extends TObject>(
  schema: T,
  environment: Record<string, string | undefined>,
): Static<T> {
  const declared: Record<string, unknown> = {};
  for (const name of Object.keys(schema.properties)) {
    const value = environment[name];
    // An empty variable means "not set", as in most shells' and compose files' usage.
    if (value !== undefined && value !== '') declared[name] = value;
  }
  const converted = Value.Convert(schema, Value.Default(schema, declared));
  if (Value.Check(schema, converted)) return converted as Static<T>;
  const problems = [...Value.Errors(schema, converted)].map((error) => {
    const variable = error.instancePath.replace(/^\//, '') || missingName(error.params);
    const given = variable ? environment[variable] : undefined;
    return `${variable || 'environment'}: ${error.message}${given === undefined ? '' : ` (got ${JSON.stringify(given)})`}`;
  });
  throw new ConfigurationError(`Invalid configuration: ${problems.join('; ')}`);
}

function missingName(params: unknown): string {
  const required = (params as { requiredProperties?: string[] } | undefined)?.requiredProperties;
  return required?.join(', ') ?? '';
}
