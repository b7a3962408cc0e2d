// Ctrl-C during a run: the first stops the run so what was measured gets written; a second exits at once.
import { ExitCode } from '../util/exit-codes.js';

/**
 * Calls `onFirst` on the first SIGINT/SIGTERM; exits with 130 on the second (process.exit runs the 'exit' listeners,
 * so files half-written then are removed: fs/temporary-files.ts). Returns a function that uninstalls it.
 */
export function onInterrupt(onFirst: () => void, warn: (line: string) => void): () => void {
  let count = 0;
  const handler = (): void => {
    count++;
    if (count === 1) {
      warn('interrupted: stopping the run and writing what was measured (Ctrl-C again to quit at once)');
      onFirst();
    } else {
      warn('quit: records.jsonl holds what was measured so far; `mmload report <results dir>` rebuilds the summary from it');
      process.exit(ExitCode.interrupted);
    }
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  return () => {
    process.off('SIGINT', handler);
    process.off('SIGTERM', handler);
  };
}
