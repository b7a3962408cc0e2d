// Flags that shape a generated image-reuse workload, shared by `mmload profile` and `mmload generate`.
import type { Argv } from 'yargs';
import { SAMPLINGS } from '../../workload/entry-sampling.js';
import { PRESET_NAMES } from '../../workload/presets.js';

/** No yargs defaults here: an absent flag is how a preset's value, then the command's default, gets through. */
export function workloadOptions<T>(yargs: Argv<T>) {
  const group = 'Workload:';
  return yargs
    .option('preset', { type: 'string', choices: PRESET_NAMES, group, describe: 'Every number of a seed scenario; explicit flags override' })
    .option('num-dataset-entries', { alias: 'num-prompts', type: 'number', group, describe: 'Distinct dataset entries the requests draw from (aiperf)' })
    .option('dataset-sampling-strategy', { type: 'string', choices: SAMPLINGS, group, describe: 'How requests draw from the entries: sequential (wrap), random (with replacement), shuffle (per pass)' })
    .option('images-per-request', { alias: ['image-batch-size', 'batch-size-image', 'images-per-turn'], type: 'number', group, describe: 'Images in each request (0: text only); in conversations, the first turn\'s (later turns: --follow-up-images)' })
    .option('images-pool', { type: 'number', group, describe: 'Distinct images the requests draw from' })
    .option('cache-hit-rate', { type: 'number', group, describe: 'Share of image slots that repeat an earlier image (infinite cache); sets the pool' })
    .option('image-popularity', { type: 'string', group, describe: 'How repeats pick images: uniform | zipf:<s>' })
    .option('image-size', { type: 'number', array: true, nargs: 2, group, describe: 'Image width and height in pixels (default 512 512)' })
    .option('image-width-mean', { type: 'number', group, describe: 'Image width (aiperf); same as the first --image-size value' })
    .option('image-width-stddev', { type: 'number', group, describe: 'Standard deviation of the width, drawn per image (default 0)' })
    .option('image-height-mean', { type: 'number', group, describe: 'Image height (aiperf); same as the second --image-size value' })
    .option('image-height-stddev', { type: 'number', group, describe: 'Standard deviation of the height, drawn per image (default 0)' })
    .option('image-format', { type: 'string', choices: ['jpeg', 'png', 'random'], group, describe: 'Encoding of generated images; random: png or jpeg per image' })
    .option('image-style', { type: 'string', choices: ['photo', 'noise'], group, describe: 'photo-like content or uniform noise, the worst case' })
    .option('image-source', { type: 'string', group, describe: 'noise (random pixels), assets (photo-like images) or a directory of your own images (resized)' })
    .option('user-text-tokens', { alias: ['isl', 'synthetic-input-tokens-mean', 'prompt-input-tokens-mean'], type: 'number', group, describe: 'Exact tokens of each request\'s own user text (the mean with --isl-stddev)' })
    .option('isl-stddev', { alias: ['synthetic-input-tokens-stddev', 'prompt-input-tokens-stddev'], type: 'number', group, describe: 'Standard deviation of the user text\'s tokens, drawn per entry (default 0)' })
    .option('isl-block-size', { alias: ['synthetic-input-tokens-block-size', 'prompt-input-tokens-block-size'], type: 'number', group, describe: 'Tokens per hash id of a mooncake_trace (default 512)' })
    .option('image-uuids', { alias: 'uuid', type: 'boolean', group, describe: 'Add vLLM\'s "uuid" to each image part' })
    .option('image-mode', { type: 'string', choices: ['base64', 'http'], group, describe: 'Images inline as data URLs (default), or as URLs' });
}

/** The flags of workloadOptions as yargs parsed them. */
export interface WorkloadFlags {
  preset?: string | undefined;
  'num-dataset-entries'?: number | undefined;
  'dataset-sampling-strategy'?: string | undefined;
  'images-per-request'?: number | undefined;
  'images-pool'?: number | undefined;
  'cache-hit-rate'?: number | undefined;
  'image-popularity'?: string | undefined;
  'image-size'?: number[] | undefined;
  'image-width-mean'?: number | undefined;
  'image-width-stddev'?: number | undefined;
  'image-height-mean'?: number | undefined;
  'image-height-stddev'?: number | undefined;
  'image-format'?: string | undefined;
  'image-style'?: string | undefined;
  'image-source'?: string | undefined;
  'user-text-tokens'?: number | undefined;
  'isl-stddev'?: number | undefined;
  'isl-block-size'?: number | undefined;
  'image-uuids'?: boolean | undefined;
  'image-mode'?: string | undefined;
}
