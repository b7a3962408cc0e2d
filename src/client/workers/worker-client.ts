// The chat client spread over worker threads: the main thread paces, each worker runs its own pool, records come back.
import type { PreparedRequest } from '../../workload/prepared-request.js';
import type { ChatClient, ChatClientOptions } from '../chat-client.js';
import { createRecord } from '../new-record.js';
import type { RequestRecord } from '../request-record.js';
import { requestError } from '../request-errors.js';
import type { WorkerInit } from './protocol.js';
import type { LoopDelay } from '../loop-delay.js';
import { shareBodies } from './shared-bodies.js';
import { monotonicOriginMs } from './thread-clock.js';
import { targetRoundRobin } from '../target-round-robin.js';
import { startClientThread, type ClientThread } from './client-thread.js';

/** A ChatClient whose requests run on worker threads; closeWorkers() also gives each worker's event-loop delay. */
export interface WorkerChatClient extends ChatClient {
  closeWorkers(): Promise<LoopDelay[]>;
}

/** A client worker thread that died during the run, as the run is told of it. */
export interface ThreadDeath {
  /** "client worker 2 died: <reason>", as its requests' records say. */
  readonly message: string;
  /** Threads still alive; at 0 every later send fails at once. */
  readonly left: number;
}

/** How long a thread may take to settle its requests once cancelled, before it is taken for stuck and terminated. */
const CANCEL_ANSWER_MS = 2_000;
/** How long a thread may take to answer 'close' before it is terminated unanswered. */
const CLOSE_ANSWER_MS = 5_000;

/** A request sent to a thread and not yet answered: what its record needs should the thread die. */
interface Pending {
  readonly resolve: (record: RequestRecord) => void;
  readonly thread: ClientThread;
  readonly request: PreparedRequest;
  readonly phase: 'warmup' | 'profiling';
  readonly intendedMs: number | null;
  /** When the main thread handed it over. */
  readonly sentMs: number;
}

/**
 * Starts `workers` threads, each with ⌈connections / workers⌉ connections to every target and every body of `requests`
 * in shared memory. The main thread picks each send's target, round robin in issue order, and its thread: the live one
 * with the fewest requests in flight, so no thread holds more than its pool. A thread that dies leaves the rotation at
 * once, its requests in flight are recorded as failed with its reason, and `onDeath` is told; with none left, sends
 * fail at once. Neither a cancel nor closing ever waits for ever on a thread that is dead or stuck.
 */
