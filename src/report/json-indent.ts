// Re-indents compact JSON held in byte pieces, as JSON.stringify(value, null, 2) (and aiperf's orjson) lay it out, without parsing it.

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const COMMA = 0x2c;
const COLON = 0x3a;
const WHITESPACE = new Set([0x20, 0x09, 0x0a, 0x0d]);

/**
 * The compact JSON value in `pieces` (split anywhere, even inside a string or an escape) laid out with 2-space
 * indentation, its first line at no indent and later lines `depth` levels in, so it can sit inside an enclosing
 * document. Returns byte pieces to write in order: the contents of strings are slices of the input, never copied,
 * so a request body with images costs little more than its pieces.
 */
export function indentJson(pieces: readonly Buffer[], depth: number): Buffer[] {
  const out: Buffer[] = [];
  let text = '';
  const flush = (): void => {
    if (text) out.push(Buffer.from(text, 'latin1'));
    text = '';
  };
  const newline = (): string => `\n${'  '.repeat(depth)}`;
  let inString = false;
  let escaped = false;
  /** An opening bracket whose line break waits for the next token: an empty container stays on one line ({}, []). */
  let pendingOpen = 0;
  for (const piece of pieces) {
    let i = 0;
    // The next quote and backslash at or after i (-1: none left), found once each and not searched again until
    // passed, so a long string with many escapes is scanned once.
    let quoteAt = -2;
    let slashAt = -2;
    while (i < piece.length) {
      if (inString) {
        // Copy up to and including the closing quote, stepping over escapes.
        const start = i;
        if (escaped) {
          escaped = false;
          i++;
        }
        while (i < piece.length) {
          if (quoteAt !== -1 && quoteAt < i) quoteAt = piece.indexOf(QUOTE, i);
          if (slashAt !== -1 && slashAt < i) slashAt = piece.indexOf(BACKSLASH, i);
          if (slashAt >= 0 && (quoteAt < 0 || slashAt < quoteAt)) {
            escaped = slashAt + 1 === piece.length;
            i = Math.min(slashAt + 2, piece.length);
          } else if (quoteAt >= 0) {
            i = quoteAt + 1;
            inString = false;
            break;
          } else {
            i = piece.length;
          }
        }
        flush();
        out.push(piece.subarray(start, i));
        continue;
      }
      const byte = piece[i++]!;
      if (WHITESPACE.has(byte)) continue;
      if (pendingOpen !== 0) {
        const closes = (pendingOpen === OPEN_OBJECT && byte === CLOSE_OBJECT) || (pendingOpen === OPEN_ARRAY && byte === CLOSE_ARRAY);
        pendingOpen = 0;
        if (closes) {
          depth--;
          text += String.fromCharCode(byte);
          continue;
        }
        text += newline();
      }
      switch (byte) {
        case OPEN_OBJECT:
        case OPEN_ARRAY:
          text += String.fromCharCode(byte);
          depth++;
          pendingOpen = byte;
          break;
        case CLOSE_OBJECT:
        case CLOSE_ARRAY:
          depth--;
          text += `${newline()}${String.fromCharCode(byte)}`;
          break;
        case COMMA:
          text += `,${newline()}`;
          break;
        case COLON:
          text += ': ';
          break;
        case QUOTE:
          text += '"';
          inString = true;
          break;
        default:
          text += String.fromCharCode(byte); // numbers, true, false, null: ASCII
      }
    }
  }
  flush();
  return out;
}
