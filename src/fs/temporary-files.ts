// Temporary files being written right now: removed however the process ends (exit, process.exit, an uncaught error, a signal).
import { unlinkSync } from 'node:fs';

/** Signals that end the process by default; with a temporary file alive, it is removed first. */
const FATAL_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
type FatalSignal = (typeof FATAL_SIGNALS)[number];

const alive = new Set<string>();

/** Marks `path` as a temporary file to remove if the process ends before `releaseTemporary(path)`. */
export function holdTemporary(path: string): void {
  if (alive.size === 0) watchTheEnd(true);
  alive.add(path);
}

/** `path` was renamed into place or removed: nothing to do for it when the process ends. */
export function releaseTemporary(path: string): void {
  if (alive.delete(path) && alive.size === 0) watchTheEnd(false);
}

function watchTheEnd(on: boolean): void {
  const listen = on ? process.on.bind(process) : process.off.bind(process);
  listen('exit', removeTemporaries);
  for (const signal of FATAL_SIGNALS) listen(signal, onFatalSignal);
}

/** Removes every temporary file still alive, synchronously: the process is ending (an 'exit' listener cannot wait). */
function removeTemporaries(): void {
  for (const path of alive) {
    try {
      unlinkSync(path);
    } catch {
      // Not created yet, or already gone: nothing to remove.
    }
  }
  alive.clear();
}

/**
 * A signal with no other listener would have ended the process: remove the files, then end it by the same signal (so
 * the exit status says so). With another listener (the run's Ctrl-C handler), that listener decides; if it exits,
 * the 'exit' listener removes the files.
 */
function onFatalSignal(signal: FatalSignal): void {
  if (process.listenerCount(signal) > 1) return;
  removeTemporaries();
  watchTheEnd(false);
  process.kill(process.pid, signal);
}
