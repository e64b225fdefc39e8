import { Metadata, status as GRPC, type StatusObject } from '@grpc/grpc-js';
import { Connection } from '@temporalio/client';
import { describe, expect, it } from 'vitest';
import { clientInterceptors, clientRetryDelay } from '../src/index.js';

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

describe('clientInterceptors', () => {
  it('retries a call no later than its deadline, which then ends it as a timeout', async () => {
    // Nothing listens on port 1: every attempt is refused at once and retried after a growing
    // pause (170 ms, 289, 491, 835, 1,420, then 2,414; ±20% each), so the sixth pause starts
    // between 2.6 and 3.9 s and, unbounded, would end 0.5 to 2.7 s past a 4 s deadline (5.6 s
    // on average); capped, the call ends at the deadline, with room here for a busy machine.
    const connection = Connection.lazy({ address: '127.0.0.1:1', interceptors: clientInterceptors() });
    try {
      const started = Date.now();
      const call = connection.withDeadline(started + 4_000, () => connection.workflowService.getSystemInfo({}));
      await expect(call).rejects.toMatchObject({ code: GRPC.DEADLINE_EXCEEDED });
      expect(Date.now() - started).toBeLessThan(4_400);
    } finally {
      await connection.close();
    }
  }, 10_000);
});
