// An exact, validating byte scan of one chat.completion.chunk for the few fields the client reads: no JSON.parse, no strings.

/** What a scanned chunk says. Text ranges are byte offsets of a string's contents (quotes excluded) in the scanned buffer. */
export interface ScannedChunk {
  /** Non-empty delta.reasoning_content (or delta.reasoning when that is absent or null); start -1 when none. */
  reasoningStart: number;
  reasoningEnd: number;
  /** Non-empty delta.content; start -1 when none. */
  contentStart: number;
  contentEnd: number;
  /** choices[0].finish_reason when it is a string; null otherwise. */
  finishReason: string | null;
  /** usage.prompt_tokens and usage.completion_tokens when numbers; null otherwise. */
  promptTokens: number | null;
  completionTokens: number | null;
  /** usage.completion_tokens_details.reasoning_tokens and usage.prompt_tokens_details.cached_tokens when numbers; null otherwise. */
  reasoningTokens: number | null;
  cachedTokens: number | null;
}

/**
 * Scans buf[start, end) as one JSON object and fills `out`. Returns false, with `out` unusable, whenever the bytes
 * are not plain valid JSON of the usual shape: invalid JSON, an `error` that is not null, `"object": "error"`, an escaped key, a
 * repeated key of interest, or a field of interest of an unexpected type. The caller then parses the text with
 * JSON.parse, which decides: so a scan that succeeds reads exactly what JSON.parse would, and one that fails costs
 * only the time it took.
 */
export function scanChunk(buf: Buffer, start: number, end: number, out: ScannedChunk): boolean {
  out.reasoningStart = out.reasoningEnd = out.contentStart = out.contentEnd = -1;
  out.finishReason = null;
  out.promptTokens = out.completionTokens = out.reasoningTokens = out.cachedTokens = null;
  const scan = SCAN;
  scan.buf = buf;
  scan.end = end;
  scan.out = out;
  scan.seen = 0;
  scan.textStrings = 0;
  scan.i = scan.ws(start);
  try {
    return scan.object(TOP) && scan.ws(scan.i) === end;
  } catch {
    return false; // nesting deep enough to exhaust the stack: JSON.parse decides (and says why)
  }
}

/**
 * After a scan that returned true: where the delta's one text string (content, reasoning_content or reasoning, even
 * empty) lies, from its opening to its closing quote; null when the delta held no such string or more than one.
 */
export function lastTextString(): { readonly open: number; readonly close: number; readonly reasoning: boolean } | null {
  return SCAN.textStrings === 1 ? { open: SCAN.textOpen, close: SCAN.textClose, reasoning: SCAN.textIsReasoning } : null;
}

/** Validates a JSON string whose opening quote is at buf[open]; returns the index of its closing quote, or -1. */
export function scanString(buf: Buffer, open: number, end: number): number {
  const scan = SCAN;
  scan.buf = buf;
  scan.end = end;
  scan.i = open;
  return scan.string() ? scan.i - 1 : -1;
}

/** The objects whose keys the scan reads; any other object is only validated. */
const SKIP = 0;
const TOP = 1;
const CHOICE = 2;
const DELTA = 3;
const USAGE = 4;
const PROMPT_DETAILS = 5;
const COMPLETION_DETAILS = 6;
type Context = typeof SKIP | typeof TOP | typeof CHOICE | typeof DELTA | typeof USAGE | typeof PROMPT_DETAILS | typeof COMPLETION_DETAILS;

/** Keys of interest, each a bit of Scan.seen within its object (a repeat gives up: JSON.parse keeps the last). */
const OTHER = 0;
const CHOICES = 1;
const USAGE_KEY = 2;
const ERROR = 4;
const OBJECT = 8;
const DELTA_KEY = 1;
const FINISH_REASON = 2;
const CONTENT = 1;
const REASONING_CONTENT = 2;
const REASONING = 4;
/** Not a key: reasoning_content was a string, so it wins over reasoning (`reasoning_content ?? reasoning`). */
const REASONING_CONTENT_STRING = 8;
const PROMPT_TOKENS = 1;
const COMPLETION_TOKENS = 2;
const PROMPT_DETAILS_KEY = 4;
const COMPLETION_DETAILS_KEY = 8;
const CACHED_TOKENS = 1;
const REASONING_TOKENS = 1;

