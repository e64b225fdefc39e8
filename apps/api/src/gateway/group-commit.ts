/**
 * Group commit: requests for the same key (a customer) that arrive while that key already has
 * `maxInFlight` batches on the way are queued, and leave together as the next batch. A quiet
 * customer's request goes out at once as a batch of one; a busy customer's requests share
 * round trips, which keeps the actor under Temporal's per-workflow update limits (10 in
 * flight, 2,000 per run) and raises throughput roughly by the batch size.
 */
export interface GroupCommitOptions<Item, Result> {
  /** Sends one batch for one key; must answer one result per item, in order, or throw for all. */
  send: (key: string, items: Item[]) => Promise<Result[]>;
  maxBatchSize: number;
  maxInFlightPerKey: number;
}

interface Waiting<Item, Result> {
  item: Item;
  resolve: (result: Result) => void;
  reject: (error: unknown) => void;
}

interface Lane<Item, Result> {
  inFlight: number;
  queue: Waiting<Item, Result>[];
}

export class GroupCommit<Item, Result> {
  readonly #lanes = new Map<string, Lane<Item, Result>>();

  constructor(private readonly options: GroupCommitOptions<Item, Result>) {}

  submit(key: string, item: Item): Promise<Result> {
    return new Promise<Result>((resolve, reject) => {
      const lane = this.#lanes.get(key) ?? { inFlight: 0, queue: [] };
      this.#lanes.set(key, lane);
      lane.queue.push({ item, resolve, reject });
      this.#dispatch(key, lane);
    });
  }

  /** Keys with work queued or in flight: a measure of how busy the gateway is. */
  get activeKeys(): number {
    return this.#lanes.size;
  }

  #dispatch(key: string, lane: Lane<Item, Result>): void {
    while (lane.inFlight < this.options.maxInFlightPerKey && lane.queue.length > 0) {
      const batch = lane.queue.splice(0, this.options.maxBatchSize);
      lane.inFlight += 1;
      void this.#send(key, lane, batch);
    }
  }

  async #send(key: string, lane: Lane<Item, Result>, batch: Waiting<Item, Result>[]): Promise<void> {
    try {
      const results = await this.options.send(
        key,
        batch.map((waiting) => waiting.item),
      );
      batch.forEach((waiting, index) => waiting.resolve(results[index]!));
    } catch (error) {
      for (const waiting of batch) waiting.reject(error);
    } finally {
      lane.inFlight -= 1;
      if (lane.inFlight === 0 && lane.queue.length === 0) this.#lanes.delete(key);
      else this.#dispatch(key, lane);
    }
  }
}
