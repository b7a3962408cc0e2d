// The report lines that set the server-observed image cache hit rate beside the planned one, over the run and per time slice.
import type { WorkloadInfo } from '../workload/prepared-request.js';
import type { CacheCounts, ServerMetricsSummary, ServerSlice } from './summary-types.js';

/** Observed and planned rates further apart than this, in percentage points, earn a warning. */
const TOLERANCE_POINTS = 3;
/**
 * A slice warns only past this many image lookups: the server looks an image up when it admits the request, a little
 * after the client started it, so requests near a slice's edge land in the next slice's counts, and a few lookups
 * apart move a small slice's rate by many points.
 */
const MIN_SLICE_LOOKUPS = 200;

/** The line, and whether it carries the warning. */
export interface ServerCacheLine {
  readonly text: string;
  readonly warning: boolean;
}

/**
 * The planned image hit rate a run's server figure compares with: the rate as the run actually sent its images
 * (`asSent`, from the time slices' planned hits) when known; else the workload's plan when the run sent exactly its
 * planned requests; else none (a duration run wrapping around re-sends images, one cut short sent part of the plan).
 */
export function comparablePlannedRate(workload: WorkloadInfo | undefined, issued: number, asSent: number | null): number | null {
  if (asSent !== null) return asSent;
  if (!workload || workload.plannedHitRate === null) return null;
  return workload.plannedRequests === undefined || issued === workload.plannedRequests ? workload.plannedHitRate : null;
}

/**
 * One line comparing server-observed and planned image hit rates (fractions, 0 to 1), with a warning when they differ
 * by more than 3 points. Reads vLLM's multimodal cache, else Dynamo's embedding cache; null when the server showed
 * neither (no /metrics, no such counters, or no image looked up during the run).
 */
export function describeServerCache(summary: ServerMetricsSummary, plannedHitRate: number | null): ServerCacheLine | null {
  const observed = observedImageHits(summary);
  return observed === null ? null : compared('Server image cache', observed, plannedHitRate);
}

/**
 * The same per time slice (vLLM's multimodal cache): one line per slice in which images were looked up, its planned
 * rate from `plannedBySlice` (slice key → planned hit rate) when known; a slice of fewer than MIN_SLICE_LOOKUPS
 * lookups never warns. Empty without slices.
 */
export function describeServerCacheSlices(summary: ServerMetricsSummary, plannedBySlice: ReadonlyMap<number, number> | null): ServerCacheLine[] {
  const lines: ServerCacheLine[] = [];
  for (const slice of summary.slices ?? []) {
    const observed = mmObserved(slice.mmCache);
    if (observed === null) continue;
    const line = compared(`Server image cache ${sliceName(slice)}`, observed, plannedBySlice?.get(slice.key) ?? null);
    lines.push(slice.mmCache!.queries >= MIN_SLICE_LOOKUPS ? line : { ...line, text: line.text.replace(/\. WARNING: .*$/, ''), warning: false });
  }
  return lines;
}

function compared(what: string, observed: { rate: number; detail: string }, plannedHitRate: number | null): ServerCacheLine {
  const line = `${what}: ${percent(observed.rate)} hit rate (${observed.detail})`;
  if (plannedHitRate === null) return { text: line, warning: false };
  const apart = Math.abs(observed.rate - plannedHitRate) * 100;
  const planned = `${line}, planned ${percent(plannedHitRate)}`;
  return apart > TOLERANCE_POINTS
    ? { text: `${planned}. WARNING: ${apart.toFixed(1)} points apart; the server's cache may be off, too small, keyed differently, or serving other traffic`, warning: true }
    : { text: planned, warning: false };
}

function observedImageHits(summary: ServerMetricsSummary): { rate: number; detail: string } | null {
  const { dynamoEmbeddingCache: dynamo } = summary;
  const mm = mmObserved(summary.mmCache);
  if (mm !== null) return mm;
  if (dynamo !== null && dynamo.hitRate !== null) {
    return { rate: dynamo.hitRate, detail: `${dynamo.hits} of ${dynamo.hits + dynamo.misses} lookups, Dynamo embedding cache` };
  }
  return null;
}

function mmObserved(mmCache: CacheCounts | null): { rate: number; detail: string } | null {
  return mmCache === null || mmCache.hitRate === null ? null : { rate: mmCache.hitRate, detail: `${mmCache.hits} of ${mmCache.queries} items, vllm:mm_cache` };
}

/** "0–5 s", from the slice's clipped bounds in seconds since the profiled phase started. */
export function sliceName(slice: ServerSlice): string {
  return `${formatSeconds(slice.startS)}–${formatSeconds(slice.endS)} s`;
}

function formatSeconds(s: number): string {
  return Number.isInteger(s) ? String(s) : s.toFixed(1);
}

/** A hit rate (0 to 1) as "66.7%". */
export function percent(rate: number): string {
  return `${(rate * 100).toFixed(1)}%`;
}
