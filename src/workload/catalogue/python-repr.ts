// Python's repr of a string and str() of a list of strings: how the Q3VL reference prints the candidate categories.

/**
 * `repr(text)` as CPython writes it: single quotes unless the text holds a ' and no " (then double quotes); the
 * backslash, the chosen quote, \t \n \r and other control characters escaped; other non-ASCII characters raw.
 */
export function pythonStrRepr(text: string): string {
  const quote = text.includes("'") && !text.includes('"') ? '"' : "'";
  let out = quote;
  for (const char of text) out += escapeChar(char, quote);
  return out + quote;
}

/** `str(items)` for a list of strings: `['A > B', "Men's > C"]`. */
export function pythonListRepr(items: readonly string[]): string {
  return `[${items.map(pythonStrRepr).join(', ')}]`;
}

const NAMED: Readonly<Record<string, string>> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

function escapeChar(char: string, quote: string): string {
  if (char === quote) return `\\${quote}`;
  const named = NAMED[char];
  if (named !== undefined) return named;
  const code = char.codePointAt(0)!;
  // C0 and C1 controls, DEL and the no-break space are not printable in Python: \xNN.
  if (code < 0x20 || (code >= 0x7f && code <= 0xa0)) return `\\x${code.toString(16).padStart(2, '0')}`;
  return char;
}
