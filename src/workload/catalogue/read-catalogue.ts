// Reads the catalogue's true answers from the form the user has: a .jsonl file here, parquet files by catalogue-parquet.ts.
import { extname } from 'node:path';
import { UsageError } from '../../util/exit-codes.js';
import { readCatalogueSamplesJsonl, readCatalogueTruthJsonl } from './catalogue-jsonl.js';
import type { CatalogueSample, CatalogueTruth } from './catalogue-sample.js';

/** Every sample's true answer, in sample-index order. */
export async function readCatalogueTruth(path: string): Promise<CatalogueTruth[]> {
  if (extname(path).toLowerCase() === '.jsonl') return readCatalogueTruthJsonl(path);
  throw new UsageError('parquet datasets are read by catalogue-parquet.ts');
}

/** The first `count` samples (all when undefined), images included, in sample-index order. */
export async function readCatalogueSamples(path: string, count?: number): Promise<CatalogueSample[]> {
  if (extname(path).toLowerCase() === '.jsonl') return readCatalogueSamplesJsonl(path, count);
  throw new UsageError('parquet datasets are read by catalogue-parquet.ts');
}
