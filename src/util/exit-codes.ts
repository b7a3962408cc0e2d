// The exit codes mmload promises to scripts (documented in the README).

export const ExitCode = {
  /** The run finished and its results were written (failed requests are results, not a failed run). */
  ok: 0,
  /** An unexpected internal failure. */
  internal: 1,
  /** Bad input: an invalid flag or value, a malformed or missing file, an unreachable server. Nothing was sent. */
  usage: 2,
  /**
   * The run stopped early on its own: the server was lost (--server-lost-timeout) or too many requests failed
   * (--failed-request-threshold). What was measured was written; summary.json's mmload.stopped says why.
   */
  stopped: 3,
  /** Interrupted (Ctrl-C): what was measured was written, marked as interrupted. */
  interrupted: 130,
} as const;

/** An error whose one-line message is shown to the user as is, with exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}
