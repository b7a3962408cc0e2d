// A request ready to send: its JSON body pre-serialised as byte pieces, built once before the run.

/** Bytes of a body held in a spool file until the request is sent (see body-spool.ts): `length` bytes at `offset` of `fd`. */
export interface SpooledPiece {
  readonly fd: number;
  readonly offset: number;
  readonly length: number;
}

/** A piece of a body: bytes in memory, or bytes in a spool file. `length` is its byte count either way. */
export type BodyPiece = Buffer | SpooledPiece;

/** The conversation a request is a turn of (aiperf's record metadata). */
export interface SessionTag {
  /** The dataset's conversation id. */
  readonly conversationId: string;
  /** 0-based. */
  readonly turnIndex: number;
  /** One id per run of the conversation, sent as X-Correlation-ID with each of its turns. */
  readonly correlationId: string;
  /** The conversation's number of turns (its last has turnIndex turnCount − 1). */
  readonly turnCount: number;
}

/**
 * One distinct request of a workload. `body` is the request JSON split into pieces so that
 * large payloads shared by many requests (an image's data URL, the shared system prompt) are one
 * Buffer referenced from every request that uses it, never copied. Concatenating the pieces gives
 * the exact bytes sent on the wire.
 */
export interface PreparedRequest {
  /** Position in the dataset (for --input-file: the 0-based line among non-blank lines); warm-up requests come after. */
  readonly index: number;
  /** The JSON body, in order. Pieces may be shared across requests; large ones may wait in a spool file. */
  readonly body: readonly BodyPiece[];
  /** Sum of the pieces' lengths: the Content-Length. */
  readonly bodyBytes: number;
  /** The prompt's texts exactly as sent (system prompt first, then the user texts), for a client-side ISL. */
  readonly promptTexts: readonly string[];
  /** The request's image URL pieces, in order: the same objects as in `body`, so identity means the same image. */
  readonly images: readonly BodyPiece[];
  /** The workload's id of each image in `images`, in order (see image-ids.ts): the same image, the same id; records.jsonl's image_ids. */
  readonly imageIds: readonly number[];
  /** Prompt tokens the server should count, by Qwen3-VL's arithmetic; null when unknown (e.g. an image by URL). */
  readonly expectedIsl: number | null;
  /** The output length the entry asks for (its output_length, its OSL draw, or the forced length), against which osl_mismatch_* compare the reply; null when none. */
  readonly requestedOsl: number | null;
  /** When a trace says to send it (ms from the trace's start; --fixed-schedule), or null. */
  readonly timestampMs: number | null;
  /** Set on a conversation's turn as it is sent (see conversation.ts); absent on single-turn requests. */
  readonly session?: SessionTag;
}

/** One turn: its request alone (request-body's HISTORY_SLOT marks where the history goes), its own message, and its think time. */
export interface ConversationTurn {
  readonly request: PreparedRequest;
  /** The turn's message as its body has it, for the history of later turns. */
  readonly message: readonly BodyPiece[];
  /** The turn's own texts (the last entries of request.promptTexts). */
  readonly texts: readonly string[];
  /** Think time before the turn, after the previous turn's reply (ms); 0 for the first turn. */
  readonly delayMs: number;
  /** What its message adds to a later turn's prompt by Qwen3-VL's arithmetic (see messageTokens); null when unknown. */
  readonly messageTokens: number | null;
}

export interface Conversation {
  /** The dataset's conversation id (records' conversation_id). */
  readonly id: string;
  readonly turns: readonly ConversationTurn[];
  /** false: each turn is sent alone, in order (grouped single_turn lines, as aiperf sends them). */
  readonly withHistory: boolean;
}

/** The conversations of a run and how many of their turns and sessions it sends. */
export interface SessionWorkload {
  /** Run in order, starting over at the first when more sessions are started than there are conversations. */
  readonly conversations: readonly Conversation[];
  /** Turns to send at most (--request-count, as aiperf counts it: it may cut a session); undefined: no turn limit. */
  readonly turns: number | undefined;
  /** Sessions to start (--conversation-num; each started one runs to its end); undefined: as turns and duration allow, each conversation once when neither limits. */
  readonly sessions: number | undefined;
}

/** What a workload is, for the console before the run and for the summary after it. */
export interface WorkloadInfo {
  /** Image parts over the profiled requests. */
  readonly imageSlots: number;
  /** Distinct images among them. */
  readonly distinctImages: number;
  /** Hit rate an infinitely large embedding cache would see over the profiled requests in send order: (slots − distinct) / slots. */
  readonly plannedHitRate: number | null;
  /** The profiled requests the plan covers; a run that sends more (a duration wrapping around) re-sends their images. Absent in summaries from before 0.2. */
  readonly plannedRequests?: number;
  /** Encoded bytes of the distinct images (as files, before base64). */
  readonly distinctImageBytes: number;
  /** Expected ISL over the profiled requests (Qwen3-VL arithmetic); null when unknown for some request. */
  readonly expectedIsl: { readonly avg: number; readonly min: number; readonly max: number } | null;
}

/** What a profile run sends: warm-up requests first, then the profiled ones. */
export interface Workload {
  /** The distinct dataset entries in dataset order (creation or file order); `requests` references these objects. */
  readonly entries: readonly PreparedRequest[];
  /** Requests in send order for the profiling phase: entries drawn by the sampling strategy, --request-count of them. */
  readonly requests: readonly PreparedRequest[];
  /** Requests for the warm-up phase (never enter the metrics). */
  readonly warmup: readonly PreparedRequest[];
  /** A one-line description for the console, e.g. "inputs.jsonl: 100 lines, 300 images (240 distinct)". */
  readonly description: string;
  /** Notices to show before the run (e.g. the input file wrapped around). */
  readonly notices: readonly string[];
  readonly info: WorkloadInfo;
  /** Multi-turn sessions: when present, the profiled phase runs these, not `requests`. */
  readonly sessions?: SessionWorkload;
  /** Releases what the workload holds open (the image server in http mode). */
  dispose(): Promise<void>;
}