export async function createWorkerClient(
  options: ChatClientOptions, workers: number, requests: Iterable<PreparedRequest>, onDeath: (death: ThreadDeath) => void = () => {},
): Promise<WorkerChatClient> {
  const { bodies, slotOf } = shareBodies(requests);
  const init: Omit<WorkerInit, 'number'> = { ...options, connections: Math.ceil(options.connections / workers), bodies, mainOriginMs: monotonicOriginMs() };
  const pending = new Map<number, Pending>();
  /** Requests in flight per thread, by thread number − 1. */
  const inFlight: number[] = new Array<number>(workers).fill(0);
  const nextTarget = targetRoundRobin(options.targets.length);
  let nextId = 0;
  let running = false;

  const onRecord = ({ id, record }: { id: number; record: RequestRecord }): void => {
    const entry = pending.get(id)!;
    pending.delete(id);
    inFlight[entry.thread.number - 1]!--;
    entry.resolve(record);
  };
  const onGone = (thread: ClientThread): void => {
    // Every request it still held is recorded as failed, never lost: completed + failed stays = issued.
    const message = `client worker ${thread.number} died: ${thread.death}`;
    for (const [id, entry] of pending) {
      if (entry.thread !== thread) continue;
      pending.delete(id);
      entry.resolve(lostRecord(entry, message));
    }
    inFlight[thread.number - 1] = 0;
    if (!running) return;
    onDeath({ message, left: threads.filter((t) => t.death === null).length });
  };
  const started = await Promise.allSettled(Array.from({ length: workers }, (_, k) => startClientThread({ ...init, number: k + 1 }, onRecord, onGone)));
  const threads = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  const failed = started.find((s) => s.status === 'rejected');
  const diedEarly = threads.find((t) => t.death !== null);
  if (failed || diedEarly) {
    await Promise.all(threads.map((t) => t.stop('another client worker failed to start')));
    throw failed ? failed.reason : new Error(`client worker ${diedEarly!.number} died while starting: ${diedEarly!.death}`);
  }
  running = true;

  async function closeWorkers(): Promise<LoopDelay[]> {
    running = false;
    const answers = await Promise.all(threads.map(async (t) => {
      const answer = await t.ask({ kind: 'close' }, CLOSE_ANSWER_MS);
      await t.stop(answer ? 'closed' : `terminated: it did not answer close within ${CLOSE_ANSWER_MS / 1000} s`);
      return answer;
    }));
    return answers.flatMap((a) => (a?.kind === 'closed' ? [a.eventLoopDelayMs] : []));
  }

  return {
    send(request, phase, intendedMs = null) {
      let thread: ClientThread | null = null;
      for (const t of threads) {
        if (t.death === null && (thread === null || inFlight[t.number - 1]! < inFlight[thread.number - 1]!)) thread = t;
      }
      const sentMs = performance.now();
      if (thread === null) return Promise.resolve(lostRecord({ request, phase, intendedMs, sentMs }, everyDeath(threads)));
      return new Promise<RequestRecord>((resolve) => {
        const id = nextId++;
        inFlight[thread.number - 1]!++;
        pending.set(id, { resolve, thread, request, phase, intendedMs, sentMs });
        thread.post({ kind: 'send', id, slot: slotOf.get(request)!, target: nextTarget(phase), phase, intendedMs });
      });
    },
    async warmUp(count = options.connections) {
      // A thread that dies meanwhile answers null: the run goes on with the rest, as it would later.
      const answers = await Promise.all(threads.map((t) => t.ask({ kind: 'warm', count: Math.ceil(count / workers) })));
      if (threads.every((t) => t.death !== null)) throw new Error(everyDeath(threads));
      const failed = answers.find((a) => a?.kind === 'warmed' && a.error !== null);
      if (failed?.kind === 'warmed') throw new Error(failed.error!);
    },
    cancelAll(reason = 'the run was interrupted while the request was in flight') {
      const cancelled = nextId;
      for (const t of threads) t.post({ kind: 'cancel', reason });
      // A live thread settles them at once; one that still holds any after a while is stuck (a busy loop): terminating
      // it settles them as failed, so a cancel always ends.
      setTimeout(() => {
        const stuck = new Set<ClientThread>();
        for (const [id, entry] of pending) if (id < cancelled) stuck.add(entry.thread);
        for (const t of stuck) void t.stop(`terminated: its requests were still in flight ${CANCEL_ANSWER_MS / 1000} s after they were cancelled`);
      }, CANCEL_ANSWER_MS).unref();
    },
    async close() {
      await closeWorkers();
    },
    closeWorkers,
  };
}

/** Why nothing can be sent any more: "every client worker died (client worker 1: <reason>; client worker 2: <reason>)". */
function everyDeath(threads: readonly ClientThread[]): string {
  return `every client worker died (${threads.map((t) => `client worker ${t.number}: ${t.death}`).join('; ')})`;
}

/** The record of a request its thread never answered: failed as a client error, from its hand-over to now. */
function lostRecord({ request, phase, intendedMs, sentMs }: Omit<Pending, 'resolve' | 'thread'>, message: string): RequestRecord {
  const record = { ...createRecord(request.index, phase, '', request.bodyBytes, intendedMs, undefined, request.imageIds), startMs: sentMs };
  record.error = requestError('client_error', message);
  return record;
}
