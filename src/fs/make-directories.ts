// mkdir -p one level at a time: Node's recursive mkdir spins forever where a file system refuses with ENOENT (/proc),
// and reports a read-only file system as ENOENT; here every failure is an error that says what stopped it.
import { constants } from 'node:fs';
import { access, mkdir, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';

/** The directories of `path` that do not exist yet, outermost first; rejects when a file stands in the way. */
async function missingDirectories(path: string): Promise<string[]> {
  const missing: string[] = [];
  for (let at = resolve(path); ; at = dirname(at)) {
    const found = await stat(at).catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT' || err.code === 'ENOTDIR') return null;
      throw new Error(`cannot read ${at} (${inWords(err)})`);
    });
    if (found?.isDirectory()) break;
    if (found) throw new Error(`${at} is not a directory`);
    missing.push(at);
    if (dirname(at) === at) break;
  }
  return missing.reverse();
}

/** The error codes a user can act on, in words. */
const IN_WORDS: Readonly<Record<string, string>> = {
  EROFS: 'read-only file system',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  ENOSPC: 'no space left on device',
  EDQUOT: 'disk quota exceeded',
};

/** A file-system error in a few plain words ("read-only file system", "permission denied"), else its own message. */
export function inWords(err: unknown): string {
  return IN_WORDS[(err as NodeJS.ErrnoException).code ?? ''] ?? (err as Error).message;
}

/**
 * Whether makeDirectories(path) could succeed, creating nothing: the same walk up to the nearest existing directory,
 * which must be writable when something is missing. Rejects with the message makeDirectories would give.
 */
export async function checkDirectories(path: string): Promise<void> {
  const missing = await missingDirectories(path);
  if (missing.length === 0) return;
  await access(dirname(missing[0]!), constants.W_OK).catch((err: NodeJS.ErrnoException) => {
    throw new Error(`cannot create ${missing[0]} (${inWords(err)})`);
  });
}

/**
 * Creates `path` and its missing parents. Rejects with a one-line message naming the path that failed and why,
 * e.g. "cannot create /mnt/ro/results (read-only file system)" or "/tmp/file is not a directory".
 */
export async function makeDirectories(path: string): Promise<void> {
  for (const dir of await missingDirectories(path)) {
    await mkdir(dir).catch((err: NodeJS.ErrnoException) => {
      // EEXIST: made meanwhile by someone else (another run); what matters is that it is there.
      if (err.code === 'EEXIST') return;
      // ENOENT with the parent there: a file system that takes no new directories (/proc, /sys).
      throw new Error(`cannot create ${dir} (${err.code === 'ENOENT' ? 'its file system takes no new directories' : inWords(err)})`);
    });
  }
}
