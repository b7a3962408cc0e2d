// Parses aiperf-style --extra-inputs values into the object merged last into every request body.
import { readJsonObject } from '../util/json-object.js';

const INTEGER = /^-?(?:0|[1-9]\d*)$/;
const FLOAT = /^-?(?:\d+\.\d*|\.\d+)$/;

/**
 * Parses repeatable --extra-inputs values with aiperf's coercion. A value starting with `{` is a JSON
 * object (types kept); otherwise it is `name:value[,name:value...]`, split on `,` then on the first `:`.
 * Later values override earlier keys. Throws a one-line Error naming the offending value.
 */
export function parseExtraInputs(values: readonly string[]): Record<string, unknown> {
  const entries = new Map<string, unknown>();
  for (const value of values) {
    if (value.trim().startsWith('{')) {
      const read = readJsonObject(value);
      if ('problem' in read) throw new Error(`--extra-inputs ${value}: ${read.problem}`);
      for (const [key, item] of Object.entries(read.object)) entries.set(key, item);
      continue;
    }
    for (const item of value.split(',')) {
      const colon = item.indexOf(':');
      const key = colon < 0 ? '' : item.slice(0, colon).trim();
      if (!key) throw new Error(`--extra-inputs "${value}": expected name:value (or a JSON object), got "${item}"`);
      entries.set(key, coerce(item.slice(colon + 1).trim()));
    }
  }
  // fromEntries defines own properties, so a "__proto__" key stays a plain field of the body.
  return Object.fromEntries(entries);
}

/** aiperf's value coercion: booleans, null, integers without a leading zero, decimals, else the string. */
function coerce(text: string): unknown {
  const lower = text.toLowerCase();
  if (lower === 'true') return true;
  if (lower === 'false') return false;
  if (lower === 'none' || lower === 'null') return null;
  if (INTEGER.test(text) || FLOAT.test(text)) return Number(text);
  return text;
}
