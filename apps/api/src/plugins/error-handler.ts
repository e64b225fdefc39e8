import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import fp from 'fastify-plugin';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { GatewayError } from '../gateway/gateway.js';
import { HttpProblem, PROBLEM_CONTENT_TYPE, PROBLEM_KINDS, problemBody, type Problem, type ProblemCode } from '../errors.js';
import { documentResponses } from '../openapi-responses.js';

/**
 * Every answer that is not a success leaves through here as an RFC 9457 problem. Known failures
 * (HttpProblem, GatewayError, Fastify's own client errors) keep their meaning; anything else is
 * a 500 that says nothing about the internals and is logged in full instead.
 */

const SERVER_FAULT_DETAIL = 'An unexpected error occurred. Quote the request id when reporting it.';

interface Rendered {
  code: ProblemCode;
  detail: string;
  retryAfterSeconds?: number;
  headers?: Record<string, string>;
  errors?: Problem['errors'];
}

function render(error: unknown): Rendered {
  if (error instanceof HttpProblem) {
    return {
      code: error.code,
      detail: error.detail,
      ...(error.options.retryAfterSeconds === undefined ? {} : { retryAfterSeconds: error.options.retryAfterSeconds }),
      ...(error.options.headers === undefined ? {} : { headers: error.options.headers }),
    };
  }
  if (error instanceof GatewayError) {
    const retry = error.retryAfterSeconds === undefined ? {} : { retryAfterSeconds: error.retryAfterSeconds };
    // A 5xx message may describe infrastructure; clients get the catalogue's words instead.
    if (PROBLEM_KINDS[error.code].status >= 500) {
      return { code: error.code, detail: 'The loyalty service cannot reach its backend right now; retry later.', ...retry };
    }
    return { code: error.code, detail: error.message, ...retry };
  }
  const fastifyError = error as Partial<FastifyError>;
  if (fastifyError.validation) {
    const context = fastifyError.validationContext ?? 'request';
    return {
      code: 'validation-failed',
      detail: fastifyError.message ?? 'The request is not valid.',
      errors: fastifyError.validation.map((issue) => ({
        location: `${context}${issue.instancePath}`,
        message: issue.message ?? 'is not valid',
      })),
    };
  }
  const status = fastifyError.statusCode;
  // Fastify's own client errors (malformed JSON, wrong content type, body too large) carry a
  // status and a message written for clients.
  if (typeof status === 'number' && status >= 400 && status < 500) {
    const code = CLIENT_ERROR_CODES[status] ?? 'validation-failed';
    return { code, detail: fastifyError.message ?? PROBLEM_KINDS[code].title };
  }
  return { code: 'internal-error', detail: SERVER_FAULT_DETAIL };
}

const CLIENT_ERROR_CODES: Partial<Record<number, ProblemCode>> = {
  400: 'validation-failed',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not-found',
  405: 'method-not-allowed',
  413: 'payload-too-large',
  415: 'unsupported-media-type',
  429: 'rate-limited',
};

export function sendProblem(request: FastifyRequest, reply: FastifyReply, rendered: Rendered): FastifyReply {
  const kind = PROBLEM_KINDS[rendered.code];
  // Retry-After means something only on "not now" answers; a hint on a 404 would mislead.
  const retryAfter = rendered.retryAfterSeconds ?? kind.retryAfterSeconds ?? 1;
  if (kind.status === 429 || kind.status === 503) reply.header('retry-after', String(Math.max(1, Math.ceil(retryAfter))));
  for (const [name, value] of Object.entries(rendered.headers ?? {})) reply.header(name, value);
  const body: Problem = problemBody(rendered.code, rendered.detail, request.id);
  if (rendered.errors) body.errors = rendered.errors;
  return reply.code(kind.status).type(PROBLEM_CONTENT_TYPE).send(body);
}

/**
 * Requests that Node's HTTP parser refuses never reach Fastify's routing: headers over
 * `maxHeaderSize` (431), a request not sent within `requestTimeout` (408), bytes that are not
 * HTTP (400). Fastify's default answers them with a JSON body of its own; here they get a problem
 * like every other refusal, written straight to the socket, which is then closed.
 */
