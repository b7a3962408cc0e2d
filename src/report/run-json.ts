// run.json: what a run is, written before its first request, so that `mmload report` can rebuild its results from records.jsonl alone.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { UsageError } from '../util/exit-codes.js';
import type { LoadShape } from '../executors/load-shape.js';
import { writeFileAtomically } from '../fs/write-atomically.js';
import type { SummaryMeta } from '../metrics/summary.js';
import type { ArtifactFiles } from './write-artifacts.js';

export const RUN_JSON = 'run.json';

export interface RunJson {
  /** The file's own format; a reader refuses what it does not know. */
  readonly format: 1;
  /** What the summary says about the run besides its figures, as known at its start (secrets already redacted). */
  readonly meta: SummaryMeta;
  readonly shape: LoadShape;
  /** Which result files the run writes. */
  readonly files: ArtifactFiles;
}

export async function writeRunJson(dir: string, run: Omit<RunJson, 'format'>): Promise<void> {
  await writeFileAtomically(join(dir, RUN_JSON), `${JSON.stringify({ format: 1, ...run }, null, 2)}\n`);
}

/** DIR/run.json; a missing or foreign file is a one-line UsageError. */
export async function readRunJson(dir: string): Promise<RunJson> {
  const path = join(dir, RUN_JSON);
  let json: Partial<RunJson>;
  try {
    json = JSON.parse(await readFile(path, 'utf8')) as Partial<RunJson>;
  } catch (err) {
    const { code, message } = err as NodeJS.ErrnoException;
    throw new UsageError(code === 'ENOENT' ? `${dir} holds no ${RUN_JSON}: not the results directory of an mmload run` : `cannot read ${path}: ${message.replace(/\s+/g, ' ')}`);
  }
  if (json.format !== 1 || typeof json.meta !== 'object' || typeof json.shape !== 'object' || typeof json.files !== 'object') {
    throw new UsageError(`${path} is not an mmload run.json (format 1)`);
  }
  return json as RunJson;
}
