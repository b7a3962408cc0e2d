// A closed-loop slot's wait after connection-level failures (refused, reset before headers, DNS): capped exponential backoff.
import type { RequestRecord } from '../client/request-record.js';

/** The wait after a slot's first connection-level failure; each further one in a row doubles it, up to the cap. */
export const BACKOFF_FIRST_MS = 50;
export const BACKOFF_CAP_MS = 1000;

/** The request never reached a server that answered: refused, DNS, or a socket error before any response headers. */
export function isConnectionFailure(record: RequestRecord): boolean {
  const type = record.error?.type;
  return record.headersMs === null && (type === 'connection_refused' || type === 'connection_error');
}

/** One slot's backoff state: 50, 100, 200 … 1000 ms after consecutive connection failures; none once a response arrives. */
export class SlotBackoff {
  private delayMs = 0;

  /** How long the slot waits before its next send, given how its last request ended (0: send at once). */
  after(record: RequestRecord): number {
    if (isConnectionFailure(record)) {
      this.delayMs = this.delayMs === 0 ? BACKOFF_FIRST_MS : Math.min(2 * this.delayMs, BACKOFF_CAP_MS);
      return this.delayMs;
    }
    // Any response with headers, success or not, shows the server is there; other failures (timeouts) keep the state.
    if (record.headersMs !== null) this.delayMs = 0;
    return 0;
  }
}
