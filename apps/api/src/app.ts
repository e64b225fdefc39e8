import { randomUUID } from 'node:crypto';
import Fastify, { LogController, type FastifyInstance, type FastifyBaseLogger } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { ApiConfig } from './config.js';
import type { LoyaltyGateway } from './gateway/gateway.js';
import auth from './plugins/auth.js';
import errorHandler, { clientErrorHandler, sendProblem } from './plugins/error-handler.js';
import gatewayPlugin from './plugins/gateway.js';
import cors from './plugins/cors.js';
import jsonBodies from './plugins/json-bodies.js';
import rateLimit from './plugins/rate-limit.js';
import securityHeaders from './plugins/security-headers.js';
import metrics from './plugins/metrics.js';
import requestLogging from './plugins/request-logging.js';
import swagger from './plugins/swagger.js';
import validation from './plugins/validation.js';
import routes from './routes/index.js';

export type LoyaltyApp = FastifyInstance<Server, IncomingMessage, ServerResponse, FastifyBaseLogger, TypeBoxTypeProvider>;

export interface AppOptions {
  gateway: LoyaltyGateway;
  config: ApiConfig;
  /** A pino logger; silent when absent (tests). */
  logger?: FastifyBaseLogger;
}

/**
 * The whole HTTP API, without listening: server.ts listens, tests use `app.inject`. The gateway
 * is handed in so that tests can give a fake one and server.ts the Temporal one.
 */
export function buildApp({ gateway, config, logger }: AppOptions): LoyaltyApp {
  const app = Fastify({
    ...(logger ? { loggerInstance: logger } : { logger: false }),
    genReqId: () => randomUUID(),
    // plugins/request-logging.ts writes one line per request instead of Fastify's two.
    logController: new LogController({ requestIdLogLabel: 'requestId', disableRequestLogging: true }),
    // Every GET answers HEAD too (as HTTP requires); @fastify/swagger leaves the twins out of the document.
    exposeHeadRoutes: true,
    // A malformed URL (bad percent-encoding) is a client's mistake, answered as a problem like any other.
    frameworkErrors: (error, request, reply) => {
      sendProblem(request, reply, { code: 'validation-failed', detail: error.message });
    },
    // Oversized headers, a request that is too slow, bytes that are not HTTP: problems too.
    clientErrorHandler,
    bodyLimit: config.bodyLimitBytes,
    requestTimeout: config.requestTimeoutMs,
    keepAliveTimeout: config.keepAliveTimeoutMs,
    // Idempotency keys may be up to 255 characters, and arrive as a path segment.
    routerOptions: { maxParamLength: 512 },
    // plugins/error-handler.ts answers requests that arrive while draining, as a problem.
    return503OnClosing: false,
  }).withTypeProvider<TypeBoxTypeProvider>();

  app.register(validation);
  app.register(errorHandler);
  // Before auth, so that refused requests are counted and timed too.
  app.register(metrics);
  app.register(auth, { apiKeys: config.apiKeys, disabled: config.authDisabled });
  app.register(requestLogging);
  app.register(jsonBodies);
  app.register(rateLimit, { rateLimitPerMinute: config.rateLimitPerMinute });
  app.register(securityHeaders);
  app.register(cors, { corsOrigins: config.corsOrigins });
  app.register(swagger);
  app.register(gatewayPlugin, { gateway });
  app.register(routes);
  return app;
}
