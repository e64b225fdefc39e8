import { pino, type Logger } from 'pino';
import { DefaultLogger, type LogEntry, type LogLevel } from '@temporalio/worker';

/** JSON lines for machines; readable lines when a person watches a terminal. */
export function createLogger(level: string): Logger {
  const pretty = process.stdout.isTTY;
  return pino({
    level,
    base: { service: 'loyalty-worker' },
    ...(pretty ? { transport: { target: 'pino-pretty', options: { colorize: true } } } : {}),
  });
}

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
