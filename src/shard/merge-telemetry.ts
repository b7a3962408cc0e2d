// Merges shards' server metrics and GPU telemetry without counting a server or a GPU twice: one shard's view of each, the widest.
import { copyFile, access } from 'node:fs/promises';
import { join } from 'node:path';
import { serverMetricsFileNames } from '../report/aiperf-file-names.js';
import type { ArtifactFile } from '../report/write-artifacts.js';
import type { GpuSummary, GpuTelemetrySummary } from '../server-metrics/gpu-telemetry-types.js';
import type { ServerMetricsSummary } from '../server-metrics/summary-types.js';
import type { ShardResult } from './merge-read.js';

/**
 * Shards of one run scrape the same servers over nearly the same time, so their counter increases overlap: adding them
 * would count the server's work up to N times, and a union of their windows cannot be rebuilt from the increases each
 * kept. A merged figure is therefore one shard's view, marked with its `shard` index; every shard's own view stays in
 * summary.json's mmload.shards.
 */
export type FromShard<T> = T & { readonly shard: number };

/**
 * The server metrics of the shard whose scrapes span the longest time, when every shard that scraped named the same
 * endpoints (the usual case: one --url for all). Shards that scraped different endpoints have no one view that is the
 * servers' (each shard's figures are summed over its own endpoints, not kept per endpoint): none is returned, and `warn` says so.
 */
export function mergedServerMetrics(shards: readonly ShardResult[], warn: (line: string) => void): FromShard<ServerMetricsSummary> | undefined {
  const scraped = shards.filter((s) => s.serverMetrics !== undefined);
  if (scraped.length === 0) return undefined;
  const endpointSets = new Set(scraped.map((s) => endpointsOf(s.serverMetrics!)));
  if (endpointSets.size > 1) {
    warn('warning: the shards scraped different server metrics endpoints, so no one shard\'s view is the servers\': ' +
      'the merged summary has no mmload.server_metrics; each shard\'s own is in mmload.shards');
    return undefined;
  }
  const widest = scraped.reduce((best, s) => (scrapeSpanS(s.serverMetrics!) > scrapeSpanS(best.serverMetrics!) ? s : best));
  return { ...widest.serverMetrics!, shard: widest.shard.index };
}

/**
 * Every GPU any shard saw, once, by its UUID (a GPU seen through two endpoints, or by shards on two machines, is one
 * GPU): the view of the shard whose scrapes of it span the longest time, its series rebased onto the earliest shard's
 * start. Endpoints are those any shard reached; unreachable, those none did.
 */
export function mergedGpuTelemetry(shards: readonly ShardResult[]): GpuTelemetrySummary | undefined {
  const seen = shards.filter((s) => s.gpuTelemetry !== undefined);
  if (seen.length === 0) return undefined;
  const startEpochMs = Math.min(...seen.map((s) => s.gpuTelemetry!.startEpochMs));
  const chosen = new Map<string, FromShard<GpuSummary>>();
  for (const s of seen) {
    const offsetMs = s.gpuTelemetry!.startEpochMs - startEpochMs;
    for (const gpu of s.gpuTelemetry!.gpus) {
      const key = gpu.gpuUuid !== '' ? gpu.gpuUuid : JSON.stringify([gpu.endpoint, gpu.gpuIndex]);
      const held = chosen.get(key);
      if (held !== undefined && seriesSpanS(held) >= seriesSpanS(gpu)) continue;
      chosen.set(key, { ...gpu, shard: s.shard.index, series: gpu.series.map((p) => ({ ...p, t: Math.round(p.t * 1000 + offsetMs) / 1000 })) });
    }
  }
  const endpoints = [...new Set(seen.flatMap((s) => s.gpuTelemetry!.endpoints))];
  return {
    endpoints,
    unreachable: [...new Set(seen.flatMap((s) => s.gpuTelemetry!.unreachable))].filter((url) => !endpoints.includes(url)),
    startEpochMs,
    endEpochMs: Math.max(...seen.map((s) => s.gpuTelemetry!.endEpochMs)),
    gpus: [...chosen.values()],
  };
}

/**
 * The server metrics files (server_metrics_export.json, .csv, .jsonl) that `shard` wrote, to be copied under aiperf's
 * default names: the files of the shard whose view the merged summary carries.
 */
export async function serverMetricsFileCopies(shard: ShardResult): Promise<ArtifactFile[]> {
  const from = serverMetricsFileNames(shard.exportPrefix);
  const to = serverMetricsFileNames(undefined);
  const copies: ArtifactFile[] = [];
  for (const format of ['json', 'csv', 'jsonl'] as const) {
    const source = join(shard.dir, from[format]);
    if (await access(source).then(() => true, () => false)) copies.push({ name: to[format], write: (path) => copyFile(source, path) });
  }
  return copies;
}

/** The endpoints a view scraped, as one comparable string. */
function endpointsOf(summary: ServerMetricsSummary): string {
  return [...new Set(summary.endpoints?.map((e) => e.url) ?? [summary.url])].sort().join(' ');
}

/** Seconds from a view's first answered scrape to its last, over its endpoints; -1 when none answered. */
function scrapeSpanS(summary: ServerMetricsSummary): number {
  let first = Number.POSITIVE_INFINITY;
  let last = Number.NEGATIVE_INFINITY;
  for (const { timeline } of summary.endpoints ?? []) {
    if (timeline.t.length === 0) continue;
    first = Math.min(first, timeline.t[0]!);
    last = Math.max(last, timeline.t.at(-1)!);
  }
  return last >= first ? last - first : -1;
}

/** Seconds from a GPU's first scrape to its last. */
function seriesSpanS(gpu: GpuSummary): number {
  return gpu.series.length === 0 ? -1 : gpu.series.at(-1)!.t - gpu.series[0]!.t;
}
