// Reads Prometheus' text exposition format (0.0.4, and OpenMetrics 1.0's) line by line: samples, and the HELP/TYPE/UNIT lines.
// Hand-written on purpose: the npm parsers (parse-prometheus-text-format, exposition) merge a histogram's labelled series
// into one and split prometheus_client's counters from their TYPE line, and are unmaintained; families.ts groups these lines.

export interface Sample {
  /** As written, suffix included (`vllm:mm_cache_hits_total`, `…_bucket`, `…_sum`). */
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  /** NaN, +Inf and -Inf are kept as such. */
  readonly value: number;
}

/** A `# HELP`, `# TYPE` or `# UNIT` line: the metric name it is about and the rest of the line (HELP's escapes read). */
export interface Descriptor {
  readonly keyword: 'HELP' | 'TYPE' | 'UNIT';
  readonly name: string;
  readonly text: string;
}

/** What `scanExposition` hands on for each line it understands. */
export interface ExpositionVisitor {
  sample(sample: Sample): void;
  descriptor?(descriptor: Descriptor): void;
}

/**
 * Every sample whose name `wanted` accepts (all when omitted). Comments (`# HELP`, `# TYPE`, `# EOF`, anything after
 * `#`), blank lines and malformed lines are skipped; timestamps and OpenMetrics exemplars are read past and dropped.
 */
export function parseExposition(text: string, wanted?: (name: string) => boolean): Sample[] {
  const samples: Sample[] = [];
  scanExposition(text, { sample: (sample) => samples.push(sample) }, wanted);
  return samples;
}

/**
 * Hands `visitor` each sample (whose name `wanted` accepts) and each HELP/TYPE/UNIT line, in body order; stops at
 * OpenMetrics' `# EOF`. Other comments, blank lines and malformed lines are skipped.
 */
export function scanExposition(text: string, visitor: ExpositionVisitor, wanted?: (name: string) => boolean): void {
  const line = new LineCursor(text);
  for (let start = 0; start < text.length; ) {
    const newline = text.indexOf('\n', start);
    const end = newline < 0 ? text.length : newline;
    line.reset(start, end);
    line.skipSpace();
    if (line.peek() === '#') {
      if (readComment(line, visitor) === 'eof') return;
    } else {
      const sample = readSample(line, wanted);
      if (sample !== null) visitor.sample(sample);
    }
    start = end + 1;
  }
}

/** `# HELP name text`, `# TYPE name type`, `# UNIT name unit` go to the visitor; `# EOF` ends the body. */
function readComment(line: LineCursor, visitor: ExpositionVisitor): 'eof' | null {
  line.advance();
  line.skipSpace();
  const keyword = line.readToken();
  if (keyword === 'EOF') return 'eof';
  if ((keyword !== 'HELP' && keyword !== 'TYPE' && keyword !== 'UNIT') || visitor.descriptor === undefined) return null;
  line.skipSpace();
  const name = line.readName(true);
  if (name === '') return null;
  line.skipSpace();
  const rest = line.rest().trimEnd();
  visitor.descriptor({ keyword, name, text: keyword === 'HELP' ? unescapeHelp(rest) : rest });
  return null;
}

/** HELP text escapes only `\\` and `\n`. */
function unescapeHelp(text: string): string {
  return text.includes('\\') ? text.replace(/\\(.)/g, (escape, c: string) => (c === 'n' ? '\n' : c === '\\' ? '\\' : escape)) : text;
}

function readSample(line: LineCursor, wanted: ((name: string) => boolean) | undefined): Sample | null {
  if (line.done()) return null;
  const name = line.readName(true);
  if (name === '' || (wanted !== undefined && !wanted(name))) return null;
  line.skipSpace();
  const labels: Record<string, string> = Object.create(null) as Record<string, string>;
  if (line.peek() === '{' && !readLabels(line, labels)) return null;
  line.skipSpace();
  const value = parseValue(line.readToken());
  return value === null ? null : { name, labels, value };
}

/** From `{` to past `}`: `name="value"` pairs, commas between, a trailing comma allowed; false when malformed. */
function readLabels(line: LineCursor, labels: Record<string, string>): boolean {
  line.advance();
  line.skipSpace();
  while (line.peek() !== '}') {
    const key = line.readName(false);
    line.skipSpace();
    if (key === '' || line.peek() !== '=') return false;
    line.advance();
    line.skipSpace();
    const value = line.readQuoted();
    if (value === null) return false;
    labels[key] = value;
    line.skipSpace();
    if (line.peek() === ',') {
      line.advance();
      line.skipSpace();
    } else if (line.peek() !== '}') {
      return false;
    }
  }
  line.advance();
  return true;
}

/** Go's ParseFloat spellings of the special values, as Prometheus writes and reads them. */
function parseValue(token: string): number | null {
  switch (token.toLowerCase()) {
    case '':
      return null;
    case 'nan':
      return Number.NaN;
    case 'inf':
    case '+inf':
      return Number.POSITIVE_INFINITY;
    case '-inf':
      return Number.NEGATIVE_INFINITY;
  }
  const value = Number(token);
  return Number.isNaN(value) ? null : value;
}

/** A position inside one line of the body; reads by index so skipped lines cost no allocation. */
class LineCursor {
  private pos = 0;
  private end = 0;

  constructor(private readonly text: string) {}

  reset(start: number, end: number): void {
    this.pos = start;
    this.end = end > start && this.text.charCodeAt(end - 1) === 13 ? end - 1 : end; // CRLF bodies
  }

  done(): boolean {
    return this.pos >= this.end;
  }

  /** The current character, or '' at the end of the line. */
  peek(): string {
    return this.pos < this.end ? this.text[this.pos]! : '';
  }

  advance(): void {
    this.pos++;
  }

  skipSpace(): void {
    while (this.pos < this.end && (this.text.charCodeAt(this.pos) === 32 || this.text.charCodeAt(this.pos) === 9)) this.pos++;
  }

  /** [a-zA-Z_:][a-zA-Z0-9_:]* for metric names, the same without ':' for label names; '' when none. */
  readName(metric: boolean): string {
    const start = this.pos;
    while (this.pos < this.end) {
      const c = this.text.charCodeAt(this.pos);
      const letter = (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || (metric && c === 58);
      if (!letter && !(this.pos > start && c >= 48 && c <= 57)) break;
      this.pos++;
    }
    return this.text.slice(start, this.pos);
  }

  /** The rest of the line. */
  rest(): string {
    const text = this.text.slice(this.pos, this.end);
    this.pos = this.end;
    return text;
  }

  /** Everything up to the next space or tab. */
  readToken(): string {
    const start = this.pos;
    while (this.pos < this.end && this.text.charCodeAt(this.pos) !== 32 && this.text.charCodeAt(this.pos) !== 9) this.pos++;
    return this.text.slice(start, this.pos);
  }

  /** A double-quoted label value with `\\`, `\"` and `\n` escapes, cursor past the closing quote; null when unclosed. */
  readQuoted(): string | null {
    if (this.peek() !== '"') return null;
    let out = '';
    let from = ++this.pos;
    while (this.pos < this.end) {
      const c = this.text[this.pos]!;
      if (c === '"') {
        out += this.text.slice(from, this.pos++);
        return out;
      }
      if (c === '\\' && this.pos + 1 < this.end) {
        const next = this.text[this.pos + 1]!;
        out += this.text.slice(from, this.pos) + (next === 'n' ? '\n' : next);
        this.pos += 2;
        from = this.pos;
      } else {
        this.pos++;
      }
    }
    return null;
  }
}
