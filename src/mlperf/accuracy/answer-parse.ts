// Reads a model's answer as the reference's schema check does: one JSON object with exactly category, brand, is_secondhand.
import { isJsonObject } from '../../util/json-object.js';

/** What an answer says about its product. */
export interface ProductAnswer {
  readonly category: string;
  readonly brand: string;
  readonly isSecondhand: boolean;
}

const KEYS = ['category', 'brand', 'is_secondhand'] as const;

/** The strings the reference reads as a boolean (compared ignoring ASCII case, nothing stripped). */
const TRUE_WORDS = new Set(['true', 'yes', 'on', 't', 'y', '1']);
const FALSE_WORDS = new Set(['false', 'no', 'off', 'f', 'n', '0']);

// A lone UTF-16 surrogate, which a JSON \u escape can make and the reference's parser refuses.
const LONE_SURROGATE = /\p{Surrogate}/u;

/**
 * The answer, or null when the reference would count it unparsable: anything but one JSON object (JSON's whitespace
 * around it allowed, a byte-order mark not), a key missing or extra, a category or brand that is not a string, an
 * is_secondhand that is not a boolean, 0 or 1, or one of the boolean words. Of duplicate keys the last one counts.
 */
export function parseProductAnswer(text: string): ProductAnswer | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (!isJsonObject(value)) return null;
  const keys = Object.keys(value);
  if (keys.length !== KEYS.length || !KEYS.every((key) => keys.includes(key))) return null;
  const { category, brand } = value;
  const isSecondhand = readBoolean(value.is_secondhand);
  if (!isWellFormedString(category) || !isWellFormedString(brand) || isSecondhand === null) return null;
  return { category, brand, isSecondhand };
}

function isWellFormedString(value: unknown): value is string {
  return typeof value === 'string' && !LONE_SURROGATE.test(value);
}

/** A boolean as the reference reads one in its lax mode: true/false, the numbers 0 and 1, or a boolean word. */
function readBoolean(value: unknown): boolean | null {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return value === 1 ? true : value === 0 ? false : null;
  if (typeof value !== 'string') return null;
  const word = value.replace(/[A-Z]/g, (letter) => letter.toLowerCase());
  return TRUE_WORDS.has(word) ? true : FALSE_WORDS.has(word) ? false : null;
}
