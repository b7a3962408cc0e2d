// The report's GPU section: per GPU its power, energy, utilisation and memory, the energy per output token, and power and utilisation over time.
import type { RunSummary } from '../../metrics/summary.js';
import { ENERGY_FIELD, MEMORY_USED_FIELD, POWER_FIELD, UTILIZATION_FIELD } from '../../server-metrics/gpu-fields.js';
import { endpointDisplay } from '../../server-metrics/metrics-url.js';
import { JOULES_PER_MEGAJOULE } from '../../server-metrics/gpu-efficiency.js';
import type { GpuSummary, GpuTimePoint } from '../../server-metrics/gpu-telemetry-types.js';
import { formatNumber } from '../../util/number-format.js';
import { gpuEfficiencyOf } from '../gpu-aiperf-sections.js';
import { escapeHtml, formatTick } from './html-text.js';
import { lineChart, type Series } from './svg-line-chart.js';
import { zeroBasedTicks } from './svg-scale.js';

/** One colour per GPU, repeating past eight. */
const GPU_COLORS = ['#2563eb', '#d97706', '#059669', '#dc2626', '#7c3aed', '#0891b2', '#be185d', '#4d7c0f'] as const;

/** Empty when no DCGM exporter answered. */
export function gpuSection(summary: RunSummary): string {
  const telemetry = summary.meta.gpuTelemetry;
  if (!telemetry || telemetry.gpus.length === 0) return '';
  const e = gpuEfficiencyOf(summary)!;
  const efficiency = e.totalGpuEnergyJ === null
    ? 'No GPU reported an energy counter (DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION).'
    : `${formatNumber(e.totalGpuEnergyJ, 1)} J over ${e.energyGpus} GPU${e.energyGpus === 1 ? '' : 's'}` +
      (e.energyPerOutputTokenMj === null ? '' : `: ${formatNumber(e.energyPerOutputTokenMj, 2)} mJ per output token, ` +
        `${formatNumber(e.outputTokensPerJoule, 3)} output tokens per joule`);
  const end = Math.max(0, ...telemetry.gpus.flatMap((gpu) => gpu.series.map((p) => p.t)));
  const chart = (id: string, title: string, yLabel: string, value: (p: GpuTimePoint) => number | null): string =>
    lineChart({ id, title, xLabel: 'seconds since the profiled phase began', yLabel, xTicks: zeroBasedTicks(end, 8, formatTick), series: perGpu(telemetry.gpus, value) });
  return `<section><h2>GPUs</h2><p data-gpu-energy>${escapeHtml(efficiency)}</p>${gpuTable(telemetry.gpus)}<div class="charts">` +
    chart('gpu-power', 'GPU power', 'W', (p) => p.powerW) +
    chart('gpu-utilization', 'GPU utilisation', '%', (p) => p.utilizationPct) +
    '</div></section>';
}

function perGpu(gpus: readonly GpuSummary[], value: (p: GpuTimePoint) => number | null): Series[] {
  return gpus.map((gpu, i) => ({
    name: `GPU ${gpu.gpuIndex}${gpus.some((other) => other.endpoint !== gpu.endpoint) ? ` (${endpointDisplay(gpu.endpoint)})` : ''}`,
    color: GPU_COLORS[i % GPU_COLORS.length]!,
    points: gpu.series.flatMap((p) => {
      const v = value(p);
      return v === null || p.t < 0 ? [] : [[p.t, v] as [number, number]];
    }),
  }));
}

function gpuTable(gpus: readonly GpuSummary[]): string {
  const avg = (gpu: GpuSummary, name: string, scale = 1): string =>
    formatNumber(gpu.metrics[name] === undefined ? null : gpu.metrics[name].avg * scale, 1);
  const head = ['GPU', 'Endpoint', 'Model', 'Power avg (W)', 'Energy (J)', 'Utilisation avg (%)', 'Memory used avg (GB)'];
  const rows = gpus.map((gpu) => [String(gpu.gpuIndex), endpointDisplay(gpu.endpoint), gpu.gpuName, avg(gpu, POWER_FIELD),
    avg(gpu, ENERGY_FIELD, JOULES_PER_MEGAJOULE), avg(gpu, UTILIZATION_FIELD), avg(gpu, MEMORY_USED_FIELD)]);
  const cells = (row: readonly string[], tag: 'th' | 'td') => row.map((cell) => `<${tag}>${escapeHtml(cell)}</${tag}>`).join('');
  return `<table data-gpus><thead><tr>${cells(head, 'th')}</tr></thead><tbody>${rows.map((row) => `<tr>${cells(row, 'td')}</tr>`).join('')}</tbody></table>`;
}
