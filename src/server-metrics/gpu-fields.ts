// The DCGM exporter fields aiperf reads per GPU: its metric names (schema 1.5's nvidia_*), display names, units and scaling.

/** How aiperf reports one DCGM field. */
export interface GpuField {
  /** The DCGM exporter's series name (a `_total` suffix on the wire is read as the same field). */
  readonly dcgm: string;
  /** aiperf's metric name in telemetry_data and gpu_telemetry_export.jsonl. */
  readonly name: string;
  /** aiperf's display name (console and CSV rows: "<display> (<unit>)"). */
  readonly display: string;
  readonly unit: string;
  /** Multiplies the exporter's value into `unit` (mJ → MJ, MiB → GB, ratio → %, ns → µs). */
  readonly scale: number;
  /** A cumulative counter: reported as its increase over the run (avg only), not as statistics. */
  readonly counter: boolean;
}

const field = (dcgm: string, name: string, display: string, unit: string, scale = 1, counter = false): GpuField =>
  ({ dcgm, name, display, unit, scale, counter });

/** In aiperf's order (its GPU_TELEMETRY_METRICS_CONFIG, NVIDIA part; JPEG utilisation has no DCGM field). */
export const GPU_FIELDS: readonly GpuField[] = [
  field('DCGM_FI_DEV_POWER_USAGE', 'nvidia_power_usage', 'NVIDIA GPU Power Usage', 'W'),
  field('DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION', 'nvidia_energy_consumption', 'NVIDIA Energy Consumption', 'MJ', 1e-9, true),
  field('DCGM_FI_DEV_GPU_UTIL', 'nvidia_gpu_utilization', 'NVIDIA GPU Utilization', '%'),
  field('DCGM_FI_DEV_MEM_COPY_UTIL', 'nvidia_memory_utilization', 'NVIDIA Memory Utilization', '%'),
  field('DCGM_FI_DEV_FB_USED', 'nvidia_memory_used', 'NVIDIA GPU Memory Used', 'GB', 1.048576e-3),
  field('DCGM_FI_DEV_GPU_TEMP', 'nvidia_temperature', 'NVIDIA GPU Temperature', '°C'),
  field('DCGM_FI_PROF_SM_ACTIVE', 'nvidia_sm_utilization', 'NVIDIA SM Utilization', '%', 100),
  field('DCGM_FI_DEV_DEC_UTIL', 'nvidia_decoder_utilization', 'NVIDIA Decoder Utilization', '%'),
  field('DCGM_FI_DEV_ENC_UTIL', 'nvidia_encoder_utilization', 'NVIDIA Encoder Utilization', '%'),
  field('DCGM_FI_DEV_XID_ERRORS', 'nvidia_xid_errors', 'NVIDIA XID Errors', 'count', 1, true),
  field('DCGM_FI_DEV_POWER_VIOLATION', 'nvidia_power_violation', 'NVIDIA Power Violation', 'us', 1e-3, true),
];

/** The fields the report charts and the efficiency figures read. */
export const POWER_FIELD = 'nvidia_power_usage';
export const ENERGY_FIELD = 'nvidia_energy_consumption';
export const UTILIZATION_FIELD = 'nvidia_gpu_utilization';
export const MEMORY_USED_FIELD = 'nvidia_memory_used';

/** aiperf's platform tag of DCGM-collected GPUs. */
export const NVIDIA_PLATFORM = 'nvidia';

/** The endpoints aiperf always tries (its AIPERF_GPU_DEFAULT_DCGM_ENDPOINTS), before any given with --gpu-telemetry. */
export const DEFAULT_DCGM_ENDPOINTS: readonly string[] = ['http://localhost:9400/metrics', 'http://localhost:9401/metrics'];

/** aiperf's collection interval (AIPERF_GPU_COLLECTION_INTERVAL, 0.333 s). */
export const GPU_SCRAPE_INTERVAL_MS = 333;
