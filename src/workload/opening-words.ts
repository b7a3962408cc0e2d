// Distinct one-token opening words, so many texts can each start with a token of their own.
import type { TokenCounter } from '../tokenizer/token-counter.js';
import { vocabularyOf } from './token-text.js';

/** Ids scanned past the last id that decodes to text before the vocabulary is taken to have ended. */
const END_OF_VOCABULARY_GAP = 1024;
const MAX_SCANNED_ID = 1 << 20;

interface OpeningWords {
  /** Capitalised common English words (the text vocabulary's openers). */
  readonly common: readonly string[];
  /** Further letters-only tokens of the tokenizer's vocabulary, capitalised first; undefined until needed. */
  more?: readonly string[];
}

const known = new WeakMap<TokenCounter, OpeningWords>();

/**
 * Letters-only words that `tokenizer` encodes as one token at the start of a text: the common English
 * openers first, then, only when more than those are `needed`, every other letters-only token of the
 * vocabulary (about 27,000 more for Qwen3). Each word is returned once; the list may be shorter than `needed`.
 */
export function openingWords(tokenizer: TokenCounter, needed: number): { common: readonly string[]; more: readonly string[] } {
  let words = known.get(tokenizer);
  if (!words) {
    words = { common: vocabularyOf(tokenizer).openers };
    known.set(tokenizer, words);
  }
  if (needed > words.common.length && !words.more) words.more = scanVocabulary(tokenizer, new Set(words.common));
  return { common: words.common, more: words.more ?? [] };
}

/** Decodes every id once; keeps words of ASCII letters that encode back to a single token. */
function scanVocabulary(tokenizer: TokenCounter, seen: Set<string>): string[] {
  const capitalised: string[] = [];
  const other: string[] = [];
  let gap = 0;
  for (let id = 0; id < MAX_SCANNED_ID && gap < END_OF_VOCABULARY_GAP; id++) {
    const word = decodeOne(tokenizer, id);
    gap = word === '' ? gap + 1 : 0;
    if (seen.has(word) || !/^[A-Za-z]+$/.test(word) || tokenizer.encode(word).length !== 1) continue;
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
