// Which parquet files make up the catalogue, in sample order: a directory's train files then its test files, or files as given.
import { readdir, stat } from 'node:fs/promises';
import { basename, dirname, join, relative, sep } from 'node:path';
import { UsageError } from '../../util/exit-codes.js';

/** The dataset's splits in the order the reference concatenates them. */
const SPLITS = ['train', 'test'] as const;
type Split = (typeof SPLITS)[number];

/**
 * The parquet files of `paths`, concatenated in order: a file stands for itself; a directory for every `*.parquet`
 * under it (hidden entries skipped), its train files then its test files, each split in path order. A file's split is
 * named by its file name (`train-00000-of-00004.parquet`, as the Hugging Face Hub stores a dataset under `data/`)
 * or by the folder it is in (`default/train/0000.parquet`, the Hub's parquet conversion). A directory holding a
 * parquet file of neither split is refused, since its place in the order is unknown.
 */
export async function catalogueParquetFiles(paths: readonly string[]): Promise<string[]> {
  if (paths.length === 0) throw new UsageError('no catalogue parquet file or directory given');
  const files: string[] = [];
  for (const path of paths) {
    const kind = await stat(path).catch((err: NodeJS.ErrnoException) => {
      throw new UsageError(err.code === 'ENOENT' ? `catalogue not found: ${path}` : `cannot read the catalogue ${path}: ${err.message}`);
    });
    files.push(...(kind.isDirectory() ? await directoryFiles(path) : [path]));
  }
  return files;
}

async function directoryFiles(dir: string): Promise<string[]> {
  const found = await parquetFilesUnder(dir);
  if (found.length === 0) throw new UsageError(`no .parquet file under the catalogue directory ${dir}`);
  const bySplit = new Map<Split, string[]>(SPLITS.map((split) => [split, []]));
  for (const file of found) {
    const split = splitOf(relative(dir, file));
    if (split === null) throw new UsageError(`cannot tell whether ${file} is the train or the test split (name it train-… or test-…, or pass the parquet files in order)`);
    bySplit.get(split)!.push(file);
  }
  return SPLITS.flatMap((split) => bySplit.get(split)!.sort(byCodeUnits));
}

/** Every `*.parquet` file under `dir`, at any depth, skipping names that start with a dot. */
async function parquetFilesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true }).catch((err: Error) => {
    throw new UsageError(`cannot read the catalogue directory ${dir}: ${err.message}`);
  });
  return entries
    .filter((entry) => entry.isFile() && entry.name.endsWith('.parquet'))
    .map((entry) => join(entry.parentPath, entry.name))
    .filter((file) => !relative(dir, file).split(sep).some((part) => part.startsWith('.')));
}

/** The split a file belongs to, from its own name or else the nearest folder named after a split. */
function splitOf(relativePath: string): Split | null {
  const name = basename(relativePath);
  const byName = SPLITS.find((split) => name === `${split}.parquet` || name.startsWith(`${split}-`));
  if (byName) return byName;
  const nearestFirst = dirname(relativePath).split(sep).reverse();
  const folder = nearestFirst.find((part): part is Split => (SPLITS as readonly string[]).includes(part));
  return folder ?? null;
}

/** Code-unit order, so every platform and locale agrees. */
function byCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
