// The simulator's ground truth (--trace FILE): one JSON line per chat request, written when its connection closes.
import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import type { AnswerKind } from './catalogue-answer.js';

/** What the simulator did with one chat request; times are epoch ms. */
export interface TraceRecord {
  x_request_id: string | null;
  /** 0-based arrival order of chat requests. */
  sequence: number;
  /** Request headers received. */
  arrival_epoch_ms: number;
  /** Body fully read (later than arrival with --slow-read); null if it never was. */
  received_epoch_ms: number | null;
  /** HTTP status sent; null when the connection closed before one was. */
  status: number | null;
  /** The injected fault's kind. */
  fault: string | null;
  prompt_tokens: number | null;
  /** Tokens the reply was planned to have. */
  output_tokens: number | null;
  finish_reason: 'length' | 'stop' | null;
  prefix_cache_hit_tokens: number;
  /** Per image: size, tokens, and the embedding cache's answer (null if the request never reached the engine). */
  images: { width: number; height: number; tokens: number; cache: 'hit' | 'miss' | null }[];
  /** When each content chunk was written (one entry for a non-streamed body). */
  token_epoch_ms: number[];
  /**
   * With --mlperf-answer-accuracy, a catalogue request's planned answer (sent unless status or fault says otherwise, cut
   * short if finish_reason is "length"): its kind, the truth as read from the request (truth_known false: the title
   * names no candidate, the first candidate stood in), and the category the answer names; null for other requests.
   */
  mlperf_answer: { kind: AnswerKind; truth: string; truth_known: boolean; category: string } | null;
}

export class TraceWriter {
  private constructor(private readonly out: WriteStream) {}

  /** Creates (or truncates) the file; rejects when it cannot be opened. */
  static async open(path: string): Promise<TraceWriter> {
    const out = createWriteStream(path, { flags: 'w' });
    try {
      await once(out, 'open');
    } catch (err) {
      throw new Error(`cannot write trace ${path}: ${(err as Error).message}`);
    }
    return new TraceWriter(out);
  }

  /** Records that arrive after close() (connections ending late) are dropped. */
  write(record: TraceRecord): void {
    if (!this.out.writableEnded) this.out.write(`${JSON.stringify(record)}\n`);
  }

  /** Flushes what was written and closes the file. */
  async close(): Promise<void> {
    this.out.end();
    await once(this.out, 'close');
  }
}
