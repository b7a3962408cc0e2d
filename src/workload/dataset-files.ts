// Writes a generated dataset to disk: its distinct images as files in a folder beside the JSONL file, then the file.
import { basename, dirname, extname, join } from 'node:path';
import { makeDirectories } from '../fs/make-directories.js';
import { writeFileAtomically } from '../fs/write-atomically.js';
import { UsageError } from '../util/exit-codes.js';
import type { PoolImage } from './images/index.js';

export interface WrittenImages {
  /** The folder beside the file, named as the file without its extension. */
  readonly imageDir: string;
  /** Bytes of the images written. */
  readonly imageBytes: number;
  /** Each image's reference in the file: its path, or its URL under the base. */
  readonly refs: readonly string[];
}

/**
 * Writes each image as img_NNNNNN.jpg|png in the folder beside `file`. A line refers to it by its path, or with
 * `imageUrlBase` by its URL once the file's directory is served there.
 */
export async function writeImageFiles(file: string, images: readonly PoolImage[], imageUrlBase: string | null): Promise<WrittenImages> {
  const imageDir = join(dirname(file), basename(file, extname(file)));
  await makeDirectories(imageDir).catch((err: Error) => {
    throw new UsageError(`cannot write the images of ${file}: ${err.message}`);
  });
  const names = await Promise.all(images.map(async (image) => {
    const name = `img_${String(image.index).padStart(6, '0')}.${image.mime === 'image/png' ? 'png' : 'jpg'}`;
    await writeFileAtomically(join(imageDir, name), image.bytes);
    return name;
  }));
  return {
    imageDir,
    imageBytes: images.reduce((sum, image) => sum + image.bytes.length, 0),
    refs: names.map((name) => (imageUrlBase !== null ? `${imageUrlBase.replace(/\/+$/, '')}/${basename(imageDir)}/${name}` : join(imageDir, name))),
  };
}

/** Runs `write`; a path that cannot be written (a system error) is bad input: a one-line UsageError naming `file`. */
export async function writingFile<T>(file: string, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code) throw new UsageError(`cannot write ${file}: ${(err as Error).message}`);
    throw err;
  }
}
