// aiperf's power-efficiency figures from a run's GPU telemetry and its output tokens: total power and energy, tokens per joule, energy per token.
import { ENERGY_FIELD, POWER_FIELD } from './gpu-fields.js';
import type { GpuEfficiency, GpuTelemetrySummary } from './gpu-telemetry-types.js';

export const JOULES_PER_MEGAJOULE = 1e6;

/**
 * Energy is the energy counter's increase over the profiled phase, summed over the GPUs that report it (MJ → J);
 * power the sum of each GPU's average; tokens per joule = output tokens / energy, energy per output token =
 * energy × 1000 / output tokens in mJ. A figure is null when its energy or tokens are missing or zero.
 */
export function gpuEfficiency(telemetry: GpuTelemetrySummary, outputTokens: number | null): GpuEfficiency {
  const power = telemetry.gpus.flatMap((gpu) => gpu.metrics[POWER_FIELD]?.avg ?? []);
  const energy = telemetry.gpus.flatMap((gpu) => gpu.metrics[ENERGY_FIELD]?.avg ?? []);
  const totalGpuEnergyJ = energy.length === 0 ? null : energy.reduce((sum, mj) => sum + mj, 0) * JOULES_PER_MEGAJOULE;
  const usable = totalGpuEnergyJ !== null && totalGpuEnergyJ > 0 && outputTokens !== null && outputTokens > 0;
  return {
    outputTokens,
    totalGpuPowerW: power.length === 0 ? null : power.reduce((sum, w) => sum + w, 0),
    powerGpus: power.length,
    totalGpuEnergyJ,
    energyGpus: energy.length,
    outputTokensPerJoule: usable ? outputTokens / totalGpuEnergyJ : null,
    energyPerOutputTokenMj: usable ? (totalGpuEnergyJ * 1000) / outputTokens : null,
  };
}