const KEYS: readonly (readonly [Context, string, number])[] = [
  [TOP, 'choices', CHOICES], [TOP, 'usage', USAGE_KEY], [TOP, 'error', ERROR], [TOP, 'object', OBJECT],
  [CHOICE, 'delta', DELTA_KEY], [CHOICE, 'finish_reason', FINISH_REASON],
  [DELTA, 'content', CONTENT], [DELTA, 'reasoning_content', REASONING_CONTENT], [DELTA, 'reasoning', REASONING],
  [USAGE, 'prompt_tokens', PROMPT_TOKENS], [USAGE, 'completion_tokens', COMPLETION_TOKENS],
  [USAGE, 'prompt_tokens_details', PROMPT_DETAILS_KEY], [USAGE, 'completion_tokens_details', COMPLETION_DETAILS_KEY],
  [PROMPT_DETAILS, 'cached_tokens', CACHED_TOKENS], [COMPLETION_DETAILS, 'reasoning_tokens', REASONING_TOKENS],
];
/** Per context, the keys of interest as bytes with their bit. */
const KEY_BYTES: readonly (readonly (readonly [Buffer, number])[])[] = [SKIP, TOP, CHOICE, DELTA, USAGE, PROMPT_DETAILS, COMPLETION_DETAILS].map((context) =>
  KEYS.filter(([c]) => c === context).map(([, name, bit]) => [Buffer.from(name), bit] as const));

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const NULL = Buffer.from('null');
const ERROR_OBJECT = Buffer.from('"error"');
const TRUE = Buffer.from('true');
const FALSE = Buffer.from('false');
/** finish_reason values shared rather than decoded per chunk. */
const COMMON_REASONS = ['stop', 'length', 'tool_calls', 'content_filter'].map((r) => [Buffer.from(r), r] as const);

/** A cursor over the bytes; every method either consumes a valid construct or returns false/null. */
class Scan {
  buf: Buffer = Buffer.alloc(0);
  end = 0;
  i = 0;
  out!: ScannedChunk;
  /** Whether the last string() held an escape. */
  escaped = false;
  /** Keys of interest already read in the object being scanned. */
  seen = 0;
  /** Text strings (content, reasoning_content, reasoning) in the delta, and the last one's quotes. */
  textStrings = 0;
  textOpen = 0;
  textClose = 0;
  textIsReasoning = false;

