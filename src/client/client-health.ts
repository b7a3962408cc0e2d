// Watches mmload's own process during a run: event-loop delay and CPU use, so a report can say when the client limited it.
import { watchLoopDelay, type LoopDelay } from './loop-delay.js';

/** The verdict first (did the client limit the run, and why), then the figures it rests on. */
export interface ClientHealth {
  /** True when the client itself may have distorted the figures (see CLIENT_LIMITS). */
  readonly clientLimited: boolean;
  /** Why, in words, when clientLimited. */
  readonly reasons: readonly string[];
  /** Event-loop delay of the main thread over the run, ms (how late timers and I/O callbacks ran: stamps can be this late). */
  readonly eventLoopDelayMs: LoopDelay;
  /** The same for each client worker thread (--workers), which stamp the responses they read; empty without workers. */
  readonly workerEventLoopDelayMs: readonly LoopDelay[];
  /** CPU time of this process (all threads) over the run's wall time: 1.0 is one core fully busy. */
  readonly cpuCores: number;
  /** That CPU time, ms: what sending and reading the run cost mmload, before any result was computed or written. */
  readonly cpuMs: number;
}

/** Past these, timestamps and pacing are no longer trustworthy to the stated precision. */
export const CLIENT_LIMITS = { eventLoopDelayP99Ms: 10, cpuCores: 0.9 } as const;

/** Starts watching; `stop()` returns what was seen since, given what the worker threads (if any) saw. */
export function watchClientHealth(): { stop(workerDelays?: readonly LoopDelay[]): ClientHealth } {
  const delay = watchLoopDelay();
  const cpuStart = process.cpuUsage();
  const wallStart = performance.now();
  return {
    stop(workerDelays = []) {
      const eventLoopDelayMs = delay.stop();
      const cpu = process.cpuUsage(cpuStart);
      const wallMs = Math.max(1, performance.now() - wallStart);
      const cpuMs = (cpu.user + cpu.system) / 1000;
      const cpuCores = cpuMs / wallMs;
      const reasons: string[] = [];
      // Every thread that stamps, the main one first, then each worker as "worker thread k: ".
      const threadDelays: [string, LoopDelay][] = [['', eventLoopDelayMs], ...workerDelays.map((d, k): [string, LoopDelay] => [`worker thread ${k + 1}: `, d])];
      for (const [thread, { p99 }] of threadDelays) {
        if (p99 > CLIENT_LIMITS.eventLoopDelayP99Ms) {
          reasons.push(`${thread}event-loop delay p99 ${p99.toFixed(1)} ms (over ${CLIENT_LIMITS.eventLoopDelayP99Ms} ms): stamps may be that late`);
        }
      }
      // Each thread can use one core; the limit is per thread.
      const threads = 1 + workerDelays.length;
      if (cpuCores > CLIENT_LIMITS.cpuCores * threads) {
        reasons.push(`mmload used ${(cpuCores * 100).toFixed(0)}% of a core${threads > 1 ? ` over ${threads} threads` : ''}: the client may be the bottleneck`);
      }
      return { eventLoopDelayMs, workerEventLoopDelayMs: workerDelays, cpuCores, cpuMs, clientLimited: reasons.length > 0, reasons };
    },
  };
}
