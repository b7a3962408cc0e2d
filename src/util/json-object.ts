// Reads text that should hold a JSON object: the object, or why it is not one (bad JSON, an array, a number).

export type JsonObjectRead = { readonly object: Record<string, unknown> } | { readonly problem: string };

/** A plain JSON object: not null, not an array. */
export function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The object, or the one-line reason it is not one: "invalid JSON (<the parser's message>)" or "expected a JSON object". */
export function readJsonObject(text: string): JsonObjectRead {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    return { problem: `invalid JSON (${(err as Error).message})` };
  }
  return isJsonObject(value) ? { object: value } : { problem: 'expected a JSON object' };
}

/** A file line's object; anything else is handed to `fail` with the reason (which throws, naming the line). */
export function lineObject(text: string, fail: (problem: string) => never): Record<string, unknown> {
  const read = readJsonObject(text);
  return 'problem' in read ? fail(read.problem) : read.object;
}

/** The object, or null for anything else. */
export function parseJsonObject(text: string): Record<string, unknown> | null {
  const read = readJsonObject(text);
  return 'object' in read ? read.object : null;
}
