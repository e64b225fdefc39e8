import { pino, type Logger } from 'pino';

/** JSON lines for machines; readable lines when a person watches a terminal. */
export function createLogger(level: string): Logger {
  const pretty = process.stdout.isTTY;
  return pino({
    level,
    base: { service: 'loyalty-api' },
    // Nothing logs headers today; this keeps an API key out of the logs if something ever does.
    redact: { paths: ['req.headers.authorization', 'headers.authorization', '*.headers.authorization'], censor: '[redacted]' },
    ...(pretty ? { transport: { target: 'pino-pretty', options: { colorize: true } } } : {}),
  });
}
