// Resolves workload flags against a preset and the command's defaults: explicit flag > preset > default.
import type { Draw } from '../../workload/draw.js';
import type { Sampling } from '../../workload/entry-sampling.js';
import type { ImageStyle } from '../../workload/images/index.js';
import { parsePopularity } from '../../workload/reuse-plan.js';
import { PRESETS, type Preset } from '../../workload/presets.js';
import type { GeneratedWorkloadSpec, ImageFormatChoice } from '../../workload/workload-spec.js';
import type { WorkloadFlags } from './workload-options.js';

/** A command's own defaults for what neither a flag nor a preset sets. */
export interface WorkloadDefaults {
  /** Requests sent when neither --request-count nor a preset sets them. */
  readonly requests: number;
  readonly imagesPerRequest: number;
  /** Hit rate when neither a pool nor a hit rate is given; undefined means every image distinct. */
  readonly hitRate: number | undefined;
  readonly userTextTokens: number;
  /** 0: no images unless a width and a height are given (aiperf's CLI reference). */
  readonly imageWidth: number;
  readonly imageHeight: number;
  readonly imageFormat: ImageFormatChoice;
  readonly imageStyle: ImageStyle;
  /** Entries without --num-dataset-entries: 'requests' (one per request), or a number, replaced by an explicit --request-count (aiperf). */
  readonly entries: 'requests' | number;
  readonly sampling: Sampling;
}

const SCENARIO_A = PRESETS['scenario-a'];

/** The bare command's defaults: Scenario A's shape (3 photo-like 512×512 JPEGs, 20% reuse, 4,300 user tokens), one entry per request, in order. */
export const MMLOAD_DEFAULTS: WorkloadDefaults = {
  requests: SCENARIO_A.requests, imagesPerRequest: SCENARIO_A.imagesPerRequest, hitRate: SCENARIO_A.hitRate,
  userTextTokens: SCENARIO_A.userTextTokens, imageWidth: SCENARIO_A.imageWidth, imageHeight: SCENARIO_A.imageHeight,
  imageFormat: 'jpeg', imageStyle: 'photo', entries: 'requests', sampling: 'sequential',
};

/** aiperf's distinct dataset entries when neither --num-dataset-entries nor --request-count sets them. */
export const AIPERF_ENTRIES = 100;

/**
 * aiperf 0.8.0's CLI reference: 550 user tokens; no images unless width and height are given, then 1 distinct
 * noise PNG per request; 100 entries (or --request-count's), shuffled. `requests` is a placeholder: pass the
 * run's default request count.
 */
export const AIPERF_DEFAULTS: WorkloadDefaults = {
  requests: 10, imagesPerRequest: 1, hitRate: undefined, userTextTokens: 550, imageWidth: 0, imageHeight: 0,
  imageFormat: 'png', imageStyle: 'noise', entries: AIPERF_ENTRIES, sampling: 'shuffle',
};

/** aiperf's default tokens per mooncake_trace hash id. */
const DEFAULT_BLOCK_SIZE = 512;

