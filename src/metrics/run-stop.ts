// Why a run stopped issuing early on its own: summary.json's mmload.stopped, as the run writes it and merge and sweep read it.

/** The server lost (--server-lost-timeout) or too many failures (--failed-request-threshold); the run exited 3. */
export interface RunStop {
  /** 'server_lost' or 'failed_request_threshold'. */
  readonly reason: string;
  /** One line for the console and the results. */
  readonly message: string;
}
