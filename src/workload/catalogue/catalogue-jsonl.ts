// Reads the MLPerf Q3VL catalogue in its JSONL form: one row per line by the parquet's column names, the image as a file path.
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { UsageError } from '../../util/exit-codes.js';
import { lineObject } from '../../util/json-object.js';
import { jsonlLines } from '../single-turn-jsonl.js';
import { CATALOGUE_COLUMNS, type CatalogueSample, type CatalogueTruth } from './catalogue-sample.js';

/** A row as the file has it: the image still a path, relative to the JSONL file. */
interface CatalogueRow extends Omit<CatalogueSample, 'image'> {
  readonly imagePath: string;
}

/** The true answer of every row, in order (row i is sample index i); no image is read. */
export async function readCatalogueTruthJsonl(path: string): Promise<CatalogueTruth[]> {
  const truths: CatalogueTruth[] = [];
  for await (const { row } of catalogueRows(path)) {
    truths.push({ category: row.category, brand: row.brand, isSecondhand: row.isSecondhand });
  }
  return truths;
}

/** How many rows the file holds (its non-blank lines); no line is parsed. */
export async function catalogueSizeJsonl(path: string): Promise<number> {
  let rows = 0;
  for await (const _ of catalogueLines(path)) rows++;
  return rows;
}

/** The first `count` rows (all when undefined), each with its image's bytes, one at a time. */
export async function* catalogueSamplesJsonl(path: string, count = Infinity): AsyncGenerator<CatalogueSample> {
  let read = 0;
  if (count <= 0) return;
  for await (const { row, line } of catalogueRows(path)) {
    const { imagePath, ...fields } = row;
    yield { ...fields, image: await readImage(path, line, imagePath) };
    if (++read >= count) return;
  }
}

async function readImage(path: string, line: number, imagePath: string): Promise<Buffer> {
  const file = resolve(dirname(path), imagePath);
  try {
    return await readFile(file);
  } catch (err) {
    throw new UsageError(`${path}:${line}: cannot read ${CATALOGUE_COLUMNS.image} ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
}

async function* catalogueRows(path: string): AsyncGenerator<{ row: CatalogueRow; line: number }> {
  for await (const { line, text } of catalogueLines(path)) yield { row: parseRow(path, line, text), line };
}

/** The file's non-blank lines; a file that cannot be read is a UsageError about the catalogue file. */
async function* catalogueLines(path: string): AsyncGenerator<{ line: number; text: string }> {
  const lines = jsonlLines(path);
  try {
    while (true) {
      const next = await lines.next().catch((err: Error) => {
        // jsonlLines' own errors are about the file: missing, not a file, unreadable.
        throw new UsageError(err.message.replace('input file', 'catalogue file'));
      });
      if (next.done) return;
      yield next.value;
    }
  } finally {
    await lines.return(undefined);
  }
}

function parseRow(path: string, line: number, text: string): CatalogueRow {
  const fail = (problem: string): never => {
    throw new UsageError(`${path}:${line}: ${problem}`);
  };
  const value = lineObject(text, fail);
  const column = (name: string): unknown => (name in value ? value[name] : fail(`missing column "${name}"`));
  const string = (name: string): string => {
    const field = column(name);
    return typeof field === 'string' ? field : fail(`column "${name}" must be a string`);
  };
  const candidates = column(CATALOGUE_COLUMNS.candidates);
  if (!Array.isArray(candidates) || !candidates.every((c) => typeof c === 'string')) {
    fail(`column "${CATALOGUE_COLUMNS.candidates}" must be a list of strings`);
  }
  const isSecondhand = column(CATALOGUE_COLUMNS.isSecondhand);
  if (typeof isSecondhand !== 'boolean') fail(`column "${CATALOGUE_COLUMNS.isSecondhand}" must be true or false`);
  const imagePath = string(CATALOGUE_COLUMNS.image);
  if (imagePath === '') fail(`column "${CATALOGUE_COLUMNS.image}" is empty (expected the image file's path)`);
  return {
    title: string(CATALOGUE_COLUMNS.title),
    description: string(CATALOGUE_COLUMNS.description),
    imagePath,
    candidates: candidates as string[],
    category: string(CATALOGUE_COLUMNS.category),
    brand: string(CATALOGUE_COLUMNS.brand),
    isSecondhand: isSecondhand as boolean,
  };
}
