// Min, max, mean and LoadGen's floor-index percentiles of a set of latencies.
import { floorIndexOfSorted, sortedCopy } from './percentile.js';
import { LATENCY_PERCENTILES } from './verdict-types.js';
import type { LatencyPercentileLabel, LatencySummaryMs } from './verdict-types.js';

/** Summarises latencies in ms; an empty set gives zeros, as LoadGen leaves its figures when nothing completed. */
export function summariseLatencies(latenciesMs: readonly number[]): LatencySummaryMs {
  const sorted = sortedCopy(latenciesMs);
  const percentilesMs = {} as Record<LatencyPercentileLabel, number>;
  for (const [label, p] of LATENCY_PERCENTILES) percentilesMs[label] = sorted.length === 0 ? 0 : floorIndexOfSorted(sorted, p);
  if (sorted.length === 0) return { count: 0, minMs: 0, maxMs: 0, meanMs: 0, percentilesMs };
  let sum = 0;
  for (const value of sorted) sum += value;
  return {
    count: sorted.length,
    minMs: sorted[0] as number,
    maxMs: sorted[sorted.length - 1] as number,
    meanMs: sum / sorted.length,
    percentilesMs,
  };
}
