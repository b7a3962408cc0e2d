// summary.json's snake_case sections that merge reads back (workload, client health, server metrics, totals), from and to their in-memory types.
import type { ClientHealth } from '../client/client-health.js';
import type { EncodedRunTotals } from '../metrics/run-totals.js';
import type { ServerMetricsSummary } from '../server-metrics/summary-types.js';
import { camelCaseKeys, snakeCaseKeys, type SnakeCaseKeys } from '../util/snake-case.js';
import type { WorkloadInfo } from '../workload/prepared-request.js';

export interface WorkloadJson {
  readonly image_slots: number;
  readonly distinct_images: number;
  readonly planned_hit_rate: number | null;
  readonly planned_hit_rate_definition: string;
  /** The profiled requests the plan covers (absent before 0.2). */
  readonly planned_requests?: number;
  readonly distinct_image_bytes: number;
  readonly expected_isl: WorkloadInfo['expectedIsl'];
}

export interface ClientHealthJson {
  readonly event_loop_delay_ms: ClientHealth['eventLoopDelayMs'];
  /** Always written; absent from summaries written before worker threads and cpu_ms existed. */
  readonly worker_event_loop_delay_ms?: ClientHealth['workerEventLoopDelayMs'];
  readonly cpu_cores: number;
  readonly cpu_ms?: number;
  readonly client_limited: boolean;
  readonly reasons: readonly string[];
}

/** mm_cache.hit_rate, server_ttft.mean_ms, …: ServerMetricsSummary's names in snake_case. */
export type ServerMetricsJson = SnakeCaseKeys<ServerMetricsSummary>;

/** start_epoch_ms, total_osl, usage_compared, …: EncodedRunTotals' names in snake_case (metric tags are already). */
export type TotalsJson = SnakeCaseKeys<EncodedRunTotals>;

export function workloadToJson(info: WorkloadInfo): WorkloadJson {
  return {
    image_slots: info.imageSlots,
    distinct_images: info.distinctImages,
    planned_hit_rate: info.plannedHitRate,
    planned_hit_rate_definition: 'share of image slots whose image appeared earlier in send order (an infinitely large cache)',
    ...(info.plannedRequests === undefined ? {} : { planned_requests: info.plannedRequests }),
    distinct_image_bytes: info.distinctImageBytes,
    expected_isl: info.expectedIsl,
  };
}

export function workloadFromJson(json: WorkloadJson): WorkloadInfo {
  return {
    imageSlots: json.image_slots,
    distinctImages: json.distinct_images,
    plannedHitRate: json.planned_hit_rate,
    ...(json.planned_requests === undefined ? {} : { plannedRequests: json.planned_requests }),
    distinctImageBytes: json.distinct_image_bytes,
    expectedIsl: json.expected_isl,
  };
}

export function clientHealthToJson(health: ClientHealth): ClientHealthJson {
  return {
    event_loop_delay_ms: health.eventLoopDelayMs,
    worker_event_loop_delay_ms: health.workerEventLoopDelayMs,
    cpu_cores: health.cpuCores,
    cpu_ms: health.cpuMs,
    client_limited: health.clientLimited,
    reasons: health.reasons,
  };
}

export function clientHealthFromJson(json: ClientHealthJson): ClientHealth {
  return {
    eventLoopDelayMs: json.event_loop_delay_ms,
    workerEventLoopDelayMs: json.worker_event_loop_delay_ms ?? [],
    cpuCores: json.cpu_cores,
    cpuMs: json.cpu_ms ?? 0,
    clientLimited: json.client_limited,
    reasons: json.reasons,
  };
}

export function serverMetricsToJson(summary: ServerMetricsSummary): ServerMetricsJson {
  return snakeCaseKeys(summary);
}

/** Also reads a summary written before the snake_case names (their camelCase names are left as they are). */
export function serverMetricsFromJson(json: ServerMetricsJson): ServerMetricsSummary {
  return camelCaseKeys<ServerMetricsSummary>(json);
}

/** The top level's names only: below it are metric tags, already snake_case, and long arrays of values. */
export function totalsToJson(totals: EncodedRunTotals): TotalsJson {
  return snakeCaseKeys(totals, 1);
}

/** Also reads totals written before the snake_case names. */
export function totalsFromJson(json: TotalsJson): EncodedRunTotals {
  return camelCaseKeys<EncodedRunTotals>(json, 1);
}
