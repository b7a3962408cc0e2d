// Python's str.strip() with no argument: what the reference strips from category levels and brands.

// str.isspace() characters: Unicode White_Space plus the separators \x1c–\x1f. Unlike JavaScript's trim(), U+FEFF is kept.
const PYTHON_WHITESPACE = '\\t\\n\\v\\f\\r\\x1c-\\x20\\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';
const EDGES = new RegExp(`^[${PYTHON_WHITESPACE}]+|[${PYTHON_WHITESPACE}]+$`, 'g');

/** `text` without the whitespace Python's strip() removes from both ends. */
export function pythonStrip(text: string): string {
  return text.replace(EDGES, '');
}
