import { describe, expect, it } from 'vitest';
import { GroupCommit } from '../../src/gateway/group-commit.js';
import { fingerprintOf } from '../../src/gateway/fingerprint.js';

/** A send function whose batches the test releases by hand, recording what each carried. */
function controlledSend() {
  const batches: { key: string; items: number[]; release: () => void; fail: (error: Error) => void }[] = [];
  const send = (key: string, items: number[]) =>
    new Promise<string[]>((resolve, reject) => {
      batches.push({
        key,
        items,
        release: () => resolve(items.map((item) => `${key}:${item}`)),
        fail: reject,
      });
    });
  return { batches, send };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('group commit', () => {
  it('sends a lone request at once, as a batch of one', async () => {
    const { batches, send } = controlledSend();
    const commits = new GroupCommit({ send, maxBatchSize: 10, maxInFlightPerKey: 1 });
    const result = commits.submit('a', 1);
    await tick();
    expect(batches.map((batch) => batch.items)).toEqual([[1]]);
    batches[0]!.release();
    await expect(result).resolves.toBe('a:1');
    expect(commits.activeKeys).toBe(0);
  });

  it('coalesces requests that arrive while a batch is in flight, answering each its own result', async () => {
    const { batches, send } = controlledSend();
    const commits = new GroupCommit({ send, maxBatchSize: 10, maxInFlightPerKey: 1 });
    const results = [1, 2, 3, 4].map((item) => commits.submit('a', item));
    await tick();
    expect(batches.map((batch) => batch.items)).toEqual([[1]]);
    batches[0]!.release();
    await tick();
    expect(batches.map((batch) => batch.items)).toEqual([[1], [2, 3, 4]]);
    batches[1]!.release();
    await expect(Promise.all(results)).resolves.toEqual(['a:1', 'a:2', 'a:3', 'a:4']);
  });

  it('never exceeds the batch size or the in-flight limit, and keys do not wait on each other', async () => {
    const { batches, send } = controlledSend();
    const commits = new GroupCommit({ send, maxBatchSize: 2, maxInFlightPerKey: 2 });
    const results = [1, 2, 3, 4, 5, 6, 7].map((item) => commits.submit('a', item));
    const other = commits.submit('b', 1);
    await tick();
    expect(batches.map((batch) => [batch.key, batch.items])).toEqual([
      ['a', [1]],
      ['a', [2]],
      ['b', [1]],
    ]);
    batches[0]!.release();
    await tick();
    expect(batches[3]!.items).toEqual([3, 4]);
    for (let i = 1; i < 6; i += 1) {
      batches[i]?.release();
      await tick();
    }
    await expect(other).resolves.toBe('b:1');
    await expect(Promise.all(results)).resolves.toEqual([1, 2, 3, 4, 5, 6, 7].map((item) => `a:${item}`));
    expect(Math.max(...batches.map((batch) => batch.items.length))).toBeLessThanOrEqual(2);
  });

  it('fails every request of a failed batch, and the next batch still goes', async () => {
    const { batches, send } = controlledSend();
    const commits = new GroupCommit({ send, maxBatchSize: 10, maxInFlightPerKey: 1 });
    const first = commits.submit('a', 1);
    const second = commits.submit('a', 2);
    const third = commits.submit('a', 3);
    await tick();
    batches[0]!.fail(new Error('unavailable'));
    await expect(first).rejects.toThrow('unavailable');
    await tick();
    expect(batches[1]!.items).toEqual([2, 3]);
    batches[1]!.release();
    await expect(Promise.all([second, third])).resolves.toEqual(['a:2', 'a:3']);
  });
});

describe('command fingerprint', () => {
  it('ignores key order and absent fields, and changes with any value', () => {
    const base = fingerprintOf({ type: 'addPoints', points: 5, reason: 'order 1' });
    expect(fingerprintOf({ reason: 'order 1', points: 5, type: 'addPoints' } as never)).toBe(base);
    expect(fingerprintOf({ type: 'addPoints', points: 5, reason: 'order 1', ...{ extra: undefined } } as never)).toBe(base);
    expect(fingerprintOf({ type: 'addPoints', points: 6, reason: 'order 1' })).not.toBe(base);
    expect(fingerprintOf({ type: 'addPoints', points: 5 })).not.toBe(base);
  });
});
