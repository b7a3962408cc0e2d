// Checks that shard results are the parts of one run and combines them: totals merged exactly, run facts from the shards.
import { RunTotals } from '../metrics/run-totals.js';
import type { SummaryMeta } from '../metrics/summary.js';
import type { ClientHealth } from '../client/client-health.js';
import type { RunStop } from '../metrics/run-stop.js';
import type { ShardView } from '../metrics/shard-view.js';
import { UsageError } from '../util/exit-codes.js';
import type { ShardResult } from './merge-read.js';
import { mergedGpuTelemetry, mergedServerMetrics } from './merge-telemetry.js';

export interface MergedRun {
  /** Every shard's totals added together: counts add, histograms merge exactly, times span all shards (epoch ms). */
  readonly totals: RunTotals;
  readonly meta: SummaryMeta;
  /** The shards by index. */
  readonly shards: readonly ShardResult[];
  /** The shard whose server metrics view the merged summary carries; undefined when it carries none. */
  readonly serverMetricsShard: ShardResult | undefined;
  /** The shards' --slice-duration: the merged run's time slices come from its merged records. */
  readonly sliceDurationSec: number | undefined;
}

/**
 * Refuses (UsageError) shards of different runs (shard count, model, whole load, goodput SLOs, slice duration), a shard given twice,
 * and a missing shard unless `allowPartial` (then it warns). The meta is shard 0's (the lowest present) but for what
 * differs per shard: interrupted if any was, stopped if any was (every stopped shard named), the whole run's load with
 * the schedule tallies summed, the worst client health, server metrics and GPU telemetry counted once (merge-telemetry.ts),
 * and each shard's own ending and views.
 */
export function mergeShards(results: readonly ShardResult[], allowPartial: boolean, warn: (line: string) => void): MergedRun {
  const shards = [...results].sort((a, b) => a.shard.index - b.shard.index);
  const first = shards[0]!;
  const { count } = first.shard;
  const name = (s: ShardResult) => `${s.dir} (shard ${s.shard.index}/${s.shard.count})`;
  const differ = (s: ShardResult, what: string) => new UsageError(`${name(s)} and ${name(first)} ran different ${what}: not shards of one run`);
  for (const [i, s] of shards.entries()) {
    if (s.shard.count !== count) throw differ(s, 'shard counts');
    if (i > 0 && s.shard.index === shards[i - 1]!.shard.index) throw new UsageError(`${s.dir} and ${shards[i - 1]!.dir} are both shard ${s.shard.index}/${count}`);
    if (s.model !== first.model) throw differ(s, `models (${s.model} and ${first.model})`);
    if (JSON.stringify(s.load.shard.whole) !== JSON.stringify(first.load.shard.whole)) throw differ(s, 'loads');
    if (JSON.stringify(s.goodput ?? null) !== JSON.stringify(first.goodput ?? null)) throw differ(s, 'goodput SLOs');
    if (s.sliceDurationSec !== first.sliceDurationSec) throw differ(s, 'slice durations');
    if (s.version !== first.version) warn(`warning: ${name(s)} was written by mmload ${s.version}, ${name(first)} by ${first.version}`);
  }
  const present = new Set(shards.map((s) => s.shard.index));
  const missing = Array.from({ length: count }, (_, i) => i).filter((i) => !present.has(i));
  if (missing.length > 0) {
    const what = `shard${missing.length > 1 ? 's' : ''} ${missing.join(', ')} of ${count} missing`;
    if (!allowPartial) throw new UsageError(`${what}: give every shard's directory (or --allow-partial to merge the rest)`);
    warn(`warning: ${what}: the merged figures cover ${shards.length}/${count} of the workload and of the load`);
  }
  const totals = new RunTotals();
  for (const s of shards) {
    try {
      totals.merge(RunTotals.decode(s.totals));
    } catch (err) {
      throw new UsageError(`${s.dir}/summary.json: mmload.totals cannot be decoded: ${(err as Error).message}`);
    }
  }
  const health = mergedHealth(shards);
  const stopped = mergedStop(shards);
  const serverMetrics = mergedServerMetrics(shards, warn);
  const gpuTelemetry = mergedGpuTelemetry(shards);
  const meta: SummaryMeta = {
    interrupted: shards.some((s) => s.interrupted),
    ...(stopped ? { stopped } : {}),
    ...(first.model !== null ? { model: first.model } : {}),
    ...(first.version !== null ? { version: first.version } : {}),
    inputConfig: first.inputConfig,
    ...(first.goodput ? { goodput: first.goodput } : {}),
    ...(first.workload ? { workload: first.workload } : {}),
    load: mergedLoad(shards, missing),
    ...(health ? { clientHealth: health } : {}),
    ...(serverMetrics ? { serverMetrics } : {}),
    ...(gpuTelemetry ? { gpuTelemetry } : {}),
    shards: shards.map(shardView),
  };
  const serverMetricsShard = shards.find((s) => s.shard.index === serverMetrics?.shard);
  return { totals, meta, shards, serverMetricsShard, sliceDurationSec: first.sliceDurationSec };
}

