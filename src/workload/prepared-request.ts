// A request ready to send: its JSON body pre-serialised as byte pieces, built once before the run.

/**
 * One distinct request of a workload. `body` is the request JSON split into pieces so that
 * large payloads shared by many requests (an image's data URL, the shared system prompt) are one
 * Buffer referenced from every request that uses it, never copied. Concatenating the pieces gives
 * the exact bytes sent on the wire.
 */
export interface PreparedRequest {
  /** Position in the workload (for --input-file: the 0-based line among non-blank lines). */
  readonly index: number;
  /** The JSON body, in order. Pieces may be shared across requests. */
  readonly body: readonly Buffer[];
  /** Sum of the pieces' lengths: the Content-Length. */
  readonly bodyBytes: number;
  /** The prompt's text parts (system prompt first), kept for a client-side ISL when the server reports none. */
  readonly promptTexts: readonly string[];
  /** Number of image parts in the request. */
  readonly imageCount: number;
}

/** What a profile run sends: warm-up requests first, then the profiled ones. */
export interface Workload {
  /** Requests in send order for the profiling phase (already expanded to --request-count). */
  readonly requests: readonly PreparedRequest[];
  /** Requests for the warm-up phase (never enter the metrics). */
  readonly warmup: readonly PreparedRequest[];
  /** A one-line description for the console, e.g. "inputs.jsonl: 100 lines, 300 images (240 distinct)". */
  readonly description: string;
  /** Notices to show before the run (e.g. the input file wrapped around). */
  readonly notices: readonly string[];
}
