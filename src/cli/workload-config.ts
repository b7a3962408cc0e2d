// Resolves workload flags against a preset and the command's defaults: explicit flag > preset > default.
import { parsePopularity } from '../workload/reuse-plan.js';
import type { Preset } from '../workload/presets.js';
import type { GeneratedWorkloadSpec } from '../workload/workload-spec.js';
import type { WorkloadFlags } from './workload-options.js';

/** A command's own defaults for what neither a flag nor a preset sets. */
export interface WorkloadDefaults {
  readonly requests: number;
  readonly imagesPerRequest: number;
  /** Hit rate when neither a pool nor a hit rate is given; undefined means every image distinct. */
  readonly hitRate: number | undefined;
  readonly userTextTokens: number;
}

/** Problems are pushed to `problems` (reported together by the caller). */
export function resolveGeneratedSpec(flags: WorkloadFlags, preset: Preset | undefined, defaults: WorkloadDefaults, requestCount: number | undefined, problems: string[]): GeneratedWorkloadSpec {
  const check = (name: string, value: number | undefined, ok: (v: number) => boolean, rule: string): number | undefined => {
    if (value !== undefined && !ok(value)) problems.push(`--${name} must be ${rule} (got ${value})`);
    return value;
  };
  const integerAtLeast = (min: number) => (v: number) => Number.isInteger(v) && v >= min;
  const requests = requestCount ?? preset?.requests ?? defaults.requests;
  const k = check('images-per-request', flags['images-per-request'], integerAtLeast(0), 'an integer >= 0') ?? preset?.imagesPerRequest ?? defaults.imagesPerRequest;
  const pool = check('images-pool', flags['images-pool'], integerAtLeast(1), 'an integer >= 1');
  const hitRate = check('cache-hit-rate', flags['cache-hit-rate'], (v) => v >= 0 && v < 1, 'in [0, 1)');
  if (pool !== undefined && hitRate !== undefined) problems.push('give --images-pool or --cache-hit-rate, not both');
  // An explicit pool or hit rate replaces the preset's reuse setting, whichever kind it is.
  const explicitReuse = pool !== undefined || hitRate !== undefined;
  const reusePool = explicitReuse ? pool : preset?.pool;
  const reuseRate = explicitReuse ? hitRate : preset ? preset.hitRate : defaults.hitRate;

  const size = flags['image-size'];
  if (size !== undefined && (size.length !== 2 || !size.every(integerAtLeast(1)))) problems.push(`--image-size takes a width and a height in pixels (got ${size.join(' ')})`);
  const width = check('image-width-mean', flags['image-width-mean'], integerAtLeast(1), 'an integer >= 1') ?? size?.[0] ?? preset?.imageWidth ?? 512;
  const height = check('image-height-mean', flags['image-height-mean'], integerAtLeast(1), 'an integer >= 1') ?? size?.[1] ?? preset?.imageHeight ?? 512;

  let popularity: GeneratedWorkloadSpec['popularity'] = { kind: 'uniform' };
  try {
    popularity = parsePopularity(flags['image-popularity'] ?? 'uniform') ?? popularity;
  } catch (err) {
    problems.push((err as Error).message);
  }
  return {
    requests,
    imagesPerRequest: k,
    pool: k === 0 ? undefined : reusePool ?? (reuseRate === undefined ? requests * k : undefined),
    hitRate: k === 0 || reusePool !== undefined ? undefined : reuseRate,
    popularity,
    imageWidth: width,
    imageHeight: height,
    imageFormat: (flags['image-format'] ?? 'jpeg') as GeneratedWorkloadSpec['imageFormat'],
    imageStyle: (flags['image-style'] ?? 'photo') as GeneratedWorkloadSpec['imageStyle'],
    imageSource: flags['image-source'],
    userTextTokens: check('user-text-tokens', flags['user-text-tokens'], integerAtLeast(1), 'an integer >= 1') ?? preset?.userTextTokens ?? defaults.userTextTokens,
  };
}