/** The whole run's load as an unsharded run records it, the shards' schedule tallies summed, and which shards made it. */
function mergedLoad(shards: readonly ShardResult[], missing: readonly number[]): Record<string, unknown> {
  const numbers = (key: string) => shards.map((s) => s.load[key]).filter((v): v is number => typeof v === 'number');
  const late = numbers('late_beyond_window');
  const schedule = late.length === 0 ? {} : {
    catch_up_window_ms: shards[0]!.load.catch_up_window_ms,
    late_beyond_window: late.reduce((a, b) => a + b, 0),
    max_lag_ms: Math.max(...numbers('max_lag_ms')),
    unsent: numbers('unsent').reduce((a, b) => a + b, 0),
  };
  return {
    ...shards[0]!.load.shard.whole,
    ...schedule,
    shards: { count: shards[0]!.shard.count, merged: shards.map((s) => ({ index: s.shard.index, dir: s.dir })), missing },
  };
}

/** Stopped when any shard stopped early on its own: the lowest such shard's reason, and every stopped shard's message. */
function mergedStop(shards: readonly ShardResult[]): RunStop | undefined {
  const stops = shards.filter((s) => s.stopped !== undefined);
  if (stops.length === 0) return undefined;
  return {
    reason: stops[0]!.stopped!.reason,
    message: stops.map((s) => `shard ${s.shard.index} of ${s.shard.count} (${s.dir}) stopped: ${s.stopped!.message}`).join('; '),
  };
}

function shardView(s: ShardResult): ShardView {
  return { index: s.shard.index, dir: s.dir, interrupted: s.interrupted, stopped: s.stopped, serverMetrics: s.serverMetrics, gpuTelemetry: s.gpuTelemetry };
}

/** Each shard ran in its own process (often on its own machine): the worst shard's figures, the CPU they spent together, every reason. */
function mergedHealth(shards: readonly ShardResult[]): ClientHealth | undefined {
  const all = shards.filter((s) => s.clientHealth !== undefined);
  if (all.length === 0) return undefined;
  const worst = (pick: (h: ClientHealth) => number) => Math.max(...all.map((s) => pick(s.clientHealth!)));
  return {
    eventLoopDelayMs: { p50: worst((h) => h.eventLoopDelayMs.p50), p99: worst((h) => h.eventLoopDelayMs.p99), max: worst((h) => h.eventLoopDelayMs.max) },
    workerEventLoopDelayMs: all.flatMap((s) => s.clientHealth!.workerEventLoopDelayMs),
    cpuCores: worst((h) => h.cpuCores),
    cpuMs: all.reduce((sum, s) => sum + s.clientHealth!.cpuMs, 0),
    clientLimited: all.some((s) => s.clientHealth!.clientLimited),
    reasons: all.flatMap((s) => s.clientHealth!.reasons.map((reason) => `shard ${s.shard.index}: ${reason}`)),
  };
}
