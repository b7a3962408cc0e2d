// Reads the catalogue from the form the user has: mmload's JSONL file, or the Hugging Face parquet files (a directory or files).
import { extname } from 'node:path';
import { catalogueSamplesJsonl, catalogueSizeJsonl, readCatalogueTruthJsonl } from './catalogue-jsonl.js';
import { catalogueSamplesParquet, catalogueSizeParquet, readCatalogueTruthParquet } from './catalogue-parquet.js';
import type { CatalogueSample, CatalogueTruth } from './catalogue-sample.js';

/** Every sample's true answer, in sample-index order. */
export async function readCatalogueTruth(path: string): Promise<CatalogueTruth[]> {
  return isJsonl(path) ? readCatalogueTruthJsonl(path) : readCatalogueTruthParquet([path]);
}

/** How many samples the catalogue holds, without reading them. */
export function catalogueSize(path: string): Promise<number> {
  return isJsonl(path) ? catalogueSizeJsonl(path) : catalogueSizeParquet([path]);
}

/** The first `count` samples (all when undefined), images included, one at a time in sample-index order. */
export function catalogueSamples(path: string, count?: number): AsyncGenerator<CatalogueSample> {
  return isJsonl(path) ? catalogueSamplesJsonl(path, count) : catalogueSamplesParquet([path], count);
}

/** A .jsonl file is mmload's form; anything else (a .parquet file, a directory of them) is the Hub's. */
function isJsonl(path: string): boolean {
  return extname(path).toLowerCase() === '.jsonl';
}
