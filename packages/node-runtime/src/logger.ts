import { createRequire } from 'node:module';
import { pino, type Logger, type LoggerOptions } from 'pino';
import { Type, type Static } from 'typebox';
import { ConfigurationError } from './environment.js';

/**
 * The logging variables of every app, spread into each app's environment schema. Output is JSON
 * lines unless LOG_PRETTY=true asks for pino-pretty, which only a development install has
 * (`npm run dev` sets it): a production image never needs it, whatever its terminal.
 */
export const LoggingEnvironment = {
  LOG_LEVEL: Type.Enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], { default: 'info' }),
  LOG_PRETTY: Type.Boolean({ default: false }),
};
export type LogLevel = Static<typeof LoggingEnvironment.LOG_LEVEL>;

export interface LoggerSettings {
  /** The `service` field of every line. */
  service: string;
  level: LogLevel;
  pretty: boolean;
  redact?: LoggerOptions['redact'];
}

export function createLogger({ service, level, pretty, redact }: LoggerSettings): Logger {
  return pino({
    level,
    base: { service },
    ...(redact === undefined ? {} : { redact }),
    // The transport runs in a worker thread, which sees no terminal: colour is decided here.
    ...(pretty ? { transport: { target: prettyPrinter(), options: { colorize: process.stdout.isTTY === true } } } : {}),
  });
}

function prettyPrinter(): string {
  try {
    return createRequire(import.meta.url).resolve('pino-pretty');
  } catch {
    throw new ConfigurationError(
      'Invalid configuration: LOG_PRETTY=true needs pino-pretty, a development dependency that is not installed here; ' +
        'leave LOG_PRETTY unset for JSON lines',
    );
  }
}
