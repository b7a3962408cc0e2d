// userTexts: exact counts by the real Qwen3 tokenizer, distinct first tokens, determinism, speed, and the fallback.
import { beforeAll, describe, expect, it } from 'vitest';
import { loadTokenizer } from '../src/tokenizer/load-tokenizer.js';
import type { TokenCounter } from '../src/tokenizer/token-counter.js';
import { userTexts } from '../src/workload/user-texts.js';

let qwen: TokenCounter;
beforeAll(async () => {
  qwen = await loadTokenizer();
});

/** The first token of a text: its opening word is a pre-token of its own, so its prefix gives the same id. */
const firstToken = (text: string): number => qwen.encode(text.slice(0, 40))[0]!;

/** A tokenizer that merges token pairs `merges` picks (a stand-in for one that does not split at every piece). */
function merging(base: TokenCounter, merges: (ids: readonly number[], at: number, text: string) => boolean): TokenCounter {
  const encode = (text: string): number[] => {
    const ids = base.encode(text);
    return ids.filter((_, at) => at === 0 || !merges(ids, at - 1, text));
  };
  return { name: 'merging', encode, decode: base.decode, count: (text) => encode(text).length };
}

describe('userTexts', () => {
  it('builds 2,000 texts of 4,000 tokens quickly, each exact and with a first token of its own', () => {
    const started = performance.now();
    const texts = userTexts(qwen, 2000, 4000, 11);
    expect(performance.now() - started).toBeLessThan(15_000); // ~1.5 s on a 2-core machine
    expect(texts).toHaveLength(2000);
    for (let i = 0; i < 2000; i += 97) expect(qwen.count(texts[i]!)).toBe(4000);
    expect(new Set(texts.map(firstToken)).size).toBe(2000);
  });

  it.each([1, 2, 3, 17, 300])('gives exactly %i tokens in every text', (tokens) => {
    const texts = userTexts(qwen, 60, tokens, 3);
    for (const text of texts) expect(qwen.count(text)).toBe(tokens);
    expect(new Set(texts.map(firstToken)).size).toBe(60);
  });

  it('gives text i its own length when lengths are given per text, the same text as a fixed length of that size', () => {
    const lengths = [5, 40, 1, 0, 17, 40];
    const texts = userTexts(qwen, lengths.length, lengths, 4);
    expect(texts.map((t) => qwen.count(t))).toEqual(lengths);
    expect(texts[1]).toBe(userTexts(qwen, lengths.length, 40, 4)[1]);
    expect(texts[3]).toBe('');
    expect(() => userTexts(qwen, 2, [3], 4)).toThrow(/1 token counts for 2 texts/);
    expect(() => userTexts(qwen, 2, [3, 2.5], 4)).toThrow(/non-negative integer \(got 2.5\)/);
  });

  it('opens with distinct tokens well past the common English openers', () => {
    const texts = userTexts(qwen, 1500, 20, 8);
    for (const text of texts) expect(qwen.count(text)).toBe(20);
    expect(new Set(texts.map(firstToken)).size).toBe(1500);
    expect(texts[0]).toMatch(/^[A-Z][a-z]+ /);
  });

  it('opens only with words that encode alone as one token, checking about as many vocabulary words as it uses', () => {
    // Words of odd length encode alone as two tokens here; in a text they stay one (the texts' counts are Qwen3's).
    let checked = 0;
    const encode = (text: string): number[] => {
      const ids = qwen.encode(text);
      if (!/^[A-Za-z]+$/.test(text)) return ids;
      checked++;
      return text.length % 2 === 1 ? [...ids, ...ids] : ids;
    };
    const tokenizer: TokenCounter = { name: 'odd words split', encode, decode: qwen.decode, count: (text) => encode(text).length };
    const texts = userTexts(tokenizer, 800, 12, 6);
    for (const text of texts) expect(text.slice(0, text.indexOf(' ')).length % 2).toBe(0);
    expect(new Set(texts.map(firstToken)).size).toBe(800);
    expect(checked).toBeLessThan(5000); // of the vocabulary's ~27,000 letters-only tokens
  });

  it('reads as sentences of plain words', () => {
    for (const text of userTexts(qwen, 20, 120, 5)) {
      expect(text).toMatch(/^[A-Za-z]+ [a-z]/);
      expect(text).toMatch(/\. [A-Z]/);
      expect(text).not.toMatch(/ {2}|[^A-Za-z ,.]|[,.][^ ]/);
    }
  });

  it('repeats for a seed, differs across seeds, and text i does not depend on how many are asked', () => {
    const texts = userTexts(qwen, 400, 50, 21);
    expect(userTexts(qwen, 400, 50, 21)).toEqual(texts);
    expect(userTexts(qwen, 5, 50, 21)).toEqual(texts.slice(0, 5));
    const other = userTexts(qwen, 400, 50, 22);
    expect(other.filter((text, i) => text === texts[i])).toHaveLength(0);
  });

  it('gives empty texts for 0 tokens and rejects negative or fractional arguments', () => {
    expect(userTexts(qwen, 3, 0, 1)).toEqual(['', '', '']);
    expect(userTexts(qwen, 0, 10, 1)).toEqual([]);
    expect(() => userTexts(qwen, -1, 10, 1)).toThrow(/text count must be a non-negative integer/);
    expect(() => userTexts(qwen, 2, 1.5, 1)).toThrow(/token count must be a non-negative integer/);
  });
});

describe('userTexts with a tokenizer that merges across pieces', () => {
  it('counts every text in full when the probe shows merging (after each period)', () => {
    const period = qwen.encode('.')[0]!;
    const tokenizer = merging(qwen, (ids, at) => ids[at] === period);
    const texts = userTexts(tokenizer, 30, 200, 4);
    for (const text of texts) expect(tokenizer.count(text)).toBe(200);
    expect(new Set(texts.map(firstToken)).size).toBe(30);
  });

  it('counts every text in full when a sampled text miscounts (the probe passed)', () => {
    // Merges the first two tokens unless the text opens with "The", the word the probe opens with.
    const tokenizer = merging(qwen, (_, at, text) => at === 0 && !text.startsWith('The '));
    const texts = userTexts(tokenizer, 30, 200, 4);
    for (const text of texts) expect(tokenizer.count(text)).toBe(200);
    expect(texts.filter((text) => qwen.count(text) !== 200).length).toBeGreaterThan(25);
  });
});
