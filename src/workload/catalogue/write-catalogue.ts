// Writes a synthetic MLPerf Q3VL catalogue as JSONL (the dataset's column names, each photo a path relative to the file) plus JPEG files.
import { dirname, join, relative } from 'node:path';
import { makeDirectories } from '../../fs/make-directories.js';
import { UsageError } from '../../util/exit-codes.js';
import { pipelinesInFlight } from '../images/image-options.js';
import { generateImages, type ImageShape } from '../images/index.js';
import { writeLines } from '../jsonl-writer.js';
import { CATALOGUE_COLUMNS } from './catalogue-sample.js';
import { syntheticCatalogue, type SyntheticCatalogueRow } from './synthetic-catalogue.js';

/** The folder beside the JSONL file that holds the photos, one sub-folder per size (the image cache's layout). */
export const CATALOGUE_IMAGE_DIR = 'mlperf-q3vl-images';

export interface CatalogueWriteOptions {
  readonly rows: number;
  readonly seed: number;
  /** The JSONL file; the photos go to CATALOGUE_IMAGE_DIR beside it. */
  readonly file: string;
}

export interface WrittenCatalogue {
  readonly imageDir: string;
  readonly imageBytes: number;
}

export type CatalogueProgress = (what: string, done: number, total: number) => void;

/** `CatalogueWriteOptions.file` as mmload generate names it by default. */
export function catalogueFileName(rows: number, seed: number): string {
  return `mlperf-q3vl_${rows}rows_seed${seed}.jsonl`;
}

/**
 * Writes rows [0, rows) of the catalogue seeded with `seed`. Photos are drawn at their native size and written through
 * the image cache under CATALOGUE_IMAGE_DIR (a rerun reuses the photos already there, whole), a few at a time: only one
 * batch's encoded photos are held at once. A path that cannot be written is a UsageError.
 */
export async function writeSyntheticCatalogue(options: CatalogueWriteOptions, onProgress?: CatalogueProgress): Promise<WrittenCatalogue> {
  const { rows, seed, file } = options;
  const rowOf = syntheticCatalogue(seed);
  const imageDir = join(dirname(file), CATALOGUE_IMAGE_DIR);
  const batchSize = pipelinesInFlight() * 2;
  let imageBytes = 0;

  async function* lines(): AsyncGenerator<string> {
    for (let first = 0; first < rows; first += batchSize) {
      const batch = Array.from({ length: Math.min(batchSize, rows - first) }, (_, i) => rowOf(first + i));
      const shapeOf = (index: number): ImageShape => ({ width: batch[index - first]!.imageWidth, height: batch[index - first]!.imageHeight, format: 'jpeg' });
      const photos = await generateImages({
        first, count: batch.length, seed, style: 'photo', shapeOf, cacheDir: imageDir,
        onProgress: (done) => onProgress?.('generating photos', first + done, rows),
      });
      for (const [i, row] of batch.entries()) {
        imageBytes += photos[i]!.bytes.length;
        yield catalogueLine(row, relative(dirname(file), photos[i]!.path!));
      }
    }
  }

  await makeDirectories(imageDir).catch((err: Error) => {
    throw new UsageError(`cannot write the photos of ${file}: ${err.message}`);
  });
  try {
    await writeLines(file, lines());
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== undefined) throw new UsageError(`cannot write ${file}: ${(err as Error).message}`);
    throw err;
  }
  return { imageDir, imageBytes };
}

/** One JSON line: the dataset's columns in their order, the photo as a path relative to the JSONL file. */
function catalogueLine(row: SyntheticCatalogueRow, imagePath: string): string {
  const c = CATALOGUE_COLUMNS;
  return JSON.stringify({
    [c.title]: row.title,
    [c.description]: row.description,
    [c.image]: imagePath,
    [c.candidates]: row.candidates,
    [c.category]: row.category,
    [c.brand]: row.brand,
    [c.isSecondhand]: row.isSecondhand,
  });
}
