// A TextCounter whose tokenizer runs in a worker thread, so counting never delays the thread that stamps responses.
import { Worker } from 'node:worker_threads';
import type { CountReply, CountRequest, CountWorkerInit } from './count-protocol.js';
import type { TextCounter } from './text-counter.js';
import { builtWorkerFile } from '../util/worker-file.js';

/** Starts the worker and resolves once its tokenizer has loaded (rejects with the loading error). */
export async function workerTextCounter(tokenizerPath: string | undefined): Promise<TextCounter> {
  const worker = new Worker(builtWorkerFile(new URL('./count-worker.js', import.meta.url)), { workerData: { tokenizerPath } satisfies CountWorkerInit });
  const pending = new Map<number, { resolve: (count: number) => void; reject: (err: Error) => void }>();
  let nextId = 0;
  let failure: Error | null = null;
  const fail = (err: Error): void => {
    failure = err;
    for (const { reject } of pending.values()) reject(err);
    pending.clear();
  };
  const ready = new Promise<void>((resolve, reject) => {
    worker.on('message', (reply: CountReply) => {
      if (reply.id === -1) return reply.error === undefined ? resolve() : reject(new Error(reply.error));
      pending.get(reply.id)?.resolve(reply.count);
      pending.delete(reply.id);
    });
    worker.on('error', (err) => {
      fail(err);
      reject(err);
    });
    worker.on('exit', (code) => fail(new Error(`the token-counting thread exited (code ${code})`)));
  });
  await ready;
  const ask = (kind: CountRequest['kind'], texts: readonly string[]): Promise<number> => {
    if (failure) return Promise.reject(failure);
    const id = nextId++;
    return new Promise<number>((resolve, reject) => {
      pending.set(id, { resolve, reject });
      worker.postMessage({ id, kind, texts } satisfies CountRequest);
    });
  };
  return {
    countPrompt: (texts) => ask('prompt', texts),
    countText: (text) => ask('text', [text]),
    close: async () => {
      worker.removeAllListeners('exit');
      await worker.terminate();
    },
  };
}
