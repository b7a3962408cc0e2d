// Per-request user texts of an exact token count, each opening with a token of its own, fast enough for thousands.
//
// Why the count is exact without tokenizing every text. A text is a row of pieces: an opening word of ASCII
// letters, then " word" (a space and ASCII letters), "," and "."; a punctuation piece is always followed by
// " word" or the end. Each piece was checked once per tokenizer to encode, on its own, as one token. Qwen2/Qwen3
// pre-tokenize with the regex `(?i:'s|'t|...)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|...`,
// scanning left to right, first matching alternative, each greedy. At an opening word or a " word" the
// contraction alternative fails (no apostrophe) and the letters alternative takes exactly the piece, stopping
// at the next space, comma or period. At "," or "." the letters alternative cannot match (a space or the end
// follows, never a letter), and ` ?[^\s\p{L}\p{N}]+` takes the single character. So the pre-tokens are exactly
// the pieces. NFC leaves ASCII alone, the ByteLevel step does not split again (use_regex false), and BPE encodes
// each pre-token by itself, the same way wherever it stands, so count(text) = Σ count(piece alone) = pieces.
//
// A TokenCounter does not expose its pre-tokenizer, so the premise is checked as well: once per tokenizer a
// probe text using every word, comma and period in the positions texts use them must count one token per
// piece, and every call counts its first, middle and last text in full. On any failure the tokenizer is taken to merge across pieces and every
// text is counted (and corrected) with the full tokenizer, as textOfTokens does.
//
// Distinct first tokens: text i opens with opener i of a seeded order of one-token words (common English words
// first, then the tokenizer's other letters-only tokens: ~27,000 in all for Qwen3), so no two texts share even their
// first token and a prefix cache cannot match beyond the system prompt. Past that many texts openers repeat.
import type { TokenCounter } from '../tokenizer/token-counter.js';
import { openingWords } from './opening-words.js';
import { createRandom, deriveSeed } from '../util/seeded-random.js';
import { composePieces, fitToTokens, vocabularyOf, type Vocabulary } from './token-text.js';

/** Seed stream of the user texts, apart from the streams a run's other generated text uses. */
const USER_TEXT_STREAM = 0x75_73_65_72;

const splitsAtPieces = new WeakMap<TokenCounter, boolean>();

/**
 * `count` texts, text i of exactly `tokens` (or `tokens[i]`) tokens by `tokenizer`, pairwise different from their
 * first token on. The same arguments give the same texts; text i depends only on the seed, i and its own length.
 */
export function userTexts(tokenizer: TokenCounter, count: number, tokens: number | readonly number[], seed: number): string[] {
  if (!Number.isInteger(count) || count < 0) throw new RangeError(`text count must be a non-negative integer (got ${count})`);
  const lengths = typeof tokens === 'number' ? new Array<number>(count).fill(tokens) : tokens;
  if (lengths.length !== count) throw new RangeError(`${lengths.length} token counts for ${count} texts`);
  const bad = lengths.find((n) => !Number.isInteger(n) || n < 0);
  if (bad !== undefined) throw new RangeError(`token count must be a non-negative integer (got ${bad})`);
  if (lengths.every((n) => n === 0)) return new Array<string>(count).fill('');
  const vocabulary = vocabularyOf(tokenizer);
  const base = deriveSeed(seed, USER_TEXT_STREAM);
  const openers = openingWords(tokenizer, count, createRandom(base));
  const build = (i: number, verify: boolean): string => {
    const n = lengths[i]!;
    if (n === 0) return '';
    const random = createRandom(deriveSeed(base, i));
    const pieces = composePieces(vocabulary, n, random, openers[i % openers.length]);
    return verify ? fitToTokens(tokenizer, vocabulary, pieces, n, random) : pieces.join('');
  };
  if (splitsAtEveryPiece(tokenizer, vocabulary)) {
    const texts = Array.from({ length: count }, (_, i) => build(i, false));
    const sample = new Set([0, count >> 1, count - 1]);
    if ([...sample].every((i) => tokenizer.count(texts[i]!) === lengths[i])) return texts;
    splitsAtPieces.set(tokenizer, false);
  }
  return Array.from({ length: count }, (_, i) => build(i, true));
}

/** Whether a probe using every word, comma and period counts one token per piece (cached per tokenizer). */
function splitsAtEveryPiece(tokenizer: TokenCounter, vocabulary: Vocabulary): boolean {
  let splits = splitsAtPieces.get(tokenizer);
  if (splits === undefined) {
    const { inner, starters, openers } = vocabulary;
    const pieces = [openers[0]!];
    const sentences = Math.max(starters.length, Math.ceil(inner.length / 3));
    for (let s = 0; s < sentences; s++) {
      if (s > 0) pieces.push(starters[s % starters.length]!);
      pieces.push(inner[(3 * s) % inner.length]!, ',', inner[(3 * s + 1) % inner.length]!, inner[(3 * s + 2) % inner.length]!, '.');
    }
    splits = tokenizer.count(pieces.join('')) === pieces.length;
    splitsAtPieces.set(tokenizer, splits);
  }
  return splits;
}
