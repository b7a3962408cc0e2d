// Natural-looking English filler text of an exact token count, for shared system prompts and synthetic prompts.
import type { TokenCounter } from '../tokenizer/token-counter.js';
import { shareText, type SharedText } from './request-body.js';
import { createRandom, deriveSeed, randomInt, type Random } from '../util/seeded-random.js';

const WORDS = `
  the of and to in is that for it as was with be by on not this are or from at which but have an they
  you were her she there been one all we their has would when if so no will more can out who up them some
  what about into than its only other time new could these two may then do first any my now such like our
  over even most made after also did many before must through years where much your way well down should
  because each just those people how too little state good very make world still own see work long get here
  between both life being under never day same another know while last might great old year off come since
  against go came right used take three small large house water city country school family group problem
  hand part place case week company system program question government number night point home room area
  money story fact month lot study book eye job word business issue side kind head service friend power hour
  game line end member law car name president team minute idea body information back parent face others level
  office door health person art war history party result change morning reason research girl guy moment air
  teacher force education foot boy age policy music market sense nation plan college interest death
  experience effect class control care field development role effort rate heart drug show leader light voice
  wife police mind price report decision son view relationship town road arm difference value building action
  model season society tax director position player record paper space ground form event official matter
  center couple site project activity star table need court oil situation cost industry figure street image
  phone data picture practice piece land product doctor wall patient worker news test movie north love
  support technology step baby computer type attention film tree source window garden river mountain
  evening quiet bright simple clear early late open short strong ready happy careful
  carry bring build hold keep leave meet move play read run send sit stand turn walk watch write learn
`.trim().split(/\s+/);

/** Pieces that are one token each, as its own pre-token, for the tokenizer they were checked with. */
export interface Vocabulary {
  /** " word": one token each. */
  readonly inner: readonly string[];
  /** " Word": one token each, to start a sentence after the first. */
  readonly starters: readonly string[];
  /** "Word": one token each, to start the text. */
  readonly openers: readonly string[];
}

const vocabularies = new WeakMap<TokenCounter, Vocabulary>();

/**
 * Returns English-looking text (sentences of common words) that `tokenizer` counts as exactly `n`
 * tokens. Different seeds give different texts; the same seed gives the same text.
 */
export function textOfTokens(tokenizer: TokenCounter, n: number, seed: number): string {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`token count must be a non-negative integer (got ${n})`);
  if (n === 0) return '';
  const vocabulary = vocabularyOf(tokenizer);
  const random = createRandom(seed);
  return fitToTokens(tokenizer, vocabulary, composePieces(vocabulary, n, random), n, random);
}

/**
 * Joins `pieces` and checks the count with the full tokenizer. Every piece is one token and the
 * pre-tokenizer splits at each piece, so this normally holds at once; the loop only corrects a
 * tokenizer that merges across pieces (keeping the first piece).
 */
export function fitToTokens(tokenizer: TokenCounter, vocabulary: Vocabulary, pieces: string[], n: number, random: Random): string {
  for (let attempt = 0; attempt < 32; attempt++) {
    const text = pieces.join('');
    const count = tokenizer.count(text);
    if (count === n) return text;
    if (count > n) pieces.length = Math.max(1, pieces.length - (count - n));
    else for (let i = count; i < n; i++) pieces.push(pick(vocabulary.inner, random));
  }
  throw new Error(`could not build a text of exactly ${n} tokens with tokenizer ${tokenizer.name}`);
}

/**
 * `n` pieces: sentences of 4-18 tokens with an occasional comma, ending with a period; a lone last token
 * is a word. The text opens with `opener` (one of `vocabulary.openers`, or a word checked the same way)
 * when given, else with a random opener.
 */
export function composePieces(vocabulary: Vocabulary, n: number, random: Random, opener?: string): string[] {
  const pieces: string[] = [];
  while (pieces.length < n) {
    const remaining = n - pieces.length;
    const first = pieces.length === 0;
    pieces.push(first && opener !== undefined ? opener : pick(first ? vocabulary.openers : vocabulary.starters, random));
    if (remaining === 1) break;
    let size = Math.min(remaining, randomInt(random, 4, 18));
    if (remaining - size === 1) size = remaining;
    const words = size - 2;
    const comma = words >= 7 && random() < 0.4 ? randomInt(random, 2, words - 3) : -1;
    let previous = '';
    for (let i = 0; i < words; i++) {
      previous = i === comma ? ',' : pick(vocabulary.inner, random, previous);
      pieces.push(previous);
    }
    pieces.push('.');
  }
  return pieces;
}

function pick(list: readonly string[], random: Random, avoid?: string): string {
  const choice = list[Math.floor(random() * list.length)]!;
  return choice === avoid ? list[(list.indexOf(choice) + 1) % list.length]! : choice;
}

/** The one-token pieces of `tokenizer`, checked once per tokenizer; throws when too few words are single tokens. */
export function vocabularyOf(tokenizer: TokenCounter): Vocabulary {
  const known = vocabularies.get(tokenizer);
  if (known) return known;
  const single = (text: string): boolean => tokenizer.encode(text).length === 1;
  const capitals = WORDS.map((w) => w[0]!.toUpperCase() + w.slice(1)).filter((w) => single(w) && single(` ${w}`));
  const vocabulary: Vocabulary = {
    inner: WORDS.filter((w) => single(` ${w}`)).map((w) => ` ${w}`),
    starters: capitals.map((w) => ` ${w}`),
    openers: capitals,
  };
  if (vocabulary.inner.length < 50 || capitals.length < 10 || !single('.') || !single(',')) {
    throw new Error(`tokenizer ${tokenizer.name} splits common English words into several tokens; cannot build exact-length text`);
  }
  vocabularies.set(tokenizer, vocabulary);
  return vocabulary;
}

/** The shared system prompt of `tokens` tokens (seed stream 0 of the run's seed), or undefined for none. */
export function sharedSystemPrompt(tokenizer: TokenCounter, tokens: number | undefined, seed: number): SharedText | undefined {
  return tokens ? shareText(textOfTokens(tokenizer, tokens, deriveSeed(seed, 0))) : undefined;
}
