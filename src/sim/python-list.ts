// Reads back a list of strings as Python prints it (`str(list)`): how the MLPerf Q3VL request carries its candidates.

/** Single-character escapes of Python's repr. */
const NAMED: Readonly<Record<string, string>> = { '\\': '\\', "'": "'", '"': '"', t: '\t', n: '\n', r: '\r' };
/** Hex escapes and their digit counts: \xNN, \uNNNN, \UNNNNNNNN. */
const HEX_DIGITS: Readonly<Record<string, number>> = { x: 2, u: 4, U: 8 };

/**
 * The strings of `['A > B', "Men's > C", 'Caf\xe9']`: items in single or double quotes, joined by `, `, with the escapes
 * repr writes (\\ \' \" \t \n \r \xNN \uNNNN \UNNNNNNNN). Null when the text is anything else.
 */
export function parsePythonStringList(text: string): string[] | null {
  if (!text.startsWith('[') || !text.endsWith(']')) return null;
  const items: string[] = [];
  let at = 1;
  if (text.length === 2) return items;
  for (;;) {
    const item = readQuoted(text, at);
    if (item === null) return null;
    items.push(item.value);
    at = item.end;
    if (at === text.length - 1) return items;
    if (!text.startsWith(', ', at)) return null;
    at += 2;
  }
}

/** The quoted string starting at `start`, and the index just past its closing quote. */
function readQuoted(text: string, start: number): { value: string; end: number } | null {
  const quote = text[start];
  if (quote !== "'" && quote !== '"') return null;
  let value = '';
  let at = start + 1;
  for (;;) {
    const char = text[at];
    if (char === undefined) return null;
    if (char === quote) return { value, end: at + 1 };
    if (char !== '\\') {
      value += char;
      at++;
      continue;
    }
    const kind = text[at + 1] ?? '';
    const named = NAMED[kind];
    if (named !== undefined) {
      value += named;
      at += 2;
      continue;
    }
    const digits = HEX_DIGITS[kind];
    const hex = digits === undefined ? '' : text.slice(at + 2, at + 2 + digits);
    if (digits === undefined || !new RegExp(`^[0-9a-fA-F]{${digits}}$`).test(hex) || parseInt(hex, 16) > 0x10ffff) return null;
    value += String.fromCodePoint(parseInt(hex, 16));
    at += 2 + digits;
  }
}
