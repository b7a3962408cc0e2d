// Summarises a run's profiling records into the RunSummary that every report consumes.
import type { RequestRecord } from '../client/request-record.js';
import type { DistributionTag, ValueTag } from './catalog.js';
import type { DistributionResult, ErrorCount, ValueResult } from './metric-results.js';
import type { Slos } from './goodput.js';
import type { WorkloadInfo } from '../workload/prepared-request.js';
import type { ClientHealth } from '../client/client-health.js';
import type { AiperfRunFacts } from './aiperf-run-facts.js';
import type { ServerMetricsSummary } from '../server-metrics/summary-types.js';
import type { GpuTelemetrySummary } from '../server-metrics/gpu-telemetry-types.js';
import type { AccuracyFigures } from '../mlperf/accuracy/accuracy-report.js';
import type { ConversationSummary } from './conversation-summary.js';
import type { RunStop } from './run-stop.js';
import type { ShardView } from './shard-view.js';
import { RunTotals, type EncodedRunTotals } from './run-totals.js';
import { isOpenLoop } from '../executors/load-shape.js';
import { tallyTokenSources } from './token-counts.js';
import type { TokenCounts, TokenSourceTally } from './token-counts.js';

/** What the caller knows about the run besides its records; passed through to the reports. */
export interface SummaryMeta {
  /** The run was stopped early (Ctrl-C): aiperf's was_cancelled. */
  readonly interrupted: boolean;
  readonly model?: string;
  readonly version?: string;
  /** The resolved configuration (secrets redacted), saved as summary.json's input_config. */
  readonly inputConfig?: unknown;
  /** What profile_export_aiperf.json says about the run (its input_config, run_info, benchmark_id); needed to write it. */
  readonly aiperfRun?: AiperfRunFacts;
  /** Goodput SLOs (aiperf's --goodput); goodput is reported only when given. */
  readonly goodput?: Slos;
  /** What the workload planned: image reuse, distinct images, expected ISL. */
  readonly workload?: WorkloadInfo;
  /** The load shape and how its schedule went (see executors/load-summary.ts). */
  readonly load?: Readonly<Record<string, unknown>>;
  /** mmload's own event-loop delay and CPU use during the run, and whether it may have limited the figures. */
  readonly clientHealth?: ClientHealth;
  /** What the server's Prometheus metrics said over the profiled phase (cache hits, running/waiting, TTFT). */
  readonly serverMetrics?: ServerMetricsSummary;
  /** What the DCGM exporters said per GPU over the profiled phase; absent when no GPU answered. */
  readonly gpuTelemetry?: GpuTelemetrySummary;
  /** Why the run stopped issuing early on its own (server lost, failure threshold); absent when it did not. */
  readonly stopped?: RunStop;
  /** Merged shards (`mmload merge`): each shard as it ended, with its own server metrics and GPU telemetry. */
  readonly shards?: readonly ShardView[];
  /** The MLPerf verdict of an mlperf-offline or mlperf-server run. */
  readonly mlperf?: unknown;
  /** The MLPerf Q3VL accuracy of an accuracy run, once `mmload evaluate` has scored its log. */
  readonly mlperfAccuracy?: AccuracyFigures;
  /** A session run's sessions and per-turn figures (summary.json's mmload.conversations); absent or null without sessions. */
  readonly conversations?: ConversationSummary | null;
  /** Set when the server was mmload's own simulator (--sim), with its settings. */
  readonly simulated?: { readonly speed: number; readonly embeddingCacheGb: number; readonly maxNumSeqs: number; readonly prefixCaching: boolean };
  readonly [key: string]: unknown;
}

export interface RunSummary {
  /** Metrics with a distribution, in display order; a metric no request had is absent. */
  readonly distributions: Partial<Record<DistributionTag, DistributionResult>>;
  /** Single-value metrics; throughputs are absent when the duration is zero, error_request_count when none failed. */
  readonly values: Partial<Record<ValueTag, ValueResult>>;
  /** Profiling requests only: issued = completed + failed. */
  readonly counts: { readonly issued: number; readonly completed: number; readonly failed: number };
  /** Failures grouped by (code, type, message), most frequent first. */
  readonly errorSummary: readonly ErrorCount[];
  /** aiperf's benchmark duration: earliest start to latest response end (last content chunk) of the successful requests. */
  readonly durationSec: number | null;
  readonly startEpochMs: number | null;
  readonly endEpochMs: number | null;
  /** Where successful requests' token counts came from. */
  readonly tokenSources: { readonly osl: TokenSourceTally; readonly isl: TokenSourceTally };
  readonly interrupted: boolean;
  readonly meta: SummaryMeta;
  /** Everything above in mergeable form (histograms included): what `mmload merge` combines shards from. */
  readonly totals: EncodedRunTotals;
}

/** `counts[i]` belongs to `records[i]`. Warm-up records are dropped first; failed requests count only as errors. */
export function summarize(
  records: readonly RequestRecord[],
  counts: readonly TokenCounts[],
  meta: SummaryMeta,
  timeOrigin: number = performance.timeOrigin,
): RunSummary {
  const run = new RunTotals();
  for (let i = 0; i < records.length; i++) {
    const record = records[i]!;
    if (record.phase === 'profiling') run.add(record, counts[i]!, meta.goodput);
  }
  return summarizeTotals(run, meta, timeOrigin);
}

/** The summary of running totals, from records (above) or merged shards (timeOrigin 0: their times are epoch ms). */
export function summarizeTotals(run: RunTotals, meta: SummaryMeta, timeOrigin: number): RunSummary {
  const issued = run.completed + run.failed;
  return {
    distributions: run.distributionResults(),
    values: run.valueResults(meta.goodput !== undefined, timeOrigin, isOpenLoop(meta.load?.['shape'])),
    counts: { issued, completed: run.completed, failed: run.failed },
    errorSummary: [...run.errors.values()].sort((a, b) => b.count - a.count),
    durationSec: run.okDurationSec(),
    startEpochMs: issued > 0 ? timeOrigin + run.start : null,
    endEpochMs: issued > 0 ? timeOrigin + run.end : null,
    tokenSources: { osl: tallyTokenSources(run.oslSources), isl: tallyTokenSources(run.islSources) },
    interrupted: meta.interrupted,
    meta,
    totals: run.encode(timeOrigin),
  };
}
