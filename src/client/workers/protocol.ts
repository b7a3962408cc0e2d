// The messages between the main thread and its client worker threads (structured-cloned over MessagePorts).
import type { ChatClientOptions } from '../chat-client.js';
import type { RequestRecord } from '../request-record.js';
import type { LoopDelay } from '../loop-delay.js';
import type { SharedBodies } from './shared-bodies.js';

/** What a worker needs to start: every target, its share of each target's pool, and every request body, in shared memory. */
export interface WorkerInit extends ChatClientOptions {
  readonly bodies: SharedBodies;
  /** The main thread's monotonic origin on the process-wide clock (see thread-clock.ts). */
  readonly mainOriginMs: number;
  /** This thread's number, from 1 ("client worker 2" in messages). */
  readonly number: number;
}

/**
 * Main to worker. `slot` names a request body in SharedBodies; `target` indexes WorkerInit.targets (the main thread
 * runs the round robin, so it follows issue order across threads); times are on the main thread's clock.
 */
export type ToWorker =
  | { readonly kind: 'send'; readonly id: number; readonly slot: number; readonly target: number; readonly phase: RequestRecord['phase']; readonly intendedMs: number | null }
  | { readonly kind: 'warm'; readonly count: number }
  | { readonly kind: 'cancel'; readonly reason: string }
  | { readonly kind: 'close' };

/** Worker to main. Records come back with every time on the main thread's clock. */
export type FromWorker =
  | { readonly kind: 'ready' }
  | { readonly kind: 'record'; readonly id: number; readonly record: RequestRecord }
  | { readonly kind: 'warmed'; readonly error: string | null }
  | { readonly kind: 'closed'; readonly eventLoopDelayMs: LoopDelay };
