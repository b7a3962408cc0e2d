// Picks the results directory: never overwrites earlier results.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from './exit-codes.js';

const RESULT_FILES = ['summary.json', 'records.jsonl', 'profile_export_aiperf.json', 'profile_export.jsonl'];

/**
 * An explicit --artifact-dir is used as given, but refused when it already holds results.
 * The default is results/<date>-<model>-c<concurrency>, with -2, -3, ... appended when taken.
 */
export function chooseArtifactDir(explicit: string | undefined, model: string, concurrency: number, now = new Date()): string {
  if (explicit !== undefined) {
    if (RESULT_FILES.some((f) => existsSync(join(explicit, f)))) {
      throw new UsageError(`--artifact-dir ${explicit} already holds results; choose another directory or remove them`);
    }
    return explicit;
  }
  const date = now.toISOString().slice(0, 10);
  const safeModel = model.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^_+|_+$/g, '') || 'model';
  const base = join('results', `${date}-${safeModel}-c${concurrency}`);
  let dir = base;
  for (let n = 2; existsSync(dir) && readdirSync(dir).length > 0; n++) dir = `${base}-${n}`;
  return dir;
}
