// Turns `mmload plan` flags into a PlanConfig: profile's workload, the cache capacities to plan, the output format.
import { gigabytes } from '../../model/engine-constants.js';
import type { CacheCapacity } from '../../plan/cache-plan.js';
import type { PlanFormat } from '../../plan/plan-report.js';
import type { WorkloadSpec } from '../../workload/workload-spec.js';
import { UsageError } from '../../util/exit-codes.js';
import { resolveProfileConfig } from '../profile/profile-config.js';
import type { ProfileFlags } from '../profile/profile-options.js';

/** The flags as yargs parsed them: profile's, plus plan's own (plan-command.ts). */
export interface PlanFlags extends ProfileFlags {
  'cache-capacity'?: string[] | undefined;
  format: PlanFormat;
}

export interface PlanConfig {
  /** What profile would send with the same flags; the model only fills the bodies. */
  readonly workload: WorkloadSpec;
  readonly capacities: readonly CacheCapacity[];
  readonly format: PlanFormat;
  /** Why the send order may differ from the order the server looks images up in; null at concurrency 1. */
  readonly orderCaveat: string | null;
}

/** Problems with profile's flags and with plan's come as one UsageError. */
export function resolvePlanConfig(flags: PlanFlags): PlanConfig {
  const problems: string[] = [];
  let profile: ReturnType<typeof resolveProfileConfig> | undefined;
  try {
    profile = resolveProfileConfig(flags, 'mmload');
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    problems.push(err.message);
  }
  // Without --cache-capacity: the embedding cache `profile --sim` would run with.
  const capacities = parseCapacities(flags['cache-capacity'] ?? [`${flags['sim-embedding-cache-gb']}GB`], problems);
  if (profile === undefined || problems.length > 0) throw new UsageError(problems.join('; '));
  const shape = profile.load.shape;
  const orderCaveat = shape.kind === 'concurrency' && shape.concurrency === 1 ? null
    : 'requests in flight together may reach the server\'s cache in another order than they were sent; the plan is exact at concurrency 1';
  return { workload: { ...profile.workload, models: profile.models.length > 0 ? profile.models : ['plan'] }, capacities, format: flags.format, orderCaveat };
}

/** Parses comma lists of capacities: an integer number of images ("500"), or gigabytes of embeddings ("2GB", "0.5 gb"). */
export function parseCapacities(values: readonly string[], problems: string[]): CacheCapacity[] {
  const capacities: CacheCapacity[] = [];
  for (const text of values.flatMap((value) => String(value).split(',')).map((part) => part.trim())) {
    const gb = /^(\d+(?:\.\d+)?|\.\d+)\s*gb$/i.exec(text);
    if (gb) capacities.push({ kind: 'bytes', bytes: gigabytes(Number(gb[1])) });
    else if (/^\d+$/.test(text)) capacities.push({ kind: 'images', images: Number(text) });
    else problems.push(`--cache-capacity takes images (500) or gigabytes (2GB), comma-separated (got "${text}")`);
  }
  return capacities;
}
