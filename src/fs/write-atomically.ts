// Writes a file under a temporary name beside it and renames it into place: readers see it whole or not at all.
import { randomBytes } from 'node:crypto';
import { rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { holdTemporary, releaseTemporary } from './temporary-files.js';

/**
 * Runs `write` against a temporary path beside `path`, then renames it over `path`; on failure removes it and rethrows.
 * Should the process end first (however it ends), the temporary file is removed (see temporary-files.ts).
 */
export async function writeAtomically(path: string, write: (temporary: string) => Promise<void>): Promise<void> {
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`);
  holdTemporary(temporary);
  try {
    await write(temporary);
    await rename(temporary, path);
  } catch (err) {
    await rm(temporary, { force: true });
    throw err;
  } finally {
    releaseTemporary(temporary);
  }
}

/** writeFile, atomically. */
export function writeFileAtomically(path: string, data: Parameters<typeof writeFile>[1]): Promise<void> {
  return writeAtomically(path, (temporary) => writeFile(temporary, data));
}
