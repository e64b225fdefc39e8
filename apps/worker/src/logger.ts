import type { Logger } from 'pino';
import { DefaultLogger, type LogEntry, type LogLevel } from '@temporalio/worker';

const pinoLevel: Record<LogLevel, 'trace' | 'debug' | 'info' | 'warn' | 'error'> = {
  TRACE: 'trace',
  DEBUG: 'debug',
  INFO: 'info',
  WARN: 'warn',
  ERROR: 'error',
};

/** Forwards the Temporal SDK's and Core's log records (workflow loggers included) into pino. */
export function temporalLoggerFor(logger: Logger): DefaultLogger {
  const level = (Object.entries(pinoLevel).find(([, name]) => name === logger.level)?.[0] ?? 'INFO') as LogLevel;
  return new DefaultLogger(level, (entry: LogEntry) => {
    logger[pinoLevel[entry.level]]({ ...entry.meta, source: 'temporal' }, entry.message);
  });
}
