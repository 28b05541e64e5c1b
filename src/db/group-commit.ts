// Group commit: writes that arrive while a batch is being written wait for it and
// then go together as the next batch, in one command per collection instead of
// a few each. An idle store costs a write no delay (a lone write is a batch of
// one); a busy one writes bigger batches. On the embedded FerretDB a command
// costs about the same for one document as for a few dozen, so many activities
// writing at once take a fraction of the round trips.

interface Pending<T> {
  item: T;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * Returns `write(item)`, which resolves once a `flush` holding the item has
 * succeeded, and rejects with its error when it failed: the caller (an
 * activity) retries its own write, which must therefore be idempotent.
 * At most `maxBatch` items go to one flush; flushes run one at a time.
 */
export function groupCommit<T>(flush: (items: T[]) => Promise<void>, maxBatch: number): (item: T) => Promise<void> {
  const queue: Pending<T>[] = [];
  let flushing = false;

  async function drain(): Promise<void> {
    flushing = true;
    while (queue.length) {
      const batch = queue.splice(0, maxBatch);
      try {
        await flush(batch.map((pending) => pending.item));
        for (const pending of batch) pending.resolve();
      } catch (error) {
        for (const pending of batch) pending.reject(error);
      }
    }
    flushing = false;
  }

  return (item) =>
    new Promise<void>((resolve, reject) => {
      queue.push({ item, resolve, reject });
      if (!flushing) void drain();
    });
}
