// aiperf's --url-strategy round_robin: which server each send goes to, counted in issue order per phase.
import type { RequestRecord } from './request-record.js';

/**
 * Returns a picker: the i-th call for a phase gives target i mod `targets`. Warm-up keeps its own count, so the
 * profiled phase starts at target 0 however many warm-up requests went before.
 */
export function targetRoundRobin(targets: number): (phase: RequestRecord['phase']) => number {
  const next = { warmup: 0, profiling: 0 };
  return (phase) => {
    const target = next[phase];
    next[phase] = target + 1 === targets ? 0 : target + 1;
    return target;
  };
}
