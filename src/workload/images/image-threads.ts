// Makes images on worker threads, a couple in hand each, so the pixels' JavaScript runs on every core, not just the main thread's.
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { ImageReply } from './image-worker.js';
import { makeImage, type ImageJob } from './make-image.js';
import { builtWorkerFile } from '../../util/worker-file.js';

const WORKER_FILE = builtWorkerFile(new URL('./image-worker.js', import.meta.url));

/**
 * Fewer images than this to make are made on the calling thread: a thread's start, loading sharp and warming up its
 * JavaScript cost about 0.3 s, some 15 to 20 images made in-process (and the catalogue writer asks in batches of 16).
 */
const MIN_IMAGES_FOR_THREADS = 64;

/** Jobs handed to each thread at once: one's JavaScript runs while the other's encoding (libuv's pool) finishes. */
export const JOBS_PER_THREAD = 2;

export interface ImageMaker {
  /** The job's encoded bytes; rejects if the image cannot be made or its thread dies. */
  make(job: ImageJob): Promise<Buffer>;
  /** Ends the threads (if any); jobs still waiting reject. */
  close(): Promise<void>;
}

/** Makes every image on the calling thread. */
const inProcessMaker: ImageMaker = { make: makeImage, close: async () => {} };

/** Caps the image threads (0: make every image on the calling thread), e.g. on a machine shared with other work. */
export const IMAGE_THREADS_VARIABLE = 'MMLOAD_IMAGE_THREADS';

/**
 * Threads for making `count` images: none when they are few, or when running from source (as vitest does), where the
 * built worker could be older than the code beside it; otherwise one per core (at most $MMLOAD_IMAGE_THREADS), at most
 * one per image.
 */
export function defaultImageThreads(count: number, cores: number = availableParallelism(), env: NodeJS.ProcessEnv = process.env): number {
  if (count < MIN_IMAGES_FOR_THREADS || import.meta.url.endsWith('.ts')) return 0;
  const cap = env[IMAGE_THREADS_VARIABLE];
  const most = cap !== undefined && /^\d+$/.test(cap.trim()) ? Number(cap) : cores;
  return Math.min(most, count);
}

/** `threads` worker threads (0: the calling thread); each job goes to the thread with the fewest in hand. */
export function startImageMaker(threads: number): ImageMaker {
  if (threads <= 0) return inProcessMaker;
  const workers = Array.from({ length: threads }, () => startImageWorker());
  return {
    make: (job) => workers.reduce((a, b) => (b.pending.size < a.pending.size ? b : a)).make(job),
    close: async () => void (await Promise.all(workers.map((worker) => worker.close()))),
  };
}

interface ImageWorker extends ImageMaker {
  /** By image index: who waits for that image. */
  readonly pending: Map<number, { resolve: (bytes: Buffer) => void; reject: (err: Error) => void }>;
}

/** One thread; its death (a throw, running out of memory, exiting) rejects every job it holds and every later one. */
function startImageWorker(): ImageWorker {
  const worker = new Worker(WORKER_FILE);
  const pending: ImageWorker['pending'] = new Map();
  let failure: Error | null = null;
  const fail = (err: Error): void => {
    failure ??= err;
    for (const { reject } of pending.values()) reject(failure);
    pending.clear();
  };
  worker.on('message', (reply: ImageReply) => {
    const waiting = pending.get(reply.index);
    pending.delete(reply.index);
    if ('error' in reply) waiting?.reject(new Error(reply.error));
    else waiting?.resolve(Buffer.from(reply.bytes.buffer, reply.bytes.byteOffset, reply.bytes.byteLength));
  });
  worker.on('error', (err) => fail(new Error(`an image thread failed: ${err.message}`)));
  worker.on('exit', (code) => fail(new Error(`an image thread exited (code ${code})`)));
  return {
    pending,
    make: (job) => new Promise<Buffer>((resolve, reject) => {
      if (failure) return reject(failure);
      pending.set(job.index, { resolve, reject });
      worker.postMessage(job);
    }),
    close: async () => {
      fail(new Error('the image threads were closed'));
      await worker.terminate();
    },
  };
}
