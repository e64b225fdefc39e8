import { Type, type Static } from 'typebox';
import { FAILURE_CODES, type FailureCode, type Rejection } from '@loyalty/contracts';
import { GATEWAY_ERROR_CODES, type GatewayErrorCode } from './gateway/gateway.js';

/**
 * The one catalogue of answers that are not a success: every reason the actor gives
 * (FailureCode), every reason the gateway gives (GatewayErrorCode) and the HTTP layer's own.
 * Each maps to exactly one status and title; clients branch on `code`, which is stable.
 */

/** Reasons that come from HTTP itself rather than from the program. */
export const HTTP_ERROR_CODES = [
  'validation-failed',
  'unauthorized',
  'forbidden',
  'not-found',
  'method-not-allowed',
  'request-timeout',
  'payload-too-large',
  'headers-too-large',
  'unsupported-media-type',
  'rate-limited',
  'shutting-down',
  'internal-error',
] as const;
export type HttpErrorCode = (typeof HTTP_ERROR_CODES)[number];

export type ProblemCode = FailureCode | GatewayErrorCode | HttpErrorCode;

export const PROBLEM_CODES: readonly ProblemCode[] = [
  ...new Set<ProblemCode>([...FAILURE_CODES, ...GATEWAY_ERROR_CODES, ...HTTP_ERROR_CODES]),
];

export interface ProblemKind {
  readonly status: number;
  readonly title: string;
  /** Sent as Retry-After when the thrower does not know better. */
  readonly retryAfterSeconds?: number;
}

/** A mapped type, so that a code added to any of the three lists and not mapped here fails typecheck. */
export const PROBLEM_KINDS: { readonly [Code in ProblemCode]: ProblemKind } = {
  // The actor's rejections
  'invalid-command': { status: 400, title: 'Invalid command' },
  'account-closed': { status: 409, title: 'Account closed' },
  'insufficient-points': { status: 422, title: 'Insufficient points' },
  'guest-limit-reached': { status: 422, title: 'Guest limit reached' },
  'guest-already-invited': { status: 409, title: 'Guest already invited' },
  'cannot-invite-self': { status: 422, title: 'Cannot invite yourself' },
  'guest-account-closed': { status: 409, title: 'Guest account closed' },
  'not-your-guest': { status: 403, title: 'Not your guest' },
  'gift-tier-too-high': { status: 422, title: 'Gift tier too high' },
  'unknown-reward': { status: 422, title: 'Unknown reward' },
  'reward-locked': { status: 422, title: 'Reward locked' },
  'idempotency-key-reused': { status: 422, title: 'Idempotency key reused' },
  'peer-unavailable': { status: 503, title: 'Peer unavailable', retryAfterSeconds: 5 },
  'peer-work-limit-reached': { status: 429, title: 'Too much peer work in flight', retryAfterSeconds: 5 },
  'gift-tier-already-given': { status: 422, title: 'Gift tier already given' },
  'balance-limit-reached': { status: 422, title: 'Balance limit reached' },
  'not-before-too-far': { status: 422, title: 'Scheduled too far ahead' },
  'scheduled-command-limit-reached': { status: 422, title: 'Scheduled command limit reached' },
  'scheduled-command-not-found': { status: 404, title: 'Scheduled command not found' },
  'command-already-run': { status: 409, title: 'Command already run' },
  'command-cancelled': { status: 409, title: 'Command cancelled' },
  // The gateway's
  'customer-not-found': { status: 404, title: 'Customer not found' },
  'customer-exists': { status: 409, title: 'Customer exists' },
  'invalid-page-token': { status: 400, title: 'Invalid page token' },
  'webhook-endpoint-not-found': { status: 404, title: 'Webhook endpoint not found' },
  'webhook-endpoint-limit-reached': { status: 422, title: 'Webhook endpoint limit reached' },
  'too-many-requests': { status: 429, title: 'Too many requests', retryAfterSeconds: 1 },
  'temporal-unavailable': { status: 503, title: 'Temporal unavailable', retryAfterSeconds: 2 },
  // HTTP's
  'validation-failed': { status: 400, title: 'Validation failed' },
  unauthorized: { status: 401, title: 'Unauthorized' },
  forbidden: { status: 403, title: 'Forbidden' },
  'not-found': { status: 404, title: 'Not found' },
  'method-not-allowed': { status: 405, title: 'Method not allowed' },
  'request-timeout': { status: 408, title: 'Request timeout' },
  'payload-too-large': { status: 413, title: 'Payload too large' },
  'headers-too-large': { status: 431, title: 'Request header fields too large' },
  'unsupported-media-type': { status: 415, title: 'Unsupported media type' },
  'rate-limited': { status: 429, title: 'Rate limited', retryAfterSeconds: 1 },
  'shutting-down': { status: 503, title: 'Shutting down', retryAfterSeconds: 1 },
  'internal-error': { status: 500, title: 'Internal error' },
};

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** `type` URIs are stable names, not pages: RFC 9457 allows a non-resolvable URI. */
export function problemTypeFor(code: ProblemCode): string {
  return `urn:loyalty:problem:${code}`;
}

export const ProblemSchema = Type.Object(
  {
    type: Type.String({ description: 'URI naming the problem type: urn:loyalty:problem:<code>.' }),
    title: Type.String(),
    status: Type.Integer({ minimum: 400, maximum: 599 }),
    detail: Type.String(),
    code: Type.Enum(PROBLEM_CODES, { description: 'Stable, machine-readable reason; clients branch on it.' }),
    instance: Type.Optional(Type.String({ description: 'This occurrence: urn:uuid:<request id>.' })),
    requestId: Type.Optional(Type.String({ description: 'The request id, as in the logs and the X-Request-Id header.' })),
    errors: Type.Optional(
      Type.Array(
        Type.Object({
          location: Type.String({ description: 'Where the bad value is, e.g. body/points or querystring/limit.' }),
          message: Type.String(),
        }),
        { description: 'For validation-failed: what was wrong.' },
      ),
    ),
  },
  { $id: 'Problem', title: 'Problem', description: 'An RFC 9457 problem detail.' },
);
export type Problem = Static<typeof ProblemSchema>;

/** Thrown by routes and plugins to answer with a catalogued problem; the error handler renders it. */
export class HttpProblem extends Error {
  override name = 'HttpProblem';
  constructor(
    readonly code: ProblemCode,
    readonly detail: string,
    readonly options: { retryAfterSeconds?: number; headers?: Record<string, string>; cause?: unknown } = {},
  ) {
    super(detail, { cause: options.cause });
  }

  get status(): number {
    return PROBLEM_KINDS[this.code].status;
  }

  static fromRejection(rejection: Rejection): HttpProblem {
    return new HttpProblem(rejection.code, rejection.detail);
  }
}

export function problemBody(code: ProblemCode, detail: string, requestId?: string): Problem {
  const kind = PROBLEM_KINDS[code];
  return {
    type: problemTypeFor(code),
    title: kind.title,
    status: kind.status,
    detail,
    code,
    ...(requestId === undefined ? {} : { instance: `urn:uuid:${requestId}`, requestId }),
  };
}


