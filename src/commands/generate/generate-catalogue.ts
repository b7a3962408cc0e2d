// `mmload generate --preset mlperf-q3vl`: writes a synthetic MLPerf Q3VL product catalogue (JSONL plus JPEG photos).
import { resolve } from 'node:path';
import { UsageError } from '../../util/exit-codes.js';
import { formatBytes } from '../../util/number-format.js';
import { progressLine } from '../../util/progress-line.js';
import type { GenerateFlags } from './generate-flags.js';

/** Rows written without -n. */
const DEFAULT_ROWS = 500;

/** The workload flags that shape an image-reuse workload: the catalogue has shapes of its own, so these are refused. */
const NOT_FOR_CATALOGUE = [
  'num-dataset-entries', 'dataset-sampling-strategy', 'images-per-request', 'images-pool', 'cache-hit-rate', 'image-popularity',
  'image-size', 'image-width-mean', 'image-width-stddev', 'image-height-mean', 'image-height-stddev', 'image-format', 'image-style',
  'image-source', 'user-text-tokens', 'isl-stddev', 'isl-block-size', 'image-uuids', 'image-mode', 'image-url-base',
] as const satisfies readonly (keyof GenerateFlags)[];

/** Writes the catalogue; `problems` already found in the flags (and any found here) are refused together, nothing written. */
export async function generateCatalogue(flags: GenerateFlags, problems: string[], out: (line: string) => void): Promise<void> {
  const given = NOT_FOR_CATALOGUE.filter((flag) => flags[flag] !== undefined);
  if (given.length > 0) problems.push(`${given.map((flag) => `--${flag}`).join(', ')} ${given.length === 1 ? 'does' : 'do'} not apply to --preset mlperf-q3vl (its rows have the benchmark's own shapes)`);
  if (!Number.isSafeInteger(flags.seed)) problems.push(`--seed must be a whole number (got ${flags.seed})`);
  if (problems.length > 0) throw new UsageError(problems.join('; '));

  const rows = flags['num-requests'] ?? DEFAULT_ROWS;
  const { catalogueFileName, writeSyntheticCatalogue } = await import('../../workload/catalogue/write-catalogue.js');
  const file = resolve(flags['output-dir'], flags.output ?? catalogueFileName(rows, flags.seed));
  const progress = progressLine((line) => process.stderr.write(`${line}\n`));
  const { imageDir, imageBytes } = await writeSyntheticCatalogue({ rows, seed: flags.seed, file }, progress.update).finally(() => progress.done());
  out(`wrote ${file}`);
  out(`  ${rows} products of a synthetic MLPerf Q3VL catalogue (seed ${flags.seed}), ${formatBytes(imageBytes)} of JPEG photos in ${imageDir}`);
}
