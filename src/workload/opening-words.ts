// Distinct one-token opening words in a seeded order, so many texts can each start with a token of their own.
import type { TokenCounter } from '../tokenizer/token-counter.js';
import type { Random } from '../util/seeded-random.js';
import { shuffleInPlace } from '../util/shuffle.js';
import { vocabularyOf } from './token-text.js';

/** Ids scanned past the last id that decodes to text before the vocabulary is taken to have ended. */
const END_OF_VOCABULARY_GAP = 1024;
const MAX_SCANNED_ID = 1 << 20;

interface OpeningWords {
  /** Capitalised common English words (the text vocabulary's openers). */
  readonly common: readonly string[];
  /** The vocabulary's other letters-only tokens, capitalised first; undefined until needed. */
  candidates?: readonly string[];
  /** Candidates checked so far: whether each encodes alone as one token. */
  readonly oneToken: Map<string, boolean>;
}

const known = new WeakMap<TokenCounter, OpeningWords>();

/**
 * At least `needed` words that `tokenizer` encodes as one token at the start of a text, each once, in an order
 * `random` decides: every common English opener shuffled, then, only when more are needed, the vocabulary's other
 * letters-only tokens shuffled (about 27,000 more for Qwen3). A token is checked to encode alone as one token when the
 * order reaches it, so a few hundred texts check a few hundred words, not the whole vocabulary. Fewer than `needed`
 * when the vocabulary has no more. Word i does not depend on `needed`.
 */
export function openingWords(tokenizer: TokenCounter, needed: number, random: Random): string[] {
  let words = known.get(tokenizer);
  if (!words) {
    words = { common: vocabularyOf(tokenizer).openers, oneToken: new Map() };
    known.set(tokenizer, words);
  }
  const order = shuffleInPlace([...words.common], random);
  if (needed <= order.length) return order;
  words.candidates ??= letterTokens(tokenizer, new Set(words.common));
  for (const word of shuffleInPlace([...words.candidates], random)) {
    if (order.length >= needed) break;
    let single = words.oneToken.get(word);
    if (single === undefined) {
      single = tokenizer.encode(word).length === 1;
      words.oneToken.set(word, single);
    }
    if (single) order.push(word);
  }
  return order;
}

/** Decodes every id once; keeps the words of ASCII letters not in `seen`, capitalised ones first. */
function letterTokens(tokenizer: TokenCounter, seen: Set<string>): string[] {
  const capitalised: string[] = [];
  const other: string[] = [];
  let gap = 0;
  for (let id = 0; id < MAX_SCANNED_ID && gap < END_OF_VOCABULARY_GAP; id++) {
    const word = decodeOne(tokenizer, id);
    gap = word === '' ? gap + 1 : 0;
    if (seen.has(word) || !/^[A-Za-z]+$/.test(word)) continue;
    seen.add(word);
    (/^[A-Z][a-z]+$/.test(word) ? capitalised : other).push(word);
  }
  return [...capitalised, ...other];
}

function decodeOne(tokenizer: TokenCounter, id: number): string {
  try {
    return tokenizer.decode([id]);
  } catch {
    return '';
  }
}
