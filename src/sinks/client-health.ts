// Watches mmload's own process during a run: event-loop delay and CPU use, so a report can say when the client limited it.
import { monitorEventLoopDelay } from 'node:perf_hooks';

export interface ClientHealth {
  /** Event-loop delay over the run, ms (how late timers and I/O callbacks ran: stamps can be this late). */
  readonly eventLoopDelayMs: { readonly p50: number; readonly p99: number; readonly max: number };
  /** CPU time of this process over the run's wall time: 1.0 is one core fully busy. */
  readonly cpuCores: number;
  /** True when the client itself may have distorted the figures (see CLIENT_LIMITS). */
  readonly clientLimited: boolean;
  /** Why, in words, when clientLimited. */
  readonly reasons: readonly string[];
}

/** Past these, timestamps and pacing are no longer trustworthy to the stated precision. */
export const CLIENT_LIMITS = { eventLoopDelayP99Ms: 10, cpuCores: 0.9 } as const;

/** Starts watching; `stop()` returns what was seen since. */
export function watchClientHealth(): { stop(): ClientHealth } {
  const delay = monitorEventLoopDelay({ resolution: 5 });
  delay.enable();
  const cpuStart = process.cpuUsage();
  const wallStart = performance.now();
  return {
    stop() {
      delay.disable();
      const cpu = process.cpuUsage(cpuStart);
      const wallMs = Math.max(1, performance.now() - wallStart);
      const ms = (ns: number) => (Number.isFinite(ns) ? ns / 1e6 : 0);
      const eventLoopDelayMs = { p50: ms(delay.percentile(50)), p99: ms(delay.percentile(99)), max: ms(delay.max) };
      const cpuCores = (cpu.user + cpu.system) / 1000 / wallMs;
      const reasons: string[] = [];
      if (eventLoopDelayMs.p99 > CLIENT_LIMITS.eventLoopDelayP99Ms) {
        reasons.push(`event-loop delay p99 ${eventLoopDelayMs.p99.toFixed(1)} ms (over ${CLIENT_LIMITS.eventLoopDelayP99Ms} ms): stamps may be that late`);
      }
      if (cpuCores > CLIENT_LIMITS.cpuCores) reasons.push(`mmload used ${(cpuCores * 100).toFixed(0)}% of a core: the client may be the bottleneck`);
      return { eventLoopDelayMs, cpuCores, clientLimited: reasons.length > 0, reasons };
    },
  };
}
