import { Metadata, status as GRPC, type StatusObject } from '@grpc/grpc-js';
import { describe, expect, it } from 'vitest';
import { clientRetryDelay } from '../src/index.js';

const failure = (code: GRPC, details: string): StatusObject => ({ code, details, metadata: new Metadata() });
const closingRun = failure(GRPC.RESOURCE_EXHAUSTED, 'workflow is closing');

describe('clientRetryDelay', () => {
  it('sends a call a closing run turned away again within 50 ms, doubling up to a second', () => {
    expect([1, 2, 3, 4, 5, 6, 10].map((attempt) => clientRetryDelay(attempt, closingRun))).toEqual([50, 100, 200, 400, 800, 1_000, 1_000]);
  });

  it("keeps the client's own pause for a server shedding load", () => {
    // The SDK waits about 1.7 s (±20%) after the first RESOURCE_EXHAUSTED of any other kind.
    const delays = Array.from({ length: 20 }, () => clientRetryDelay(1, failure(GRPC.RESOURCE_EXHAUSTED, 'namespace rate limit exceeded')));
    for (const delay of delays) expect(delay).toBeGreaterThanOrEqual(1_000);
  });

  it("keeps the client's own pause for other failures", () => {
    const delays = Array.from({ length: 20 }, () => clientRetryDelay(1, failure(GRPC.UNAVAILABLE, 'connection refused')));
    for (const delay of delays) expect(delay).toBeGreaterThanOrEqual(50);
    expect(Math.max(...delays)).toBeLessThan(1_000);
  });
});
