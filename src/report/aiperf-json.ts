// The summary as aiperf's profile_export_aiperf.json: metrics keyed by tag, run status, errors, mmload's own keys.
import { DISTRIBUTION_METRICS } from '../metrics/catalog.js';
import type { DistributionTag, ValueTag } from '../metrics/catalog.js';
import type { DistributionResult, RunSummary, ValueResult } from '../metrics/summary.js';
import type { TokenSourceTally } from '../metrics/token-counts.js';
import { clientHealthToJson, workloadToJson } from './mmload-sections.js';

/** aiperf's key order within a distribution metric. */
const JSON_STAT_ORDER = ['avg', 'p1', 'p5', 'p10', 'p25', 'p50', 'p75', 'p90', 'p95', 'p99', 'min', 'max', 'std'] as const;

/** Single-value metrics written among the metrics; the goodput and error ones sit in their own section below. */
const LEADING_VALUES: readonly ValueTag[] = [
  'request_throughput',
  'achieved_request_rate',
  'output_token_throughput',
  'total_token_throughput',
  'benchmark_duration',
  'request_count',
  'total_isl',
  'total_osl',
];

export function toAiperfJson(summary: RunSummary): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const tag of Object.keys(DISTRIBUTION_METRICS) as DistributionTag[]) {
    const result = summary.distributions[tag];
    if (result && tag !== 'error_isl') out[tag] = distributionJson(result);
  }
  for (const tag of LEADING_VALUES) {
    const result = summary.values[tag];
    if (result) out[tag] = valueJson(result);
  }
  const valueOrNull = (tag: ValueTag): unknown => {
    const result = summary.values[tag];
    return result ? valueJson(result) : null;
  };
  const errorIsl = summary.distributions.error_isl;
  Object.assign(out, {
    was_cancelled: summary.interrupted,
    start_time: summary.startEpochMs === null ? null : isoLocal(summary.startEpochMs),
    end_time: summary.endEpochMs === null ? null : isoLocal(summary.endEpochMs),
    error_summary: summary.errorSummary.map(({ code, type, message, count }) => ({
      error_details: { code, type, message },
      count,
    })),
    goodput: valueOrNull('goodput'),
    good_request_count: valueOrNull('good_request_count'),
    error_request_count: valueOrNull('error_request_count'),
    error_isl: errorIsl ? distributionJson(errorIsl) : null,
    total_error_isl: valueOrNull('total_error_isl'),
    mmload: mmloadJson(summary),
    input_config: summary.meta.inputConfig ?? {},
  });
  return out;
}

function distributionJson({ unit, stats }: DistributionResult): Record<string, unknown> {
  const out: Record<string, unknown> = { unit };
  for (const key of JSON_STAT_ORDER) out[key] = stats[key];
  return out;
}

function valueJson({ unit, value }: ValueResult): Record<string, unknown> {
  return { unit, avg: value };
}

/** What aiperf's layout has no place for; aiperf readers ignore unknown keys. */
function mmloadJson(summary: RunSummary): Record<string, unknown> {
  const sources = (t: TokenSourceTally) => ({ server: t.server, tokenizer: t.tokenizer, unknown: t.unknown });
  return {
    version: summary.meta.version ?? null,
    model: summary.meta.model ?? null,
    interrupted: summary.interrupted,
    counts: summary.counts,
    osl_source: summary.tokenSources.osl.overall,
    isl_source: summary.tokenSources.isl.overall,
    token_sources: { osl: sources(summary.tokenSources.osl), isl: sources(summary.tokenSources.isl) },
    sample_counts: Object.fromEntries(Object.entries(summary.distributions).map(([tag, r]) => [tag, r.stats.count])),
    goodput_slos: summary.meta.goodput ?? null,
    workload: summary.meta.workload ? workloadToJson(summary.meta.workload) : null,
    load: summary.meta.load ?? null,
    server_metrics: summary.meta.serverMetrics ?? null,
    client_health: summary.meta.clientHealth ? clientHealthToJson(summary.meta.clientHealth) : null,
    mlperf: summary.meta.mlperf ?? null,
    simulated: summary.meta.simulated
      ? { ...summary.meta.simulated, note: `mmload sim at speed ${summary.meta.simulated.speed}x: measured times are that much shorter than the simulated engine's` }
      : null,
    benchmark_duration_definition:
      'earliest request start to latest response end (last content chunk of a success, failure time of a failure)',
    percentiles: 'from HDR histograms (3 significant digits); avg, min, max and std are exact',
    totals: summary.totals,
  };
}

/** Local wall-clock time without a zone, microsecond digits always present: "2025-10-17T20:22:08.939332". */
export function isoLocal(epochMs: number): string {
  const micros = Math.round(epochMs * 1000);
  const date = new Date(Math.floor(micros / 1000));
  const pad = (n: number, width = 2) => String(n).padStart(width, '0');
  const fraction = pad(date.getMilliseconds() * 1000 + (micros % 1000), 6);
  return (
    `${pad(date.getFullYear(), 4)}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}` +
    `T${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}.${fraction}`
  );
}
