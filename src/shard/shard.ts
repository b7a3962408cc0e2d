// --shard i/N: which shard this process is, and its share of the load (concurrency, rate and caps split N ways).
import type { LoadShape } from '../executors/load-shape.js';
import { deriveSeed } from '../util/seeded-random.js';
import type { LoadConfig } from '../executors/load-config.js';
import { loadSummary } from '../executors/load-summary.js';

/** Shard `index` (0-based) of `count`. */
export interface Shard {
  readonly index: number;
  readonly count: number;
}

/** What a shard needs to know beside its share of the load (which replaces ProfileConfig's load and concurrency). */
export interface ShardPlan extends Shard {
  /** The whole run's load and concurrency, of which this shard runs its share (kept for the summary). */
  readonly whole: { readonly load: LoadConfig; readonly concurrency: number };
  /** A constant-rate shard starts this long after --start-at (index / whole rate), so the shards' sends interleave evenly. */
  readonly startOffsetMs: number;
  /** A trace replayed with auto offset: shift the shard's timestamps by the whole trace's first, not by its own. */
  readonly rebaseTimestamps: boolean;
}

/** Set by a Kubernetes Indexed Job in each pod: the pod's completion index, read by `--shard auto/N`. */
export const JOB_INDEX_ENV = 'JOB_COMPLETION_INDEX';

/** Parses `i/N` or `auto/N` (i from $JOB_COMPLETION_INDEX); a bad value adds its problem and gives undefined. */
export function parseShard(value: string, env: NodeJS.ProcessEnv, problems: string[]): Shard | undefined {
  const match = /^(auto|\d+)\/(\d+)$/.exec(value.trim());
  if (!match) {
    problems.push(`--shard must be i/N with 0 <= i < N (e.g. 0/3), or auto/N to read i from $${JOB_INDEX_ENV} (got "${value}")`);
    return undefined;
  }
  const count = Number(match[2]);
  let index = Number(match[1]);
  if (match[1] === 'auto') {
    const fromEnv = env[JOB_INDEX_ENV]?.trim();
    if (fromEnv === undefined || !/^\d+$/.test(fromEnv)) {
      problems.push(`--shard auto/${count} reads the shard index from $${JOB_INDEX_ENV}, which is ${fromEnv === undefined ? 'not set' : `"${fromEnv}"`}`);
      return undefined;
    }
    index = Number(fromEnv);
  }
  if (count < 1 || index >= count) {
    problems.push(`--shard ${index}/${count}: N must be >= 1 and i in 0..N-1`);
    return undefined;
  }
  return { index, count };
}

/** Shard i's part of `total`: floor(total / N), plus one for the first total % N shards, so the parts sum to total. */
export function shareOf(total: number, shard: Shard): number {
  return Math.floor(total / shard.count) + (shard.index < total % shard.count ? 1 : 0);
}

/**
 * The shard's share of the load: concurrency and caps split by shareOf (a share of 0 is refused: it could send
 * nothing, and raising it to 1 would exceed the total asked for), the rate divided by N. MLPerf scenarios are refused:
 * their verdict needs every query's latency in one process.
 */
export function shardLoad(load: LoadConfig, concurrency: number, shard: Shard, problems: string[]): { load: LoadConfig; concurrency: number; plan: ShardPlan } {
  const split = (total: number): number => {
    // Every shard refuses, not only those that would get 0: the job fails as a whole, before any shard sends.
    if (total < shard.count) problems.push(`--concurrency ${total} cannot be split over ${shard.count} shards: each needs at least 1`);
    return Math.max(1, shareOf(total, shard));
  };
  const cap = (total: number | undefined): number | undefined => (total === undefined ? undefined : split(total));
  const shape = load.shape;
  let share: LoadShape = shape;
  if (shape.kind === 'concurrency') share = { ...shape, concurrency: split(shape.concurrency) };
  else if (shape.kind === 'rate') share = { ...shape, rate: shape.rate / shard.count, cap: cap(shape.cap) };
  else if (shape.kind === 'schedule') share = { ...shape, autoOffset: false, cap: cap(shape.cap) };
  else problems.push(`--shard cannot split --scenario ${shape.kind}: its verdict needs every query's latency in one process`);
  return {
    load: { ...load, shape: share },
    // Outside the closed loop, concurrency only paces the warm-up: at least 1 each.
    concurrency: share.kind === 'concurrency' ? share.concurrency : Math.max(1, shareOf(concurrency, shard)),
    plan: {
      ...shard,
      whole: { load, concurrency },
      startOffsetMs: shape.kind === 'rate' && shape.mode === 'constant' ? (shard.index * 1000) / shape.rate : 0,
      rebaseTimestamps: shape.kind === 'schedule' && shape.autoOffset,
    },
  };
}

/** The seed of a shard's arrival gaps: shard 0 keeps the run's (so 0/1 equals an unsharded run), the others get their own. */
export function shardSeed(seed: number, shard: Shard | undefined): number {
  return shard === undefined || shard.index === 0 ? seed : deriveSeed(seed, shard.index);
}

/** The summary's load record, with the shard and the whole run's load added when sharded (what `mmload merge` reports). */
export function withShard(load: Record<string, unknown>, plan: ShardPlan | undefined): Record<string, unknown> {
  if (plan === undefined) return load;
  const whole = loadSummary(plan.whole.load.shape, plan.whole.load.durationMs, null);
  return { ...load, shard: { index: plan.index, count: plan.count, whole } };
}
