// Where a worker thread's entry lives: always the built file under dist/, whether the code starting it runs from dist/ or from src/ (as under vitest).

/** This file sits two folders below the package root, as src/util/ or dist/util/. */
const SOURCE_ROOT = new URL('../../src/', import.meta.url);
const BUILT_ROOT = new URL('../../dist/', import.meta.url);

/**
 * `entry`, the worker's URL beside the file that starts it (its name resolved against that file's import.meta.url), as the
 * file a thread runs: the same path under dist/ when it is under src/ (a thread runs only built code).
 */
export function builtWorkerFile(entry: URL): URL {
  return entry.href.startsWith(SOURCE_ROOT.href) ? new URL(entry.href.slice(SOURCE_ROOT.href.length), BUILT_ROOT) : entry;
}
