// Conversations (multi-turn sessions) as a file or the generator describes them, before any request is built.

/** One turn as described: aiperf's multi_turn turn, a single_turn line grouped by its session_id, or a generated turn. */
export interface TurnSpec {
  /** 1-based line of the input file it came from (0 for a generated turn), for messages. */
  readonly line: number;
  /** The turn's texts (empty ones dropped). */
  readonly texts: readonly string[];
  /** Image references, unresolved: a local path, an http(s) URL or a data URL (see image-refs). */
  readonly images: readonly string[];
  /** vLLM's uuid of each image (mmload's `image_uuids`), as many as `images`. */
  readonly imageUuids?: readonly string[];
  /** Think time in ms before this turn, counted from the previous turn's reply (aiperf's `delay`); a first turn's is never waited. */
  readonly delayMs: number;
  /** The role its message is sent with (aiperf's turn `role`; default "user"). */
  readonly role: string;
  /** The turn's token cap (its `output_length`), winning over --osl. */
  readonly outputLength?: number;
  /** Fields merged into this turn's body after --extra-inputs (the turn wins). */
  readonly extra?: Readonly<Record<string, unknown>>;
}

/** One conversation: its turns in order. */
export interface ConversationSpec {
  /** The dataset's conversation id (aiperf's conversation_id): the line's session_id, else session_NNNNNN by position. */
  readonly id: string;
  readonly turns: readonly TurnSpec[];
  /**
   * true: turn n carries every earlier turn and the server's answers to them (multi_turn files, generated sessions);
   * false: each turn is sent alone, the turns only in order (single_turn lines grouped by session_id, as aiperf sends them).
   */
  readonly withHistory: boolean;
}
