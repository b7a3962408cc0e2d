// summary.json's mmload.conversations: a session run's sessions, their latency, and TTFT and ISL per turn index (snake_case, as written).

/** Milliseconds over the sessions that completed: first turn sent to last answer's end. */
export interface SessionLatencyMs {
  readonly avg: number;
  readonly min: number;
  readonly max: number;
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
}

/** The requests of one turn index across sessions (turn_index 0: every session's first turn, as aiperf numbers them). */
export interface TurnSummary {
  readonly turn_index: number;
  readonly requests: number;
  readonly errors: number;
  /** Of the turns that had a first token; null when none did. */
  readonly ttft_ms: { readonly avg: number; readonly p50: number; readonly p90: number; readonly p99: number } | null;
  /** Input tokens (history included), of the successful turns; null when none succeeded. */
  readonly isl: { readonly avg: number } | null;
  readonly request_latency_ms: { readonly avg: number; readonly p50: number; readonly p99: number } | null;
}

export interface ConversationSummary {
  readonly sessions_started: number;
  readonly sessions_completed: number;
  /** Turns sent, over all sessions. */
  readonly turns: number;
  /** Sessions completed per second of the profiled phase; null when it had no duration. */
  readonly sessions_per_sec: number | null;
  /** Null when no session completed. */
  readonly session_latency_ms: SessionLatencyMs | null;
  /** Ascending turn_index. */
  readonly by_turn: readonly TurnSummary[];
}
