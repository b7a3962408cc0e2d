// A stream's events repeat the same bytes around a changing text: match them against the last one instead of parsing.
import { lastTextString, scanString, type ScannedChunk } from './chunk-scan.js';

/** Streams whose template keeps changing (per-chunk usage, say) stop being templated after this many changes. */
const MAX_CHANGES = 8;

/**
 * One stream's template: the bytes of a whole SSE event (its lines through the blank one) whose chunk was
 * scanned and held exactly one text string, split around that string. An event whose bytes equal the
 * template's before and after its own text string differs only inside a JSON string (which cannot hold a
 * line break), so it is one event whose chunk says what the template's said, with its own text: exact,
 * without splitting lines or scanning the JSON.
 */
export class ChunkTemplate {
  /** Bytes before the text's contents (through its opening quote) and from its closing quote to the event's end. */
  #head: Buffer | null = null;
  #tail: Buffer | null = null;
  #reasoning = false;
  #finishReason: string | null = null;
  #promptTokens: number | null = null;
  #completionTokens: number | null = null;
  #reasoningTokens: number | null = null;
  #cachedTokens: number | null = null;
  #changes = 0;

  /** Reads the event at buf[at, end) into `out` when it fits the template; returns where it ends, or -1. */
  match(buf: Buffer, at: number, end: number, out: ScannedChunk): number {
    const head = this.#head;
    const tail = this.#tail;
    if (head === null || tail === null) return -1;
    const open = at + head.length - 1;
    if (end - at < head.length + tail.length - 1 || head.compare(buf, at, open + 1) !== 0) return -1;
    const close = scanString(buf, open, end);
    const after = close + tail.length;
    if (close < 0 || after > end || !sameBytes(tail, buf, close)) return -1;
    const textStart = close > open + 1 ? open + 1 : -1;
    const textEnd = textStart < 0 ? -1 : close;
    out.contentStart = this.#reasoning ? -1 : textStart;
    out.contentEnd = this.#reasoning ? -1 : textEnd;
    out.reasoningStart = this.#reasoning ? textStart : -1;
    out.reasoningEnd = this.#reasoning ? textEnd : -1;
    out.finishReason = this.#finishReason;
    out.promptTokens = this.#promptTokens;
    out.completionTokens = this.#completionTokens;
    out.reasoningTokens = this.#reasoningTokens;
    out.cachedTokens = this.#cachedTokens;
    return after;
  }

  /** After scanChunk read the event buf[eventStart, eventEnd) into `out`: makes it the template if it can be one. */
  learn(buf: Buffer, eventStart: number, eventEnd: number, out: ScannedChunk): void {
    if (this.#changes >= MAX_CHANGES) return;
    const text = lastTextString();
    if (text === null) return;
    if (this.#head !== null && ++this.#changes >= MAX_CHANGES) {
      // It keeps changing: matching would fail on every event, so every event is read in full from now on.
      this.#head = this.#tail = null;
      return;
    }
    this.#head = Buffer.from(buf.subarray(eventStart, text.open + 1));
    this.#tail = Buffer.from(buf.subarray(text.close, eventEnd));
    this.#reasoning = text.reasoning;
    this.#finishReason = out.finishReason;
    this.#promptTokens = out.promptTokens;
    this.#completionTokens = out.completionTokens;
    this.#reasoningTokens = out.reasoningTokens;
    this.#cachedTokens = out.cachedTokens;
  }
}

/**
 * Whether `bytes` lie in buf at `at` (the caller checked that they fit). For the short tail of an event a loop costs
 * less than a second call of Buffer.compare, whose native call is worth its fixed cost only on the long head.
 */
function sameBytes(bytes: Buffer, buf: Buffer, at: number): boolean {
  for (let k = 0; k < bytes.length; k++) if (bytes[k] !== buf[at + k]) return false;
  return true;
}
