// The chat client spread over worker threads: the main thread paces, each worker runs its own pool, records come back.
import { Worker } from 'node:worker_threads';
import type { PreparedRequest } from '../../workload/prepared-request.js';
import type { ChatClient, ChatClientOptions } from '../chat-client.js';
import { createRecord } from '../new-record.js';
import type { RequestRecord } from '../request-record.js';
import { requestError } from '../request-errors.js';
import type { FromWorker, ToWorker, WorkerInit } from './protocol.js';
import type { LoopDelay } from '../../sinks/loop-delay.js';
import { shareBodies } from './shared-bodies.js';
import { monotonicOriginMs } from './thread-clock.js';
import { targetRoundRobin } from '../target-round-robin.js';

/** A ChatClient whose requests run on worker threads; closeWorkers() also gives each worker's event-loop delay. */
export interface WorkerChatClient extends ChatClient {
  closeWorkers(): Promise<LoopDelay[]>;
}

interface Thread {
  readonly worker: Worker;
  inFlight: number;
  /** Resolves the next 'warmed' or 'closed' answer. */
  answer: ((message: FromWorker) => void) | null;
}

/** A request sent to a thread and not yet answered: what its record needs should the thread die. */
interface Pending {
  readonly resolve: (record: RequestRecord) => void;
  readonly thread: Thread;
  readonly request: PreparedRequest;
  readonly phase: 'warmup' | 'profiling';
  readonly intendedMs: number | null;
}

/**
 * Starts `workers` threads, each with ⌈connections / workers⌉ connections to every target and every body of `requests`
 * in shared memory. The main thread picks each send's target, round robin in issue order, and its thread: the one with
 * the fewest requests in flight, so no thread holds more than its pool.
 */
export async function createWorkerClient(options: ChatClientOptions, workers: number, requests: Iterable<PreparedRequest>): Promise<WorkerChatClient> {
  const { bodies, slotOf } = shareBodies(requests);
  const init: WorkerInit = { ...options, connections: Math.ceil(options.connections / workers), bodies, mainOriginMs: monotonicOriginMs() };
  const pending = new Map<number, Pending>();
  const nextTarget = targetRoundRobin(options.targets.length);
  let nextId = 0;
  const threads: Thread[] = await Promise.all(Array.from({ length: workers }, () => startThread(init, (message, thread) => {
    if (message.kind === 'record') {
      const entry = pending.get(message.id)!;
      pending.delete(message.id);
      thread.inFlight--;
      entry.resolve(message.record);
    } else thread.answer?.(message);
  }, (thread, err) => {
    // A worker that dies takes its requests with it: each is recorded as failed, never lost.
    for (const [id, entry] of pending) {
      if (entry.thread !== thread) continue;
      pending.delete(id);
      const record = createRecord(entry.request.index, entry.phase, '', entry.request.bodyBytes, entry.intendedMs);
      record.error = requestError('cancelled', `the client worker thread failed: ${err.message}`);
      entry.resolve(record);
    }
  })));
  const post = (thread: Thread, message: ToWorker): void => thread.worker.postMessage(message);
  const ask = (thread: Thread, message: ToWorker): Promise<FromWorker> =>
    new Promise((resolve) => {
      thread.answer = resolve;
      post(thread, message);
    });

  async function closeWorkers(): Promise<LoopDelay[]> {
    const answers = await Promise.all(threads.map((t) => ask(t, { kind: 'close' })));
    await Promise.all(threads.map((t) => t.worker.terminate()));
    return answers.flatMap((a) => (a.kind === 'closed' ? [a.eventLoopDelayMs] : []));
  }

  return {
    send(request, phase, intendedMs = null) {
      let thread = threads[0]!;
      for (const t of threads) if (t.inFlight < thread.inFlight) thread = t;
      thread.inFlight++;
      const id = nextId++;
      return new Promise<RequestRecord>((resolve) => {
        pending.set(id, { resolve, thread, request, phase, intendedMs });
        post(thread, { kind: 'send', id, slot: slotOf.get(request)!, target: nextTarget(phase), phase, intendedMs });
      });
    },
    async warmUp(count = options.connections) {
      const answers = await Promise.all(threads.map((t) => ask(t, { kind: 'warm', count: Math.ceil(count / workers) })));
      const failed = answers.find((a) => a.kind === 'warmed' && a.error !== null);
      if (failed?.kind === 'warmed') throw new Error(failed.error!);
    },
    cancelAll(reason = 'the run was interrupted while the request was in flight') {
      for (const t of threads) post(t, { kind: 'cancel', reason });
    },
    async close() {
      await closeWorkers();
    },
    closeWorkers,
  };
}

function startThread(
  init: WorkerInit,
  onMessage: (message: FromWorker, thread: Thread) => void,
  onFailure: (thread: Thread, err: Error) => void,
): Promise<Thread> {
  const worker = new Worker(new URL('./client-worker.js', import.meta.url), { workerData: init });
  const thread: Thread = { worker, inFlight: 0, answer: null };
  return new Promise((resolve, reject) => {
    worker.on('message', (message: FromWorker) => (message.kind === 'ready' ? resolve(thread) : onMessage(message, thread)));
    worker.on('error', (err) => {
      onFailure(thread, err);
      reject(err);
    });
  });
}
