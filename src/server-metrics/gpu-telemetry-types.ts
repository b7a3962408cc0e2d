// The types of a run's GPU telemetry, for the reports: per GPU aiperf's statistics and the scrape-by-scrape series, and summary.json's shape of them.
import type { SnakeCaseKeys } from '../util/snake-case.js';
import type { GpuIdentity } from './gpu-scrape.js';
import type { GpuMetricBlock } from './gpu-stats.js';

export type { GpuIdentity } from './gpu-scrape.js';
export type { GpuMetricBlock } from './gpu-stats.js';

/** One scrape of one GPU, for the charts; a value the scrape lacked is null. */
export interface GpuTimePoint {
  /** Seconds from the start of the profiled phase (the scrape taken before it is slightly negative). */
  readonly t: number;
  readonly powerW: number | null;
  readonly utilizationPct: number | null;
}

/** One GPU of one endpoint over the profiled phase. */
export interface GpuSummary extends GpuIdentity {
  /** The DCGM endpoint scraped, as a URL (http://host:9400/metrics). */
  readonly endpoint: string;
  /** By aiperf's metric name, in its order: gauges' statistics over the profiled phase, counters' increase over it. */
  readonly metrics: Readonly<Record<string, GpuMetricBlock>>;
  /** Every scrape of the GPU, the one before the phase included. */
  readonly series: readonly GpuTimePoint[];
}

export interface GpuTelemetrySummary {
  /** The endpoints that answered, in the order tried. */
  readonly endpoints: readonly string[];
  /** Endpoints given with --gpu-telemetry that never answered (aiperf's defaults that do not answer are left out). */
  readonly unreachable: readonly string[];
  /** The profiled phase's start, and the last scrape (epoch ms). */
  readonly startEpochMs: number;
  readonly endEpochMs: number;
  readonly gpus: readonly GpuSummary[];
}

/** aiperf's power-efficiency figures over every GPU that answered; null where a figure's inputs are missing. */
export interface GpuEfficiency {
  /** The run's total output tokens, as mmload counts them (its total_output_tokens). */
  readonly outputTokens: number | null;
  /** Σ of each GPU's average power (aiperf's total_gpu_power), over `powerGpus` GPUs. */
  readonly totalGpuPowerW: number | null;
  readonly powerGpus: number;
  /** Σ of each GPU's energy-counter increase, MJ → J (aiperf's total_gpu_energy), over `energyGpus` GPUs. */
  readonly totalGpuEnergyJ: number | null;
  readonly energyGpus: number;
  /** outputTokens / totalGpuEnergyJ (aiperf's output_tokens_per_joule). */
  readonly outputTokensPerJoule: number | null;
  /** totalGpuEnergyJ × 1000 / outputTokens (aiperf's energy_per_output_token, mJ/token). */
  readonly energyPerOutputTokenMj: number | null;
}

/** summary.json's mmload.gpu_telemetry: the summary in snake_case, with the efficiency figures. */
export type GpuTelemetryJson = SnakeCaseKeys<GpuTelemetrySummary> & { readonly efficiency: SnakeCaseKeys<GpuEfficiency> };
