// What a merged run keeps of each shard as the shard wrote it: how it ended, and its own server metrics and GPU telemetry.
import type { GpuTelemetrySummary } from '../server-metrics/gpu-telemetry-types.js';
import type { ServerMetricsSummary } from '../server-metrics/summary-types.js';
import type { RunStop } from './run-stop.js';

/** One shard of a merged run (summary.json's mmload.shards, in shard order). */
export interface ShardView {
  readonly index: number;
  readonly dir: string;
  readonly interrupted: boolean;
  readonly stopped?: RunStop | undefined;
  /** The shard's own view of the servers over its own scrape window. */
  readonly serverMetrics?: ServerMetricsSummary | undefined;
  /** The GPUs the shard's DCGM endpoints answered for, over its own window. */
  readonly gpuTelemetry?: GpuTelemetrySummary | undefined;
}
