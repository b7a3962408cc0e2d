// Claims the results directory before the run: never overwrites earlier results, never loses a run to a bad path.
import { constants } from 'node:fs';
import { access, mkdir, readdir } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { shapeLabel, type LoadShape } from '../executors/load-shape.js';
import { checkDirectories, inWords, makeDirectories } from '../fs/make-directories.js';
import { UsageError } from '../util/exit-codes.js';

const RESULT_FILES = ['summary.json', 'records.jsonl', 'profile_export_aiperf.json', 'profile_export.jsonl', 'inputs.json'];
/** The kernel's own file systems: they hold no files of ours. */
const KERNEL_FILE_SYSTEMS = ['/proc', '/sys'];

/** Where the default directories go: mmload's own, and aiperf's. */
export const DEFAULT_RESULTS_PARENT = { mmload: 'results', aiperf: 'artifacts' } as const;

/** mmload's own default directory: results/<date>-<name> (name: model and load, e.g. "Qwen…-c64"). */
export function mmloadArtifactDir(name: string, now = new Date()): string {
  return join(DEFAULT_RESULTS_PARENT.mmload, `${now.toISOString().slice(0, 10)}-${safeName(name)}`);
}

/**
 * aiperf's default directory: artifacts/<model>-openai-chat-<stimulus>, the model's slashes made underscores
 * (`_multi` added for several models), the stimulus `concurrency<N>`, `request_rate<R>` (a Python float, e.g. 10.0)
 * or both, or `fixed_schedule`.
 */
export function aiperfArtifactDir(models: readonly string[], shape: LoadShape): string {
  const model = `${models[0]!.replaceAll('/', '_')}${models.length > 1 ? '_multi' : ''}`;
  const rate = (r: number) => `request_rate${Number.isInteger(r) ? `${r}.0` : r}`;
  const stimulus = shape.kind === 'concurrency' ? `concurrency${shape.concurrency}`
    : shape.kind === 'rate' ? [shape.cap === undefined ? null : `concurrency${shape.cap}`, rate(shape.rate)].filter(Boolean).join('-')
    : shape.kind === 'schedule' ? 'fixed_schedule'
    : shapeLabel(shape);
  return join(DEFAULT_RESULTS_PARENT.aiperf, safeName(`${model}-openai-chat-${stimulus}`));
}

/**
 * An explicit --artifact-dir is created if needed and used as given, but refused when it already holds results
 * or cannot be written. The default directory is claimed by creating it (-2, -3, … when taken), so two runs started
 * together never share one. Neither may lie under /proc or /sys. Failures are one-line UsageErrors saying what
 * stopped it (a read-only file system, permission denied, a parent that is a file): nothing has been sent yet.
 */
export async function claimArtifactDir(explicit: string | undefined, base: string): Promise<string> {
  if (explicit !== undefined) return claimExplicit(explicit);
  refuseKernelFileSystems(base, `the results directory ${base}`);
  await makeDirectories(dirname(base)).catch((err: Error) => {
    throw new UsageError(`the results directory ${base} cannot be written: ${err.message}`);
  });
  for (let n = 1; ; n++) {
    const dir = n === 1 ? base : `${base}-${n}`;
    try {
      await mkdir(dir); // not recursive: fails if another run has it
      return dir;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw new UsageError(`the results directory ${dir} cannot be written: ${inWords(err)}`);
    }
  }
}

/**
 * The checks of claimArtifactDir that need nothing created, run before the workload is built so that a directory that
 * cannot take the results is refused in a moment, with the same message: under /proc or /sys, a file in the way, not
 * writable, or (explicit) already holding results. `defaultParent` is where the default directory would go.
 */
export async function checkArtifactDir(explicit: string | undefined, defaultParent: string): Promise<void> {
  if (explicit === undefined) {
    // The default directory's own name waits for the server's model list; its parent is known.
    const named = `${defaultParent}/…`;
    refuseKernelFileSystems(defaultParent, `the results directory ${named}`);
    await checkDirectories(defaultParent).catch((err: Error) => {
      throw new UsageError(`the results directory ${named} cannot be written: ${err.message}`);
    });
    return;
  }
  refuseKernelFileSystems(explicit, `--artifact-dir ${explicit}`);
  await checkDirectories(explicit).catch((err: Error) => {
    throw new UsageError(`--artifact-dir ${explicit} cannot be written: ${err.message}`);
  });
  if (await access(explicit).then(() => true, () => false)) await checkExistingDir(explicit);
}

/** /proc and /sys take no results (and make Node's recursive mkdir spin): refused before anything is tried. */
function refuseKernelFileSystems(dir: string, what: string): void {
  const absolute = resolve(dir);
  const root = KERNEL_FILE_SYSTEMS.find((fs) => absolute === fs || absolute.startsWith(`${fs}/`));
  if (root) throw new UsageError(`${what} is under ${root}, the kernel's own file system; choose another directory`);
}

function safeName(name: string): string {
  return name.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^_+|_+$/g, '') || 'run';
}

async function claimExplicit(dir: string): Promise<string> {
  refuseKernelFileSystems(dir, `--artifact-dir ${dir}`);
  await makeDirectories(dir).catch((err: Error) => {
    throw new UsageError(`--artifact-dir ${dir} cannot be written: ${err.message}`);
  });
  await checkExistingDir(dir);
  return dir;
}

/** An existing explicit --artifact-dir: writable, and holding no results. */
async function checkExistingDir(dir: string): Promise<void> {
  await access(dir, constants.W_OK).catch((err: unknown) => {
    throw new UsageError(`--artifact-dir ${dir} cannot be written: ${inWords(err)}`);
  });
  const present = new Set(await readdir(dir));
  if (RESULT_FILES.some((f) => present.has(f))) {
    throw new UsageError(`--artifact-dir ${dir} already holds results; choose another directory or remove them`);
  }
}
