// mmload's summary.json: every metric as an aiperf metric block, the run's status and errors, then mmload's own section.
import { EXACT_PERCENTILE_LIMIT } from '../metrics/histogram.js';
import type { RunSummary } from '../metrics/summary.js';
import type { TokenSourceTally } from '../metrics/token-counts.js';
import { isoLocal } from '../util/local-time.js';
import { snakeCaseKeys } from '../util/snake-case.js';
import { metricBlocks } from './metric-blocks.js';
import { gpuEfficiencyMetrics, gpuTelemetryJson } from './gpu-aiperf-sections.js';
import { clientHealthToJson, serverMetricsToJson, totalsToJson, workloadToJson } from './mmload-sections.js';
import type { TimeSlicesJson } from './time-slice-entry.js';

/** aiperf's layout with mmload's metrics among aiperf's; an absent metric or fact is absent, never null. `timeSlices`: with --slice-duration. */
export function toSummaryJson(summary: RunSummary, timeSlices?: TimeSlicesJson): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const { tag, block } of metricBlocks(summary, () => true)) out[tag] = block;
  for (const { tag, block } of gpuEfficiencyMetrics(summary)) out[tag] = block;
  return {
    ...out,
    was_cancelled: wasCancelled(summary),
    ...(summary.startEpochMs === null ? {} : { start_time: isoLocal(summary.startEpochMs) }),
    ...(summary.endEpochMs === null ? {} : { end_time: isoLocal(summary.endEpochMs) }),
    error_summary: summary.errorSummary.map(({ code, type, message, count }) => ({
      error_details: { ...(code === null ? {} : { code }), type, message },
      count,
    })),
    mmload: mmloadJson(summary, timeSlices),
    ...(summary.meta.inputConfig === undefined ? {} : { input_config: summary.meta.inputConfig }),
  };
}

/** aiperf's was_cancelled: the run ended before its count or duration, by Ctrl-C or an early stop (aiperf's threshold abort). */
export function wasCancelled(summary: RunSummary): boolean {
  return summary.interrupted || summary.meta.stopped !== undefined;
}

/** Where mmload's section holds `mmload evaluate`'s figures: just before benchmark_duration_definition (see run/evaluate-run.ts). */
export const MLPERF_ACCURACY_KEY = 'mlperf_accuracy';

/** What aiperf's layout has no place for, its keys in snake_case as aiperf's (merge reads it back: see shard/merge-read.ts). */
function mmloadJson(summary: RunSummary, timeSlices: TimeSlicesJson | undefined): Record<string, unknown> {
  const { meta } = summary;
  const sources = (t: TokenSourceTally) => ({ server: t.server, tokenizer: t.tokenizer, unknown: t.unknown });
  const present = (entries: Record<string, unknown>) => Object.fromEntries(Object.entries(entries).filter(([, v]) => v !== undefined));
  return present({
    version: meta.version,
    model: meta.model,
    interrupted: summary.interrupted,
    stopped: meta.stopped,
    counts: summary.counts,
    osl_source: summary.tokenSources.osl.overall,
    isl_source: summary.tokenSources.isl.overall,
    token_sources: { osl: sources(summary.tokenSources.osl), isl: sources(summary.tokenSources.isl) },
    sample_counts: Object.fromEntries(Object.entries(summary.distributions).map(([tag, r]) => [tag, r.stats.count])),
    goodput_slos: meta.goodput,
    workload: meta.workload && workloadToJson(meta.workload),
    load: meta.load,
    server_metrics: meta.serverMetrics && serverMetricsToJson(meta.serverMetrics),
    gpu_telemetry: gpuTelemetryJson(summary),
    client_health: meta.clientHealth && clientHealthToJson(meta.clientHealth),
    shards: meta.shards?.map((shard) => present({
      index: shard.index,
      dir: shard.dir,
      interrupted: shard.interrupted,
      stopped: shard.stopped,
      server_metrics: shard.serverMetrics && serverMetricsToJson(shard.serverMetrics),
      gpu_telemetry: shard.gpuTelemetry && snakeCaseKeys(shard.gpuTelemetry),
    })),
    mlperf: snakeCaseKeys(meta.mlperf),
    conversations: meta.conversations,
    time_slices: timeSlices,
    simulated: meta.simulated && {
      ...snakeCaseKeys(meta.simulated),
      note: `mmload sim at speed ${meta.simulated.speed}x: measured times are that much shorter than the simulated engine's`,
    },
    [MLPERF_ACCURACY_KEY]: meta.mlperfAccuracy,
    benchmark_duration_definition: 'earliest start to latest response end (last content chunk) of the successful requests, as aiperf',
    percentiles: `exact (linear interpolation, as aiperf) up to ${EXACT_PERCENTILE_LIMIT} values, else from HDR histograms (3 significant digits); ` +
      'avg, min, max, std, count and sum are exact',
    totals: totalsToJson(summary.totals),
  });
}
