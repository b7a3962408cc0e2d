// One client worker thread as the main thread sees it: started, asked for answers, and noticed however it dies.
import { Worker } from 'node:worker_threads';
import { builtWorkerFile } from '../../util/worker-file.js';
import { oneLine } from '../request-errors.js';
import type { FromWorker, ToWorker, WorkerInit } from './protocol.js';

export type RecordMessage = Extract<FromWorker, { kind: 'record' }>;
/** What a 'warm' or 'close' message is answered with. */
export type Answer = Extract<FromWorker, { kind: 'warmed' | 'closed' }>;

export interface ClientThread {
  /** From 1, as messages name it: "client worker 2". */
  readonly number: number;
  /** Why it died, once it has (it then takes no more messages); null while it lives. */
  readonly death: string | null;
  /** Hands the thread a message; a dead thread drops it. */
  post(message: ToWorker): void;
  /** Sends `message` and waits for its answer: null when the thread is or goes dead first, or gives none within `timeoutMs` (if given). */
  ask(message: ToWorker, timeoutMs?: number): Promise<Answer | null>;
  /** Terminates it, with `reason` as its death (if it is not dead already); resolves once it is gone. */
  stop(reason: string): Promise<void>;
}

/**
 * Starts client worker `number`; resolves once it is ready, rejects if it dies before. `onRecord` gets each record it
 * sends back. Its death, however it dies, shows at once in `death`: an uncaught throw or running out of memory (its
 * 'error' event), process.exit inside it (its 'exit' event), or stop(). `onGone` is called once when it has exited,
 * after every record it sent before dying has reached `onRecord` (Node delivers a worker's messages before 'exit').
 */
export function startClientThread(
  init: WorkerInit,
  onRecord: (message: RecordMessage) => void,
  onGone: (thread: ClientThread) => void,
): Promise<ClientThread> {
  const worker = new Worker(builtWorkerFile(new URL('./client-worker.js', import.meta.url)), { workerData: init });
  let death: string | null = null;
  let answer: ((message: Answer | null) => void) | null = null;
  /** Settles the promise returned, then null. */
  let starting = null as { resolve: (thread: ClientThread) => void; reject: (err: Error) => void } | null;
  const started = new Promise<ClientThread>((resolve, reject) => (starting = { resolve, reject }));
  const thread: ClientThread = {
    number: init.number,
    get death() {
      return death;
    },
    post(message) {
      if (death === null) worker.postMessage(message);
    },
    ask(message, timeoutMs) {
      if (death !== null) return Promise.resolve(null);
      return new Promise((resolve) => {
        const timer = timeoutMs === undefined ? undefined : setTimeout(() => settle(null), timeoutMs);
        const settle = (message: Answer | null): void => {
          clearTimeout(timer);
          answer = null;
          resolve(message);
        };
        answer = settle;
        worker.postMessage(message);
      });
    },
    async stop(reason) {
      die(reason);
      await worker.terminate();
    },
  };
  const die = (reason: string): void => {
    if (death !== null) return;
    death = reason;
    answer?.(null);
    starting?.reject(new Error(`client worker ${init.number} died while starting: ${reason}`));
    starting = null;
  };
  worker.on('message', (message: FromWorker) => {
    if (message.kind === 'record') onRecord(message);
    else if (message.kind === 'ready') {
      starting?.resolve(thread);
      starting = null;
    } else answer?.(message);
  });
  // 'error' (a throw, ERR_WORKER_OUT_OF_MEMORY) comes just before 'exit' and says more; 'exit' alone is process.exit.
  worker.on('error', (err) => die(oneLine(String(err))));
  worker.on('exit', (code) => {
    die(`exited with code ${code}`);
    onGone(thread);
  });
  return started;
}