/** `requestCount`: an explicit --request-count. Problems are pushed to `problems` (reported together by the caller). */
export function resolveGeneratedSpec(flags: WorkloadFlags, preset: Preset | undefined, defaults: WorkloadDefaults, requestCount: number | undefined, problems: string[]): GeneratedWorkloadSpec {
  const check = (name: string, value: number | undefined, ok: (v: number) => boolean, rule: string): number | undefined => {
    if (value !== undefined && !ok(value)) problems.push(`--${name} must be ${rule} (got ${value})`);
    return value;
  };
  const integerAtLeast = (min: number) => (v: number) => Number.isInteger(v) && v >= min;
  const atLeastZero = (v: number) => Number.isFinite(v) && v >= 0;
  const stddev = (name: 'image-width-stddev' | 'image-height-stddev' | 'isl-stddev') => check(name, flags[name], atLeastZero, 'a number >= 0') ?? 0;

  const requests = requestCount ?? preset?.requests ?? defaults.requests;
  const entries = check('num-dataset-entries', flags['num-dataset-entries'], integerAtLeast(1), 'an integer >= 1')
    ?? (defaults.entries === 'requests' ? requests : requestCount ?? defaults.entries);
  const askedImages = check('images-per-request', flags['images-per-request'], integerAtLeast(0), 'an integer >= 0');
  const pool = check('images-pool', flags['images-pool'], integerAtLeast(1), 'an integer >= 1');
  const hitRate = check('cache-hit-rate', flags['cache-hit-rate'], (v) => v >= 0 && v < 1, 'in [0, 1)');
  if (pool !== undefined && hitRate !== undefined) problems.push('give --images-pool or --cache-hit-rate, not both');
  // An explicit pool or hit rate replaces the preset's reuse setting, whichever kind it is.
  const explicitReuse = pool !== undefined || hitRate !== undefined;
  const reusePool = explicitReuse ? pool : preset?.pool;
  const reuseRate = explicitReuse ? hitRate : preset ? preset.hitRate : defaults.hitRate;

  const size = flags['image-size'];
  if (size !== undefined && (size.length !== 2 || !size.every(integerAtLeast(1)))) problems.push(`--image-size takes a width and a height in pixels (got ${size.join(' ')})`);
  const widthFlag = check('image-width-mean', flags['image-width-mean'], atLeastZero, 'a number >= 0');
  const heightFlag = check('image-height-mean', flags['image-height-mean'], atLeastZero, 'a number >= 0');
  const imageWidth: Draw = { mean: widthFlag ?? size?.[0] ?? preset?.imageWidth ?? defaults.imageWidth, stddev: stddev('image-width-stddev') };
  const imageHeight: Draw = { mean: heightFlag ?? size?.[1] ?? preset?.imageHeight ?? defaults.imageHeight, stddev: stddev('image-height-stddev') };
  // aiperf sends images only when both sides are > 0; asking for images without both is a mistake, not a quiet text-only run.
  const sized = imageWidth.mean > 0 && imageHeight.mean > 0;
  if (!sized && ((askedImages ?? 0) > 0 || (widthFlag ?? 0) > 0 || (heightFlag ?? 0) > 0)) {
    problems.push('images need a width and a height above 0: give --image-width-mean and --image-height-mean (or --image-size)');
  }
  const k = sized ? askedImages ?? preset?.imagesPerRequest ?? defaults.imagesPerRequest : 0;

  const { imageStyle, imageSource } = resolveImageSource(flags, defaults, problems);
  let popularity: GeneratedWorkloadSpec['popularity'] = { kind: 'uniform' };
  try {
    popularity = parsePopularity(flags['image-popularity'] ?? 'uniform') ?? popularity;
  } catch (err) {
    problems.push((err as Error).message);
  }
  return {
    requests,
    entries,
    sampling: (flags['dataset-sampling-strategy'] ?? defaults.sampling) as Sampling,
    imagesPerRequest: k,
    pool: k === 0 ? undefined : reusePool ?? (reuseRate === undefined ? entries * k : undefined),
    hitRate: k === 0 || reusePool !== undefined ? undefined : reuseRate,
    popularity,
    imageWidth,
    imageHeight,
    imageFormat: (flags['image-format'] ?? defaults.imageFormat) as ImageFormatChoice,
    imageStyle,
    imageSource,
    userTextTokens: {
      mean: check('user-text-tokens', flags['user-text-tokens'], integerAtLeast(1), 'an integer >= 1') ?? preset?.userTextTokens ?? defaults.userTextTokens,
      stddev: stddev('isl-stddev'),
    },
  };
}

/**
 * aiperf's --image-source: `noise` is the noise style, `assets` the photo style (mmload's generated photo-like
 * images stand in for aiperf's bundled photos), anything else a directory of the user's images.
 */
function resolveImageSource(flags: WorkloadFlags, defaults: WorkloadDefaults, problems: string[]): Pick<GeneratedWorkloadSpec, 'imageStyle' | 'imageSource'> {
  const source = flags['image-source'];
  const style = flags['image-style'] as ImageStyle | undefined;
  const sourceStyle: ImageStyle | undefined = source === 'noise' ? 'noise' : source === 'assets' ? 'photo' : undefined;
  if (sourceStyle !== undefined && style !== undefined && style !== sourceStyle) problems.push(`--image-source ${source} and --image-style ${style} contradict each other`);
  return { imageStyle: sourceStyle ?? style ?? defaults.imageStyle, imageSource: sourceStyle === undefined ? source : undefined };
}

/** --isl-block-size: tokens per mooncake_trace hash id, 512 by default. */
export function resolveBlockSize(flags: WorkloadFlags, problems: string[]): number {
  const size = flags['isl-block-size'];
  if (size !== undefined && !(Number.isInteger(size) && size >= 1)) problems.push(`--isl-block-size must be an integer >= 1 (got ${size})`);
  return size ?? DEFAULT_BLOCK_SIZE;
}
