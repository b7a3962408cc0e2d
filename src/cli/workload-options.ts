// Flags that shape a generated image-reuse workload, shared by `mmload profile` and `mmload generate`.
import type { Argv } from 'yargs';
import { PRESET_NAMES } from '../workload/presets.js';

/** No yargs defaults here: an absent flag is how a preset's value gets through (explicit flag > preset > default). */
export function workloadOptions<T>(yargs: Argv<T>) {
  const group = 'Workload:';
  return yargs
    .option('preset', { type: 'string', choices: PRESET_NAMES, group, describe: 'Every number of a seed scenario; explicit flags override' })
    .option('images-per-request', { alias: 'image-batch-size', type: 'number', group, describe: 'Images in each request (0: text only)' })
    .option('images-pool', { type: 'number', group, describe: 'Distinct images the requests draw from' })
    .option('cache-hit-rate', { type: 'number', group, describe: 'Share of image slots that repeat an earlier image (infinite cache); sets the pool' })
    .option('image-popularity', { type: 'string', group, describe: 'How repeats pick images: uniform | zipf:<s>' })
    .option('image-size', { type: 'number', array: true, nargs: 2, group, describe: 'Image width and height in pixels (default 512 512)' })
    .option('image-width-mean', { type: 'number', group, describe: 'Image width (aiperf); same as the first --image-size value' })
    .option('image-height-mean', { type: 'number', group, describe: 'Image height (aiperf); same as the second --image-size value' })
    .option('image-format', { type: 'string', choices: ['jpeg', 'png'], group, describe: 'Encoding of generated images (default jpeg)' })
    .option('image-style', { type: 'string', choices: ['photo', 'noise'], group, describe: 'photo-like content (default) or uniform noise, the worst case' })
    .option('image-source', { type: 'string', group, describe: 'Directory of your own images to use instead (resized to --image-size)' })
    .option('user-text-tokens', { alias: ['isl', 'synthetic-input-tokens-mean'], type: 'number', group, describe: 'Exact tokens of each request\'s own user text' })
    .option('image-uuids', { alias: 'uuid', type: 'boolean', group, describe: 'Add vLLM\'s "uuid" to each image part' })
    .option('image-mode', { type: 'string', choices: ['base64', 'http'], group, describe: 'Images inline as data URLs (default), or as URLs' });
}

/** The flags of workloadOptions as yargs parsed them. */
export interface WorkloadFlags {
  preset?: string | undefined;
  'images-per-request'?: number | undefined;
  'images-pool'?: number | undefined;
  'cache-hit-rate'?: number | undefined;
  'image-popularity'?: string | undefined;
  'image-size'?: number[] | undefined;
  'image-width-mean'?: number | undefined;
  'image-height-mean'?: number | undefined;
  'image-format'?: string | undefined;
  'image-style'?: string | undefined;
  'image-source'?: string | undefined;
  'user-text-tokens'?: number | undefined;
  'image-uuids'?: boolean | undefined;
  'image-mode'?: string | undefined;
}
