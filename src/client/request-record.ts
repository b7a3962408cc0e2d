// What the client records about one request: monotonic timestamps, tokens, bytes and a typed error.
import type { SessionTag } from '../workload/prepared-request.js';

/** The closed set of failure kinds a request can end with. */
export type ErrorType =
  | 'connection_refused' // nothing listening at the address
  | 'connection_error' // DNS failure, socket error before any response
  | 'timeout' // --request-timeout-seconds elapsed
  | 'http_error' // a non-2xx status; message holds the server's message
  | 'stream_reset' // connection closed or reset after the response started, before [DONE]
  | 'malformed_sse' // an event whose data is not JSON, or a stream that is not SSE
  | 'error_event' // a mid-stream event with an `error` key
  | 'empty_response' // stream ended properly but carried no content at all
  | 'cancelled' // the run was interrupted (Ctrl-C) while the request was in flight
  | 'client_error'; // mmload itself failed it: the client worker thread carrying it died (the server may never have seen it)

export interface RequestError {
  /** HTTP status when there was one, else null. */
  readonly code: number | null;
  readonly type: ErrorType;
  readonly message: string;
}

/** Server-reported token usage (the last usage object of the stream, or of a non-streaming reply); null where the server gave no figure. */
export interface Usage {
  readonly promptTokens: number | null;
  readonly completionTokens: number;
  /** completion_tokens_details.reasoning_tokens */
  readonly reasoningTokens: number | null;
  /** prompt_tokens_details.cached_tokens: prompt tokens the server's prefix cache served */
  readonly cachedTokens: number | null;
}

/**
 * Times are milliseconds on the monotonic clock (performance.now(): sub-microsecond resolution).
 * Convert to wall-clock epoch with performance.timeOrigin + t.
 */
export interface RequestRecord {
  /** Index of the PreparedRequest that was sent. */
  readonly requestIndex: number;
  readonly phase: 'warmup' | 'profiling';
  /** Sent as the X-Request-ID header: joins the record with server logs. */
  readonly xRequestId: string;
  /** When the load shape meant to send it (open-loop shapes), or null (closed loop: sent when a slot frees). */
  intendedMs: number | null;
  /** When the send started (before the request was handed to the connection pool). */
  readonly startMs: number;
  /** When the request body was fully written to the socket. */
  bodySentMs: number | null;
  /** When the response status line and headers arrived. */
  headersMs: number | null;
  /** Arrival time of every chunk with non-empty delta.content (or reasoning content), in order. */
  readonly chunkMs: number[];
  /** Tokens in each content chunk, when the server said so (per-chunk usage); else empty. */
  readonly chunkTokens: number[];
  /** When the request finished: [DONE] / end of body on success, the failure time on error. */
  endMs: number;
  /** The response was an event stream (false for a single JSON reply, or before any response). */
  streamed: boolean;
  /** HTTP status, or null if none was received. */
  status: number | null;
  usage: Usage | null;
  /** Concatenated delta.content text, kept for client-side token counts (null when none came or none is kept). */
  contentText: string | null;
  /** Concatenated reasoning text (reasoning_content, or reasoning), kept likewise. */
  reasoningText: string | null;
  finishReason: string | null;
  readonly bodyBytes: number;
  /** The workload ids of the images its request sent, in order (PreparedRequest.imageIds; empty or absent: none). */
  readonly imageIds?: readonly number[];
  responseBytes: number;
  error: RequestError | null;
  /** The conversation this request is a turn of; absent for a single-turn request. */
  readonly session?: SessionTag;
  /** A conversation turn's prompt texts as sent, history and answers included (each send's own); absent otherwise. */
  readonly promptTexts?: readonly string[];
  /** A conversation turn's expected ISL with its history (each send's own, see ConversationRun); absent otherwise. */
  readonly expectedIsl?: number | null;
}
