// The report line that sets the server-observed image cache hit rate beside the planned one.
import type { ServerMetricsSummary } from './summary.js';

/** Observed and planned rates further apart than this, in percentage points, earn a warning. */
const TOLERANCE_POINTS = 3;

/** The line, and whether it carries the warning. */
export interface ServerCacheLine {
  readonly text: string;
  readonly warning: boolean;
}

/**
 * One line comparing server-observed and planned image hit rates (fractions, 0 to 1), with a warning when they differ
 * by more than 3 points. Reads vLLM's multimodal cache, else Dynamo's embedding cache; null when the server showed
 * neither (no /metrics, no such counters, or no image looked up during the run).
 */
export function describeServerCache(summary: ServerMetricsSummary, plannedHitRate: number | null): ServerCacheLine | null {
  const observed = observedImageHits(summary);
  if (observed === null) return null;
  const line = `Server image cache: ${percent(observed.rate)} hit rate (${observed.detail})`;
  if (plannedHitRate === null) return { text: line, warning: false };
  const apart = Math.abs(observed.rate - plannedHitRate) * 100;
  const planned = `${line}, planned ${percent(plannedHitRate)}`;
  return apart > TOLERANCE_POINTS
    ? { text: `${planned}. WARNING: ${apart.toFixed(1)} points apart; the server's cache may be off, too small, keyed differently, or serving other traffic`, warning: true }
    : { text: planned, warning: false };
}

function observedImageHits(summary: ServerMetricsSummary): { rate: number; detail: string } | null {
  const { mmCache, dynamoEmbeddingCache: dynamo } = summary;
  if (mmCache !== null && mmCache.hitRate !== null) {
    return { rate: mmCache.hitRate, detail: `${mmCache.hits} of ${mmCache.queries} items, vllm:mm_cache` };
  }
  if (dynamo !== null && dynamo.hitRate !== null) {
    return { rate: dynamo.hitRate, detail: `${dynamo.hits} of ${dynamo.hits + dynamo.misses} lookups, Dynamo embedding cache` };
  }
  return null;
}

function percent(rate: number): string {
  return `${(rate * 100).toFixed(1)}%`;
}
