// The scraping thread as the main thread sees it: the run's server metrics and GPU telemetry, answered through messages, never parsed here.
import { rename, rm } from 'node:fs/promises';
import { Worker } from 'node:worker_threads';
import { holdTemporary, releaseTemporary } from '../fs/temporary-files.js';
import { builtWorkerFile } from '../util/worker-file.js';
import type { ProfiledWindow, ServerMetricsData } from './collection.js';
import type { GpuTelemetrySummary } from './gpu-telemetry-types.js';
import type { FromTelemetry, TelemetryInit, TelemetryPart, ToTelemetry } from './telemetry-protocol.js';

export type { TelemetryInit } from './telemetry-protocol.js';

const WORKER_FILE = builtWorkerFile(new URL('./telemetry-worker.js', import.meta.url));

export interface CollectedServerMetrics extends ServerMetricsData {
  /** Moves the JSONL lines to `path`, whole, by rename (when hasJsonl). */
  moveJsonl(path: string): Promise<void>;
}

export interface ServerMetricsWatch {
  /** Every endpoint's first scrape has been answered or has failed, or the thread died (never rejects). */
  readonly ready: Promise<void>;
  /** Stops the scrapes, takes each endpoint's last one and sums up; null when the thread died first. */
  stop(profiled: ProfiledWindow | null): Promise<CollectedServerMetrics | null>;
}

export interface GpuTelemetryWatch {
  /** Every endpoint's first scrape (the counters' reference) is done, or the thread died (never rejects). */
  readonly ready: Promise<void>;
  /** The profiled phase starts now (this thread's performance.now() ms). */
  begin(startMs: number): void;
  /** Takes each endpoint's last scrape, closes the JSONL file and returns the summary; null when the thread died first. */
  stop(): Promise<GpuTelemetrySummary | null>;
}

export interface TelemetryWatches {
  /** null without server metrics. */
  readonly serverMetrics: ServerMetricsWatch | null;
  /** null with --no-gpu-telemetry. */
  readonly gpu: GpuTelemetryWatch | null;
}

const PART_NAMES: Record<TelemetryPart, string> = { serverMetrics: 'server metrics', gpu: 'GPU telemetry' };

/**
 * Starts one thread that scrapes what `init` names (nothing when it names nothing), so no scrape ever waits on, or
 * delays, the thread that stamps requests. A thread that fails to start or dies is one `warn` line: the run goes on
 * without what it had not handed back. It keeps the process alive only while an answer is awaited, and ends once
 * every part has stopped. The server metrics JSONL spool is removed if the process ends before it is moved.
 */
export function startTelemetryWorker(init: TelemetryInit, warn: (line: string) => void): TelemetryWatches {
  const parts = (['serverMetrics', 'gpu'] as const).filter((part) => init[part] !== null);
  if (parts.length === 0) return { serverMetrics: null, gpu: null };
  const spool = init.serverMetrics?.jsonlPath ?? null;
  if (spool !== null) holdTemporary(spool);
  const discardSpool = (): void => {
    if (spool !== null) void rm(spool, { force: true }).finally(() => releaseTemporary(spool));
  };
  const running = new Set<TelemetryPart>(parts);
  /** By `${kind}:${part}`: who waits for that message; each gets null if the thread dies first. */
  const waiting = new Map<string, (message: FromTelemetry | null) => void>();
  let worker: Worker | null = null;
  let dead = false;

  const keepAliveWhileWaiting = (): void => void (waiting.size > 0 ? worker?.ref() : worker?.unref());
  /** The thread's message `kind` about `part` (a 'failed' one answers 'stopped'); null if the thread is or goes dead first. */
  const answer = (kind: 'ready' | 'stopped', part: TelemetryPart): Promise<FromTelemetry | null> => new Promise<FromTelemetry | null>((resolve) => {
    if (dead) return resolve(null);
    waiting.set(`${kind}:${part}`, (message) => {
      waiting.delete(`${kind}:${part}`);
      resolve(message);
    });
    keepAliveWhileWaiting();
  }).finally(keepAliveWhileWaiting);
  const post = (message: ToTelemetry): void => {
    if (!dead) worker?.postMessage(message);
  };
  const die = (reason: string): void => {
    if (dead) return;
    dead = true;
    const lost = [...running].map((part) => PART_NAMES[part]).join(' and ');
    warn(`warning: the scraping thread died (${reason.split('\n')[0]}): the run goes on without ${lost}`);
    if (running.has('serverMetrics')) discardSpool();
    for (const settle of [...waiting.values()]) settle(null);
  };
  /** A part has stopped: the thread ends once every part has. */
  const stopped = async (part: TelemetryPart): Promise<void> => {
    running.delete(part);
    if (running.size > 0 || dead || worker === null) return;
    dead = true;
    worker.removeAllListeners('exit');
    await worker.terminate();
  };

  const ready = new Map(parts.map((part) => [part, answer('ready', part).then(() => undefined)]));
  try {
    worker = new Worker(WORKER_FILE, { workerData: init });
    worker.on('message', (message: FromTelemetry) => waiting.get(`${message.kind === 'failed' ? 'stopped' : message.kind}:${message.part}`)?.(message));
    // 'error' (an uncaught throw) comes just before 'exit' and says more; 'exit' alone is process.exit inside it.
    worker.on('error', (err) => die(String(err)));
    worker.on('exit', (code) => die(`exited with code ${code}`));
    keepAliveWhileWaiting();
  } catch (err) {
    die(String(err));
  }

  const serverMetrics: ServerMetricsWatch = {
    ready: ready.get('serverMetrics')!,
    async stop(profiled) {
      const reply = answer('stopped', 'serverMetrics');
      post({ kind: 'stop', part: 'serverMetrics', profiled });
      const message = await reply;
      await stopped('serverMetrics');
      if (message?.kind === 'failed') {
        discardSpool();
        throw new Error(message.message);
      }
      if (message?.kind !== 'stopped' || message.part !== 'serverMetrics') return null;
      if (!message.data.hasJsonl && spool !== null) releaseTemporary(spool);
      return {
        ...message.data,
        async moveJsonl(path) {
          try {
            await rename(spool!, path);
          } finally {
            releaseTemporary(spool!);
          }
        },
      };
    },
  };
  const gpu: GpuTelemetryWatch = {
    ready: ready.get('gpu')!,
    begin: (startMs) => post({ kind: 'begin', epochMs: performance.timeOrigin + startMs }),
    async stop() {
      const reply = answer('stopped', 'gpu');
      post({ kind: 'stop', part: 'gpu' });
      const message = await reply;
      await stopped('gpu');
      if (message?.kind === 'failed') throw new Error(message.message);
      return message?.kind === 'stopped' && message.part === 'gpu' ? message.summary : null;
    },
  };
  return { serverMetrics: init.serverMetrics === null ? null : serverMetrics, gpu: init.gpu === null ? null : gpu };
}
