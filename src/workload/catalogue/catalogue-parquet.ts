// Reads the MLPerf Q3VL catalogue from the Hugging Face dataset's parquet files: the truth columns alone, or whole samples.
import { asyncBufferFromFile, parquetMetadataAsync, parquetRead, type AsyncBuffer, type FileMetaData } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import { UsageError } from '../../util/exit-codes.js';
import { catalogueParquetFiles } from './catalogue-parquet-files.js';
import { checkCatalogueColumns, type CatalogueField } from './catalogue-parquet-schema.js';
import { CATALOGUE_COLUMNS, type CatalogueSample, type CatalogueTruth } from './catalogue-sample.js';

const TRUTH_FIELDS = ['category', 'brand', 'isSecondhand'] as const satisfies readonly CatalogueField[];
const SAMPLE_FIELDS = Object.keys(CATALOGUE_COLUMNS) as CatalogueField[];

interface ParquetFile {
  readonly path: string;
  readonly buffer: AsyncBuffer;
  readonly metadata: FileMetaData;
}

/** One column's values for rows [start, end) of a file. */
type ColumnValues = Readonly<Record<CatalogueField, readonly unknown[]>>;

/**
 * The true answers of every sample, in sample order (see catalogueParquetFiles). Reads only the three truth columns:
 * parquet stores each column apart, so the images are never read.
 */
export async function readCatalogueTruthParquet(paths: readonly string[]): Promise<CatalogueTruth[]> {
  const truths: CatalogueTruth[] = [];
  for (const file of await openAll(paths, TRUTH_FIELDS)) {
    const values = await readColumns(file, TRUTH_FIELDS, 0, rowsOf(file));
    for (let row = 0; row < rowsOf(file); row++) truths.push(truthOf(file, values, row));
  }
  return truths;
}

/** How many samples the files hold, from their metadata alone; every file's columns are checked. */
export async function catalogueSizeParquet(paths: readonly string[]): Promise<number> {
  return (await openAll(paths, SAMPLE_FIELDS)).reduce((sum, file) => sum + rowsOf(file), 0);
}

/**
 * The first `count` samples (default: all; every one when the catalogue has fewer), images included, one at a time in
 * sample order. Every file's columns are checked before any row is read; rows are then read one row group at a time,
 * so only one row group's columns are held besides what the caller keeps.
 */
export async function* catalogueSamplesParquet(paths: readonly string[], count?: number): AsyncGenerator<CatalogueSample> {
  if (count !== undefined && (!Number.isSafeInteger(count) || count < 0)) throw new RangeError(`sample count must be a whole number >= 0, got ${count}`);
  const files = await openAll(paths, SAMPLE_FIELDS);
  const total = files.reduce((sum, file) => sum + rowsOf(file), 0);
  // As the JSONL form: a run asking for more requests than samples draws from all of them.
  let left = Math.min(count ?? total, total);
  for (const file of files) {
    let groupStart = 0;
    for (const group of file.metadata.row_groups) {
      if (left === 0) return;
      const end = groupStart + Math.min(Number(group.num_rows), left);
      const values = await readColumns(file, SAMPLE_FIELDS, groupStart, end);
      for (let row = groupStart; row < end; row++) yield sampleOf(file, values, row - groupStart, row);
      left -= end - groupStart;
      groupStart += Number(group.num_rows);
    }
  }
}

/** Opens every file of `paths` and checks its columns, before any data is read. */
async function openAll(paths: readonly string[], fields: readonly CatalogueField[]): Promise<ParquetFile[]> {
  const files: ParquetFile[] = [];
  for (const path of await catalogueParquetFiles(paths)) {
    const file = await openParquet(path);
    checkCatalogueColumns(path, file.metadata, fields);
    files.push(file);
  }
  return files;
}

async function openParquet(path: string): Promise<ParquetFile> {
  try {
    const buffer = await asyncBufferFromFile(path);
    const metadata = await parquetMetadataAsync(buffer);
    return { path, buffer, metadata };
  } catch (err) {
    throw new UsageError(`${path}: not a readable parquet file (${oneLine(err)})`);
  }
}

function rowsOf(file: ParquetFile): number {
  return Number(file.metadata.num_rows);
}

/** Rows [start, end) of each field's column, one column at a time, so a decoding failure names its column. */
async function readColumns(file: ParquetFile, fields: readonly CatalogueField[], start: number, end: number): Promise<ColumnValues> {
  const values: Partial<Record<CatalogueField, unknown[]>> = {};
  for (const field of fields) {
    const name = CATALOGUE_COLUMNS[field];
    let rows: unknown[][] = [];
    try {
      // utf8: false keeps the image's bytes binary; columns annotated as strings still decode as strings.
      await parquetRead({ file: file.buffer, metadata: file.metadata, columns: [name], rowStart: start, rowEnd: end, compressors, utf8: false, onComplete: (r) => (rows = r) });
    } catch (err) {
      throw new UsageError(`${file.path}: cannot read column ${name} (${oneLine(err)})`);
    }
    values[field] = rows.map((row) => row[0]);
  }
  return values as ColumnValues;
}

function truthOf(file: ParquetFile, values: ColumnValues, row: number): CatalogueTruth {
  const cell = cellReader(file, values, row, row);
  return { category: cell.text('category'), brand: cell.text('brand'), isSecondhand: cell.boolean('isSecondhand') };
}

function sampleOf(file: ParquetFile, values: ColumnValues, index: number, row: number): CatalogueSample {
  const cell = cellReader(file, values, index, row);
  return {
    title: cell.text('title'),
    description: cell.text('description'),
    candidates: cell.texts('candidates'),
    category: cell.text('category'),
    brand: cell.text('brand'),
    isSecondhand: cell.boolean('isSecondhand'),
    image: cell.imageBytes('image'),
  };
}

/** Typed access to one row's cells; a null or mistyped cell is a UsageError naming the file, row and column. */
function cellReader(file: ParquetFile, values: ColumnValues, index: number, row: number) {
  const refuse = (field: CatalogueField, what: string): never => {
    throw new UsageError(`${file.path}: row ${row} of column ${CATALOGUE_COLUMNS[field]} ${what}`);
  };
  const text = (field: CatalogueField, value: unknown): string => {
    if (typeof value === 'string') return value;
    if (value instanceof Uint8Array) return utf8(value) ?? refuse(field, 'is not valid UTF-8');
    return refuse(field, value === null || value === undefined ? 'is null' : 'is not a string');
  };
  const cell = (field: CatalogueField): unknown => values[field][index];
  return {
    text: (field: CatalogueField): string => text(field, cell(field)),
    texts: (field: CatalogueField): string[] => {
      const list = cell(field);
      return Array.isArray(list) ? list.map((item) => text(field, item)) : refuse(field, 'is null');
    },
    boolean: (field: CatalogueField): boolean => {
      const value = cell(field);
      return typeof value === 'boolean' ? value : refuse(field, 'is null');
    },
    /** A copy of the image's bytes: the decoded page they sit in is then free to go. */
    imageBytes: (field: CatalogueField): Buffer => {
      const bytes = (cell(field) as { bytes?: unknown } | null)?.bytes;
      return bytes instanceof Uint8Array ? Buffer.from(bytes) : refuse(field, 'has no image bytes');
    },
  };
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

function utf8(bytes: Uint8Array): string | null {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    return null;
  }
}

function oneLine(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).replace(/\s+/g, ' ').trim();
}
