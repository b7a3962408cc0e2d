// Claims the results directory before the run: never overwrites earlier results, never loses a run to a bad path.
import { constants } from 'node:fs';
import { access, mkdir, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { UsageError } from './exit-codes.js';

const RESULT_FILES = ['summary.json', 'records.jsonl', 'profile_export_aiperf.json', 'profile_export.jsonl'];

/**
 * An explicit --artifact-dir is created if needed and used as given, but refused when it already holds results
 * or cannot be written. The default, results/<date>-<name> (name: model and load, e.g. "Qwen…-c64"), is claimed by creating it (-2, -3, …
 * when taken), so two runs started together never share one. Failures are UsageErrors: nothing has been sent yet.
 */
export async function claimArtifactDir(explicit: string | undefined, name: string, now = new Date()): Promise<string> {
  if (explicit !== undefined) return claimExplicit(explicit);
  const safe = name.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^_+|_+$/g, '') || 'run';
  const base = join('results', `${now.toISOString().slice(0, 10)}-${safe}`);
  await mkdir('results', { recursive: true }).catch((err: Error) => {
    throw new UsageError(`cannot create the results directory: ${err.message}`);
  });
  for (let n = 1; ; n++) {
    const dir = n === 1 ? base : `${base}-${n}`;
    try {
      await mkdir(dir); // not recursive: fails if another run has it
      return dir;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw new UsageError(`cannot create ${dir}: ${(err as Error).message}`);
    }
  }
}

async function claimExplicit(dir: string): Promise<string> {
  try {
    await mkdir(dir, { recursive: true });
    await access(dir, constants.W_OK);
  } catch (err) {
    throw new UsageError(`--artifact-dir ${dir} cannot be used: ${(err as Error).message}`);
  }
  const present = new Set(await readdir(dir));
  if (RESULT_FILES.some((f) => present.has(f))) {
    throw new UsageError(`--artifact-dir ${dir} already holds results; choose another directory or remove them`);
  }
  return dir;
}
