// Reads the catalogue from the form the user has: mmload's JSONL file, or the Hugging Face parquet files (a directory or files).
import { extname } from 'node:path';
import { readCatalogueSamplesJsonl, readCatalogueTruthJsonl } from './catalogue-jsonl.js';
import { readCatalogueSamplesParquet, readCatalogueTruthParquet } from './catalogue-parquet.js';
import type { CatalogueSample, CatalogueTruth } from './catalogue-sample.js';

/** Every sample's true answer, in sample-index order. */
export async function readCatalogueTruth(path: string): Promise<CatalogueTruth[]> {
  return isJsonl(path) ? readCatalogueTruthJsonl(path) : readCatalogueTruthParquet([path]);
}

/** The first `count` samples (all when undefined), images included, in sample-index order. */
export async function readCatalogueSamples(path: string, count?: number): Promise<CatalogueSample[]> {
  return isJsonl(path) ? readCatalogueSamplesJsonl(path, count) : readCatalogueSamplesParquet([path], count);
}

/** A .jsonl file is mmload's form; anything else (a .parquet file, a directory of them) is the Hub's. */
function isJsonl(path: string): boolean {
  return extname(path).toLowerCase() === '.jsonl';
}