  ws(i: number): number {
    const { buf, end } = this;
    while (i < end) {
      const c = buf[i]!;
      if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) break;
      i++;
    }
    return i;
  }

  object(context: Context): boolean {
    if (this.buf[this.i] !== 0x7b) return false;
    this.i = this.ws(this.i + 1);
    if (this.buf[this.i] === 0x7d) {
      this.i++;
      return true;
    }
    const outer = this.seen;
    this.seen = 0;
    const ok = this.members(context);
    this.seen = outer;
    return ok;
  }

  /** The key-value pairs of an object after its opening brace, through the closing one. */
  members(context: Context): boolean {
    const { buf } = this;
    for (;;) {
      const key = this.i;
      if (!this.string() || this.escaped) return false;
      const bit = context === SKIP ? OTHER : this.keyBit(context, key + 1, this.i - 1);
      this.i = this.ws(this.i);
      if (buf[this.i] !== 0x3a) return false;
      this.i = this.ws(this.i + 1);
      if (bit !== OTHER) {
        if (this.seen & bit) return false;
        this.seen |= bit;
      }
      if (!(bit === OTHER ? this.skip() : this.field(context, bit))) return false;
      this.i = this.ws(this.i);
      const c = buf[this.i];
      this.i = this.ws(this.i + 1);
      if (c === 0x7d) return true;
      if (c !== 0x2c) return false;
    }
  }

  keyBit(context: Context, from: number, to: number): number {
    for (const [name, bit] of KEY_BYTES[context]!) if (this.equals(from, to, name)) return bit;
    return OTHER;
  }

  /** The value of a key of interest, at i. */
  field(context: Context, bit: number): boolean {
    const out = this.out;
    if (context === TOP) {
      if (bit === CHOICES) return this.literal(NULL) || this.choices();
      if (bit === ERROR) return this.literal(NULL);
      // vLLM's error response ({"object": "error", "message", "code"}) is JSON.parse's to read.
      if (bit === OBJECT) return !this.literal(ERROR_OBJECT) && this.skip();
      return this.literal(NULL) || this.object(USAGE);
    }
    if (context === USAGE && bit === PROMPT_DETAILS_KEY) return this.literal(NULL) || this.object(PROMPT_DETAILS);
    if (context === USAGE && bit === COMPLETION_DETAILS_KEY) return this.literal(NULL) || this.object(COMPLETION_DETAILS);
    if (context === USAGE || context === PROMPT_DETAILS || context === COMPLETION_DETAILS) {
      const value = this.number();
      if (value === null) return false;
      if (context === PROMPT_DETAILS) out.cachedTokens = value;
      else if (context === COMPLETION_DETAILS) out.reasoningTokens = value;
      else if (bit === PROMPT_TOKENS) out.promptTokens = value;
      else out.completionTokens = value;
      return true;
    }
    if (context === CHOICE && bit === DELTA_KEY) return this.literal(NULL) || this.object(DELTA);
    if (this.literal(NULL)) return true;
    const from = this.i;
    if (!this.string()) return false;
    if (context === CHOICE) {
      out.finishReason = this.decode(from, this.i);
      return true;
    }
    this.textStrings++;
    this.textOpen = from;
    this.textClose = this.i - 1;
    this.textIsReasoning = bit !== CONTENT;
    const start = this.i - from > 2 ? from + 1 : -1;
    const end = start < 0 ? -1 : this.i - 1;
    if (bit === CONTENT) {
      out.contentStart = start;
      out.contentEnd = end;
    } else if (bit === REASONING_CONTENT || !(this.seen & REASONING_CONTENT_STRING)) {
      if (bit === REASONING_CONTENT) this.seen |= REASONING_CONTENT_STRING;
      out.reasoningStart = start;
      out.reasoningEnd = end;
    }
    return true;
  }

  /** choices (not null): an array whose first element, an object, is read; the rest are only validated. */
  choices(): boolean {
    if (this.buf[this.i] !== 0x5b) return false;
    this.i = this.ws(this.i + 1);
    if (this.buf[this.i] === 0x5d) {
      this.i++;
      return true;
    }
    return this.object(CHOICE) && this.restOfArray();
  }

  equals(from: number, to: number, name: Buffer): boolean {
    if (to - from !== name.length) return false;
    const { buf } = this;
    for (let k = 0; k < name.length; k++) if (buf[from + k] !== name[k]) return false;
    return true;
  }

  literal(word: Buffer): boolean {
    if (this.i + word.length > this.end || !this.equals(this.i, this.i + word.length, word)) return false;
    this.i += word.length;
    return true;
  }

  /** A string at i; leaves i after its closing quote and sets `escaped`. Control characters and bad escapes fail. */
  string(): boolean {
    const { buf, end } = this;
    if (buf[this.i] !== QUOTE) return false;
    let i = this.i + 1;
    let escaped = false;
    while (i < end) {
      const c = buf[i]!;
      if (c === QUOTE) {
        this.i = i + 1;
        this.escaped = escaped;
        return true;
      }
      if (c === BACKSLASH) {
        escaped = true;
        const e = buf[i + 1];
        if (e === 0x75) {
          for (let k = i + 2; k < i + 6; k++) if (k >= end || !isHex(buf[k]!)) return false;
          i += 6;
          continue;
        }
        if (e !== QUOTE && e !== BACKSLASH && e !== 0x2f && e !== 0x62 && e !== 0x66 && e !== 0x6e && e !== 0x72 && e !== 0x74) return false;
        i += 2;
        continue;
      }
      if (c < 0x20) return false;
      i++;
    }
    return false;
  }

  /** The string literal buf[from, to) (quotes included), decoded; a common finish reason is shared, not decoded. */
  decode(from: number, to: number): string {
    if (!this.escaped) {
      for (const [bytes, text] of COMMON_REASONS) if (this.equals(from + 1, to - 1, bytes)) return text;
    }
    const raw = this.buf.toString('utf8', from, to);
    return this.escaped ? (JSON.parse(raw) as string) : raw.slice(1, -1);
  }

  /** A JSON number at i (strict grammar), as JSON.parse reads it; null when there is none. */
  number(): number | null {
    const { buf, end } = this;
    const from = this.i;
    let i = from;
    if (buf[i] === 0x2d) i++;
    if (buf[i] === 0x30) i++;
    else if (isDigit(buf[i])) while (i < end && isDigit(buf[i])) i++;
    else return null;
    let integer = true;
    if (buf[i] === 0x2e) {
      integer = false;
      if (!isDigit(buf[++i])) return null;
      while (i < end && isDigit(buf[i])) i++;
    }
    if (buf[i] === 0x65 || buf[i] === 0x45) {
      integer = false;
      i++;
      if (buf[i] === 0x2b || buf[i] === 0x2d) i++;
      if (!isDigit(buf[i])) return null;
      while (i < end && isDigit(buf[i])) i++;
    }
    this.i = i;
    if (integer && i - from < 16) {
      let value = 0;
      for (let k = buf[from] === 0x2d ? from + 1 : from; k < i; k++) value = value * 10 + (buf[k]! - 0x30);
      return buf[from] === 0x2d ? -value : value;
    }
    return Number(buf.toString('latin1', from, i));
  }

  /** Consumes any valid JSON value. */
  skip(): boolean {
    const c = this.buf[this.i];
    if (c === QUOTE) return this.string();
    if (c === 0x7b) return this.object(SKIP);
    if (c === 0x5b) {
      this.i = this.ws(this.i + 1);
      if (this.buf[this.i] === 0x5d) {
        this.i++;
        return true;
      }
      return this.skip() && this.restOfArray();
    }
    if (c === 0x74) return this.literal(TRUE);
    if (c === 0x66) return this.literal(FALSE);
    if (c === 0x6e) return this.literal(NULL);
    return this.number() !== null;
  }

  /** After an array element: more elements (validated, not read) up to the closing bracket. */
  restOfArray(): boolean {
    for (;;) {
      this.i = this.ws(this.i);
      const c = this.buf[this.i];
      this.i = this.ws(this.i + 1);
      if (c === 0x5d) return true;
      if (c !== 0x2c || !this.skip()) return false;
    }
  }
}

/** One scanner, reused: a scan runs start to end synchronously, so no two ever overlap. */
const SCAN = new Scan();

function isDigit(c: number | undefined): boolean {
  return c !== undefined && c >= 0x30 && c <= 0x39;
}

function isHex(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);
}
