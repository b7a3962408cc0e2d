// Runs image tasks a few at a time (sharp works on libuv's thread pool) and stops the queue at the first failure.
import pLimit from 'p-limit';
import { pipelinesInFlight } from './image-options.js';

/** Results of task(0) … task(count - 1) in index order, `concurrency` at a time; rejects with the first error, and queued tasks never start. */
export async function runLimited<T>(count: number, task: (i: number) => Promise<T>, concurrency: number = pipelinesInFlight()): Promise<T[]> {
  const limit = pLimit({ concurrency, rejectOnClear: true });
  try {
    return await limit.map(Array.from({ length: count }, (_, i) => i), task);
  } catch (err) {
    limit.clearQueue();
    throw err;
  }
}
