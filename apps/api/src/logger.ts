import type { Logger } from 'pino';
import { createLogger } from '@loyalty/node-runtime';
import type { ApiConfig } from './config.js';

export function createApiLogger(config: Pick<ApiConfig, 'logLevel' | 'logPretty'>): Logger {
  return createLogger({
    service: 'loyalty-api',
    level: config.logLevel,
    pretty: config.logPretty,
    // Nothing logs headers today; this keeps an API key out of the logs if something ever does.
    redact: { paths: ['req.headers.authorization', 'headers.authorization', '*.headers.authorization'], censor: '[redacted]' },
  });
}
