// The bytes of a text as it stands inside a JSON string literal: what a pre-serialised body splices in.

/** The bytes of `text` inside a JSON string literal, without the quotes. */
export function jsonStringBytes(text: string): Buffer {
  return Buffer.from(JSON.stringify(text).slice(1, -1), 'utf8');
}
