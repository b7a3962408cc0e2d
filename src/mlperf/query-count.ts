// How many queries LoadGen issues in a performance run when nothing else says: enough for min_query_count and min_duration.
import type { LoadShape } from '../executors/load-shape.js';

/**
 * Server: the queries scheduled over min_duration at the target QPS, at least min_query_count. Offline: min_query_count
 * samples (LoadGen sizes Offline by its expected QPS too; mmload judges the duration instead). Undefined for other shapes
 * and for accuracy runs, which send every sample once.
 */
export function loadgenQueryCount(shape: LoadShape): number | undefined {
  if (shape.kind === 'mlperf-server' && shape.mode === 'performance') {
    return Math.max(shape.minQueryCount, Math.ceil((shape.targetQps * shape.minDurationMs) / 1000));
  }
  if (shape.kind === 'mlperf-offline' && shape.mode === 'performance') return shape.minQueryCount;
  return undefined;
}
