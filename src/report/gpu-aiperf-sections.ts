// A run's GPU telemetry as aiperf writes it: telemetry_data, the CSV's GPU section, the power-efficiency metrics; and summary.json's mmload.gpu_telemetry.
import type { RunSummary } from '../metrics/summary.js';
import { GPU_FIELDS, NVIDIA_PLATFORM } from '../server-metrics/gpu-fields.js';
import { endpointDisplay } from '../server-metrics/metrics-url.js';
import { gpuEfficiency } from '../server-metrics/gpu-efficiency.js';
import type { GpuEfficiency, GpuSummary, GpuTelemetryJson, GpuTelemetrySummary } from '../server-metrics/gpu-telemetry-types.js';
import { isoLocal } from '../util/local-time.js';
import { camelCaseKeys, snakeCaseKeys } from '../util/snake-case.js';
import type { MetricBlock } from './metric-blocks.js';

/** An aiperf metric that is not one of mmload's catalog: its tag, its CSV row name (header and unit) and its JSON block. */
export interface ExtraMetric {
  readonly tag: string;
  readonly rowName: string;
  readonly block: MetricBlock;
}

/** The run's efficiency figures, or null when no GPU answered. */
export function gpuEfficiencyOf(summary: RunSummary): GpuEfficiency | null {
  const telemetry = summary.meta.gpuTelemetry;
  return telemetry ? gpuEfficiency(telemetry, summary.values.total_output_tokens?.value ?? null) : null;
}

/**
 * aiperf's power-efficiency metrics, each present when computable: total_gpu_power, total_gpu_energy and
 * output_tokens_per_joule (headers end with the GPU count, as aiperf's), and energy_per_output_token in mJ/token.
 */
export function gpuEfficiencyMetrics(summary: RunSummary): ExtraMetric[] {
  const e = gpuEfficiencyOf(summary);
  if (e === null) return [];
  const gpus = (n: number) => `(${n} GPU${n === 1 ? '' : 's'})`;
  const metric = (tag: string, header: string, unit: string, value: number | null): ExtraMetric[] =>
    value === null ? [] : [{ tag, rowName: `${header} (${unit})`, block: { unit, avg: value } }];
  return [
    ...metric('total_gpu_power', `Total GPU Power ${gpus(e.powerGpus)}`, 'W', e.totalGpuPowerW),
    ...metric('total_gpu_energy', `Total GPU Energy ${gpus(e.energyGpus)}`, 'J', e.totalGpuEnergyJ),
    ...metric('output_tokens_per_joule', `Output Tokens per Joule ${gpus(e.energyGpus)}`, 'tokens/J', e.outputTokensPerJoule),
    ...metric('energy_per_output_token', 'Energy Per Output Token', 'mJ/token', e.energyPerOutputTokenMj),
  ];
}

/** profile_export_aiperf.json's telemetry_data: endpoints by their display name, GPUs as gpu_<index>, absent labels left out. */
export function telemetryDataJson(telemetry: GpuTelemetrySummary): Record<string, unknown> {
  const endpoints: Record<string, { gpus: Record<string, unknown> }> = {};
  for (const gpu of telemetry.gpus) {
    const endpoint = (endpoints[endpointDisplay(gpu.endpoint)] ??= { gpus: {} });
    endpoint.gpus[`gpu_${gpu.gpuIndex}`] = {
      gpu_index: gpu.gpuIndex,
      gpu_name: gpu.gpuName,
      gpu_uuid: gpu.gpuUuid,
      platform: NVIDIA_PLATFORM,
      ...(gpu.hostname === undefined ? {} : { hostname: gpu.hostname }),
      ...(gpu.namespace === undefined ? {} : { namespace: gpu.namespace }),
      ...(gpu.podName === undefined ? {} : { pod_name: gpu.podName }),
      metrics: gpu.metrics,
    };
  }
  return {
    summary: {
      endpoints_configured: telemetry.endpoints,
      endpoints_successful: telemetry.endpoints,
      start_time: isoLocal(telemetry.startEpochMs),
      end_time: isoLocal(telemetry.endEpochMs),
    },
    endpoints,
  };
}

/** The CSV's GPU section (aiperf's third): a row per GPU per metric, the optional label columns when some GPU has them. */
export function gpuCsvRows(telemetry: GpuTelemetrySummary, statKeys: readonly string[], format: (value: number) => string): string[][] {
  const optional = ([['Hostname', 'hostname'], ['Namespace', 'namespace'], ['Pod Name', 'podName']] as const)
    .filter(([, key]) => telemetry.gpus.some((gpu) => gpu[key] !== undefined));
  const rows: string[][] = [['Endpoint', 'GPU_Index', 'GPU_Name', 'GPU_UUID', 'Platform', 'Metric', ...statKeys, ...optional.map(([header]) => header)]];
  for (const gpu of telemetry.gpus) {
    for (const field of GPU_FIELDS) {
      const block = gpu.metrics[field.name];
      if (block === undefined) continue;
      const stats = statKeys.map((key) => {
        const value = (block as Readonly<Record<string, string | number>>)[key];
        return typeof value === 'number' ? format(value) : '';
      });
      rows.push([endpointDisplay(gpu.endpoint), String(gpu.gpuIndex), gpu.gpuName, gpu.gpuUuid, NVIDIA_PLATFORM, `${field.display} (${field.unit})`,
        ...stats, ...optional.map(([, key]) => String(gpu[key as keyof GpuSummary] ?? 'None'))]);
    }
  }
  return rows;
}

/** summary.json's mmload.gpu_telemetry read back (`mmload report`): the efficiency figures are recomputed, metric names kept. */
export function gpuTelemetryFromJson(json: GpuTelemetryJson): GpuTelemetrySummary {
  const { efficiency: _recomputed, gpus, ...rest } = json;
  return {
    ...camelCaseKeys<Omit<GpuTelemetrySummary, 'gpus'>>(rest),
    gpus: gpus.map(({ metrics, ...gpu }) => ({ ...camelCaseKeys<Omit<GpuSummary, 'metrics'>>(gpu), metrics })),
  };
}

/** summary.json's mmload.gpu_telemetry: every GPU's statistics and series, and the efficiency figures. */
export function gpuTelemetryJson(summary: RunSummary): GpuTelemetryJson | undefined {
  const telemetry = summary.meta.gpuTelemetry;
  return telemetry && { ...snakeCaseKeys(telemetry), efficiency: snakeCaseKeys(gpuEfficiencyOf(summary)!) };
}
