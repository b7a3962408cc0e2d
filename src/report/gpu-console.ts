// The GPU telemetry lines of the end-of-run console (shown with --gpu-telemetry, as aiperf's table): a row per GPU, then energy per token.
import { ENERGY_FIELD, MEMORY_USED_FIELD, POWER_FIELD, UTILIZATION_FIELD } from '../server-metrics/gpu-fields.js';
import { endpointDisplay } from '../server-metrics/metrics-url.js';
import { JOULES_PER_MEGAJOULE, gpuEfficiency } from '../server-metrics/gpu-efficiency.js';
import type { GpuTelemetrySummary } from '../server-metrics/gpu-telemetry-types.js';
import { formatNumber } from '../util/number-format.js';

/** The reachability line, a table of power, energy, utilisation and memory per GPU, and the efficiency line. */
export function renderGpuConsole(telemetry: GpuTelemetrySummary, outputTokens: number | null): string {
  const tried = telemetry.endpoints.length + telemetry.unreachable.length;
  const reach = [
    ...telemetry.endpoints.map((url) => `${endpointDisplay(url)} ✔`),
    ...telemetry.unreachable.map((url) => `${endpointDisplay(url)} ✘ (unreachable)`),
  ];
  const title = `mmload | GPU Telemetry Summary: ${telemetry.endpoints.length}/${tried} DCGM endpoints reachable` +
    `${reach.length > 0 ? ` (${reach.join(', ')})` : ''}`;
  if (telemetry.gpus.length === 0) return `${title}\nNo GPU telemetry data collected during the benchmarking run.`;
  const value = (metrics: GpuTelemetrySummary['gpus'][number]['metrics'], name: string, scale = 1) =>
    formatNumber(metrics[name] === undefined ? null : metrics[name].avg * scale, 2);
  const header = ['GPU', 'Endpoint', 'Model', 'Power avg (W)', 'Energy (J)', 'Utilization avg (%)', 'Memory used avg (GB)'];
  const rows = telemetry.gpus.map(({ gpuIndex, endpoint, gpuName, metrics }) => [
    String(gpuIndex), endpointDisplay(endpoint), gpuName, value(metrics, POWER_FIELD), value(metrics, ENERGY_FIELD, JOULES_PER_MEGAJOULE),
    value(metrics, UTILIZATION_FIELD), value(metrics, MEMORY_USED_FIELD),
  ]);
  const widths = header.map((cell, i) => Math.max(cell.length, ...rows.map((row) => row[i]!.length)));
  const format = (row: readonly string[]) => row.map((cell, i) => (i < 3 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ');
  const e = gpuEfficiency(telemetry, outputTokens);
  const efficiency = e.totalGpuEnergyJ === null
    ? 'Energy: no energy counter (DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION) reported'
    : `Energy: ${formatNumber(e.totalGpuEnergyJ, 2)} J over ${e.energyGpus} GPU${e.energyGpus === 1 ? '' : 's'}` +
      (e.energyPerOutputTokenMj === null ? '' : `; ${formatNumber(e.energyPerOutputTokenMj, 2)} mJ per output token, ` +
        `${formatNumber(e.outputTokensPerJoule, 4)} output tokens per joule (${formatNumber(outputTokens, 0)} output tokens)`);
  return [title, format(header), ...rows.map(format), efficiency].join('\n');
}
