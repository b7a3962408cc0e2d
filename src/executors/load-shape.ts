// The load shapes a profile can run, as resolved from flags: closed loop, open-loop rates, trace replay, MLPerf.
import type { ArrivalMode } from './arrival-gaps.js';

/** The part of a trace replayed (aiperf --fixed-schedule-start-offset / --fixed-schedule-end-offset), in trace ms. */
export interface TraceWindow {
  readonly startMs: number | undefined;
  readonly endMs: number | undefined;
}

export type LoadShape =
  | { readonly kind: 'concurrency'; readonly concurrency: number }
  /** Open loop: arrivals at `rate` req/s; `cap` bounds requests in flight (undefined: none). */
  | { readonly kind: 'rate'; readonly rate: number; readonly mode: ArrivalMode; readonly smoothness: number; readonly rampMs: number; readonly cap: number | undefined }
  /** Replays the requests' own timestamps (--fixed-schedule), those inside `window` (ms, inclusive) only; its start becomes time 0. */
  | { readonly kind: 'schedule'; readonly autoOffset: boolean; readonly cap: number | undefined; readonly window?: TraceWindow }
  /** Every request issued at once, through `connections` connections. */
  | { readonly kind: 'mlperf-offline'; readonly mode: MlperfMode; readonly connections: number; readonly minDurationMs: number; readonly minQueryCount: number }
  /** Poisson arrivals at the target QPS; judged on the percentile latency from the scheduled arrival. */
  | {
      readonly kind: 'mlperf-server'; readonly mode: MlperfMode; readonly targetQps: number; readonly targetLatencyMs: number; readonly percentile: number;
      readonly minDurationMs: number; readonly minQueryCount: number; readonly cap: number | undefined;
    };

/** LoadGen's test modes: performance (timed, judged) or accuracy (every sample once, every answer logged). */
export type MlperfMode = 'performance' | 'accuracy';

/** Whether a run is an MLPerf accuracy run. */
export function isAccuracyRun(shape: LoadShape): boolean {
  return (shape.kind === 'mlperf-offline' || shape.kind === 'mlperf-server') && shape.mode === 'accuracy';
}

/** Shapes that send on a schedule of their own (rates, a trace's timestamps, MLPerf Server), not when a slot frees. */
const OPEN_LOOP: ReadonlySet<string> = new Set<LoadShape['kind']>(['rate', 'schedule', 'mlperf-server']);

/** Whether `kind` (a LoadShape's, as summary.json's mmload.load.shape records it) is an open-loop shape. */
export function isOpenLoop(kind: unknown): boolean {
  return typeof kind === 'string' && OPEN_LOOP.has(kind);
}

/** Connections the client needs so it never queues a request the load shape meant to send. */
export function connectionsFor(shape: LoadShape, requests: number): number {
  switch (shape.kind) {
    case 'concurrency': return shape.concurrency;
    case 'mlperf-offline': return Math.min(shape.connections, requests);
    default: return shape.cap ?? OPEN_LOOP_CONNECTIONS;
  }
}

/** Connection pool of an uncapped open-loop run: opened on demand, so only what the load needs exists. */
export const OPEN_LOOP_CONNECTIONS = 4096;

/** A short label for the console and the default results directory, e.g. "c64", "r50-poisson", "mlperf-server-q5". */
export function shapeLabel(shape: LoadShape): string {
  switch (shape.kind) {
    case 'concurrency': return `c${shape.concurrency}`;
    case 'rate': return `r${shape.rate}-${shape.mode}${shape.cap ? `-c${shape.cap}` : ''}`;
    case 'schedule': return 'fixed-schedule';
    case 'mlperf-offline': return 'mlperf-offline';
    case 'mlperf-server': return `mlperf-server-q${shape.targetQps}`;
  }
}
