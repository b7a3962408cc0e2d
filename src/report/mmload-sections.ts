// summary.json's snake_case workload and client-health sections: written from their in-memory types, read back by merge.
import type { ClientHealth } from '../client/client-health.js';
import type { WorkloadInfo } from '../workload/prepared-request.js';

export interface WorkloadJson {
  readonly image_slots: number;
  readonly distinct_images: number;
  readonly planned_hit_rate: number | null;
  readonly planned_hit_rate_definition: string;
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

export function workloadToJson(info: WorkloadInfo): WorkloadJson {
  return {
    image_slots: info.imageSlots,
    distinct_images: info.distinctImages,
    planned_hit_rate: info.plannedHitRate,
    planned_hit_rate_definition: 'share of image slots whose image appeared earlier in send order (an infinitely large cache)',
    distinct_image_bytes: info.distinctImageBytes,
    expected_isl: info.expectedIsl,
  };
}

export function workloadFromJson(json: WorkloadJson): WorkloadInfo {
  return {
    imageSlots: json.image_slots,
    distinctImages: json.distinct_images,
    plannedHitRate: json.planned_hit_rate,
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