export function clientErrorHandler(this: FastifyInstance, error: NodeJS.ErrnoException, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const [code, detail]: [ProblemCode, string] =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? ['headers-too-large', 'The request\u2019s headers are larger than this server accepts.']
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? ['request-timeout', 'The request did not arrive in time.']
        : ['validation-failed', 'The request is not valid HTTP.'];
  this.log.debug({ err: error, code }, 'refused a request the HTTP parser could not take');
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  const { status } = PROBLEM_KINDS[code];
  const body = JSON.stringify(problemBody(code, detail));
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\n` +
      `content-type: ${PROBLEM_CONTENT_TYPE}\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
  );
}

/** `/customers/:customerId/points` → a pattern matching a concrete path of that route. */
function patternFor(url: string): RegExp {
  const source = url
    .split('/')
    .map((segment) => (segment.startsWith(':') ? '[^/]+' : segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('/');
  return new RegExp(`^${source}$`);
}

export default fp(
  async function errorHandler(app) {
    // Known paths and their methods, to tell "no such path" (404) from "not this method" (405).
    const routes = new Map<string, { pattern: RegExp; methods: Set<string> }>();
    app.addHook('onRoute', (route) => {
      if (route.url.includes('*')) return;
      const known = routes.get(route.url) ?? { pattern: patternFor(route.url), methods: new Set<string>() };
      for (const method of [route.method].flat()) known.methods.add(method);
      routes.set(route.url, known);
      // Any request may be refused before routing (clientErrorHandler): too slow, or too much in its headers.
      documentResponses(route.schema, route.method, ['request-timeout', 'headers-too-large', 'shutting-down', 'internal-error']);
      if (route.schema && (route.schema.params || route.schema.querystring || route.schema.body || route.schema.headers)) {
        documentResponses(route.schema, route.method, ['validation-failed']);
      }
    });

    // While the server drains (app.close()), requests still arriving on open connections get a
    // problem to retry elsewhere, instead of Fastify's own 503 body; those in flight finish.
    let draining = false;
    app.addHook('preClose', async () => {
      draining = true;
    });
    app.addHook('onRequest', async () => {
      if (draining) throw new HttpProblem('shutting-down', 'This server is shutting down; retry the request.');
    });

    /** What a request no route takes is answered: 405 with Allow where the path exists, else 404. */
    function unrouted(request: FastifyRequest): HttpProblem {
      const path = request.url.split('?', 1)[0] ?? '/';
      const allowed = new Set<string>();
      for (const { pattern, methods } of routes.values()) {
        if (pattern.test(path)) for (const method of methods) allowed.add(method);
      }
      if (allowed.size > 0) {
        const allow = [...allowed].sort().join(', ');
        return new HttpProblem('method-not-allowed', `${request.method} is not supported on ${path}; use ${allow}.`, {
          headers: { allow },
        });
      }
      return new HttpProblem('not-found', `Nothing is served at ${path}.`);
    }

    // Answered before the body is read: Fastify parses the body of any method that may carry one
    // (QUERY, PROPFIND ...) even on its way to the not-found handler, so a 405 would otherwise
    // come out as a 400 about the body's Content-Type.
    app.addHook('onRequest', async (request) => {
      if (request.is404) throw unrouted(request);
    });
    app.setNotFoundHandler(async (request) => {
      throw unrouted(request);
    });

    app.setErrorHandler((error, request, reply) => {
      const rendered = render(error);
      const status = PROBLEM_KINDS[rendered.code].status;
      if (rendered.code === 'internal-error') request.log.error({ err: error }, 'request failed');
      else if (status >= 500) request.log.warn({ err: error, code: rendered.code }, 'request could not be served');
      return sendProblem(request, reply, rendered);
    });
  },
  { name: 'error-handler', fastify: '5.x', dependencies: ['validation'] },
);

