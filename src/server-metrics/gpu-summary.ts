// A run's GPU telemetry built up scrape by scrape: per GPU a column per field, then aiperf's statistics over the profiled phase.
import { GPU_FIELDS, POWER_FIELD, UTILIZATION_FIELD } from './gpu-fields.js';
import type { GpuIdentity, GpuReading } from './gpu-scrape.js';
import { counterBlock, gaugeBlock, type GpuMetricBlock } from './gpu-stats.js';
import type { GpuSummary, GpuTelemetrySummary, GpuTimePoint } from './gpu-telemetry-types.js';

/** One GPU's scrapes: when each arrived (performance.now() ms) and a column per field, NaN where a scrape lacked it. */
interface GpuTrack {
  readonly endpoint: string;
  readonly identity: GpuIdentity;
  readonly times: number[];
  readonly columns: Map<string, number[]>;
}

/** Feeds on scrapes in arrival order; a GPU is known by its endpoint and UUID, as aiperf keys it. */
export class GpuTelemetryTally {
  private startMs: number | null = null;
  private lastMs: number | null = null;
  private readonly tracks = new Map<string, GpuTrack>();

  /** The profiled phase starts now: scrapes before it count only as the counters' reference. */
  begin(startMs: number): void {
    this.startMs = startMs;
  }

  add(endpoint: string, readings: readonly GpuReading[], receivedMs: number): void {
    this.lastMs = receivedMs;
    for (const { identity, values } of readings) {
      const key = JSON.stringify([endpoint, identity.gpuUuid]);
      let track = this.tracks.get(key);
      if (track === undefined) {
        track = { endpoint, identity, times: [], columns: new Map(GPU_FIELDS.map((f) => [f.name, []])) };
        this.tracks.set(key, track);
      }
      track.times.push(receivedMs);
      for (const [name, column] of track.columns) column.push(values.get(name) ?? Number.NaN);
    }
  }

  /** The summary, with `endpoints` those that answered and `unreachable` the given ones that never did. */
  summary(endpoints: readonly string[], unreachable: readonly string[]): GpuTelemetrySummary {
    const startMs = this.startMs ?? this.lastMs ?? performance.now();
    return {
      endpoints,
      unreachable,
      startEpochMs: performance.timeOrigin + startMs,
      endEpochMs: performance.timeOrigin + (this.lastMs ?? startMs),
      gpus: [...this.tracks.values()].map((track) => gpuSummary(track, this.startMs)),
    };
  }
}

function gpuSummary(track: GpuTrack, startMs: number | null): GpuSummary {
  const inPhase = (i: number) => startMs === null || track.times[i]! >= startMs;
  const metrics: Record<string, GpuMetricBlock> = {};
  for (const field of GPU_FIELDS) {
    const column = track.columns.get(field.name)!;
    const present = column.flatMap((value, i) => (Number.isNaN(value) ? [] : [{ value, during: inPhase(i) }]));
    const during = present.filter((p) => p.during).map((p) => p.value);
    if (during.length === 0) continue;
    const before = present.filter((p) => !p.during);
    metrics[field.name] = field.counter
      ? counterBlock(field.unit, before.length > 0 ? before[before.length - 1]!.value : during[0]!, during[during.length - 1]!)
      : gaugeBlock(field.unit, during);
  }
  const power = track.columns.get(POWER_FIELD)!;
  const utilization = track.columns.get(UTILIZATION_FIELD)!;
  const origin = startMs ?? track.times[0]!;
  const series: GpuTimePoint[] = track.times.map((ms, i) => ({
    t: Math.round(ms - origin) / 1000,
    powerW: Number.isNaN(power[i]!) ? null : power[i]!,
    utilizationPct: Number.isNaN(utilization[i]!) ? null : utilization[i]!,
  }));
  return { endpoint: track.endpoint, ...track.identity, metrics, series };
}
