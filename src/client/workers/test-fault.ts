// Fault injection for tests: makes a client worker thread die (or hang) on purpose; does nothing unless the variable is set.

/** The variable tests set: `<how>:<n>[:<worker>]`, e.g. `exit:20:1`. */
export const WORKER_FAULT_VARIABLE = 'MMLOAD_TEST_WORKER_FAULT';

const FAULTS = {
  /** An uncaught exception. */
  throw: (): never => {
    throw new Error('injected fault (throw)');
  },
  /** process.exit inside the thread: only the thread ends. */
  exit: (): never => process.exit(3),
  /** Allocates until the heap limit: start the process with a small --max-old-space-size so it comes soon. */
  oom: (): never => {
    const hoard: number[][] = [];
    for (;;) hoard.push(new Array<number>(1 << 16).fill(hoard.length));
  },
  /** Alive but never answers again: a busy loop. */
  hang: (): never => {
    for (;;);
  },
} as const;

/**
 * Reads `<how>:<n>[:<worker>]` (how: throw, exit, oom or hang) and returns what the thread numbered `worker` calls on
 * each send it receives: the fault strikes on the n-th. Every worker when `<worker>` is left out. null (nothing to
 * call) when the variable is unset, as in every real run, or names another thread.
 */
export function workerFault(spec: string | undefined, worker: number): (() => void) | null {
  if (!spec) return null;
  const [how, after, only] = spec.split(':');
  const strike = how !== undefined && Object.hasOwn(FAULTS, how) ? FAULTS[how as keyof typeof FAULTS] : undefined;
  const n = Number(after);
  if (!strike || !Number.isInteger(n) || n < 1 || (only !== undefined && !Number.isInteger(Number(only)))) {
    throw new Error(`${WORKER_FAULT_VARIABLE} must be <throw|exit|oom|hang>:<n>[:<worker>] (got ${spec})`);
  }
  if (only !== undefined && Number(only) !== worker) return null;
  let sends = 0;
  return () => {
    if (++sends === n) strike();
  };
}
