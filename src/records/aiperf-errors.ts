// mmload's failure kinds under the names aiperf gives them: its exception class names, or the HTTP reason phrase.
import { STATUS_CODES } from 'node:http';
import type { ErrorType, RequestError } from '../client/request-record.js';
import type { ErrorCount } from '../metrics/metric-results.js';

/** aiperf's error details: `code` only when there is one; `type` and `message` always. */
export interface AiperfErrorDetails {
  readonly code?: number;
  readonly type: string;
  readonly message: string;
}

/** HTTP code aiperf gives a request it cancelled. */
const CANCELLED_CODE = 499;

/**
 * The class name of the exception aiperf's HTTP client (aiohttp) ends with for the same failure. An HTTP error
 * has none: aiperf names it by the status's reason phrase (see aiperfErrorType).
 */
const AIPERF_TYPE: Readonly<Record<Exclude<ErrorType, 'http_error'>, string>> = {
  timeout: 'TimeoutError',
  connection_refused: 'ClientConnectorError',
  connection_error: 'ClientConnectorError',
  stream_reset: 'ClientPayloadError',
  malformed_sse: 'JSONDecodeError',
  error_event: 'SSEResponseError',
  empty_response: 'InvalidInferenceResultError',
  cancelled: 'RequestCancellationError',
  // aiperf has no failure of its own client for this; Python's catch-all for such an error, the message says which.
  client_error: 'RuntimeError',
};

/** aiperf's `type` for a failure: "Service Unavailable" for an HTTP 503, "TimeoutError" for a timeout, … */
export function aiperfErrorType(type: ErrorType, code: number | null): string {
  if (type !== 'http_error') return AIPERF_TYPE[type];
  return (code !== null && STATUS_CODES[code]) || `HTTP ${code ?? 'error'}`;
}

/** A failure as aiperf writes it in profile_export.jsonl's `error` and in error_summary. */
export function aiperfErrorDetails({ code, type, message }: Pick<RequestError, 'code' | 'type' | 'message'>): AiperfErrorDetails {
  const aiperfCode = type === 'cancelled' ? CANCELLED_CODE : code;
  return { ...(aiperfCode === null ? {} : { code: aiperfCode }), type: aiperfErrorType(type, code), message };
}

/** error_summary under aiperf's names: failures that aiperf names alike are one entry; most frequent first. */
export function aiperfErrorSummary(errors: readonly ErrorCount[]): { error_details: AiperfErrorDetails; count: number }[] {
  const grouped = new Map<string, { error_details: AiperfErrorDetails; count: number }>();
  for (const error of errors) {
    const details = aiperfErrorDetails(error);
    const key = JSON.stringify([details.code, details.type, details.message]);
    const entry = grouped.get(key);
    if (entry) entry.count += error.count;
    else grouped.set(key, { error_details: details, count: error.count });
  }
  return [...grouped.values()].sort((a, b) => b.count - a.count);
}
