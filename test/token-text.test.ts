// textOfTokens: exact token counts by the real Qwen3 tokenizer, seeded variety, and speed at system-prompt sizes.
import { beforeAll, describe, expect, it } from 'vitest';
import { loadTokenizer } from '../src/tokenizer/load-tokenizer.js';
import type { TokenCounter } from '../src/tokenizer/token-counter.js';
import { textOfTokens } from '../src/workload/token-text.js';

let qwen: TokenCounter;
beforeAll(async () => {
  qwen = await loadTokenizer();
});

describe('textOfTokens', () => {
  it.each([1, 2, 3, 7, 100, 550, 4300])('gives exactly %i tokens', (n) => {
    for (const seed of [0, 1, 42]) expect(qwen.count(textOfTokens(qwen, n, seed))).toBe(n);
  });

  it('gives an empty text for 0 tokens and rejects negative or fractional counts', () => {
    expect(textOfTokens(qwen, 0, 1)).toBe('');
    expect(() => textOfTokens(qwen, -1, 1)).toThrow(/non-negative integer/);
    expect(() => textOfTokens(qwen, 2.5, 1)).toThrow(/non-negative integer/);
  });

  it('repeats for a seed and differs across seeds', () => {
    expect(textOfTokens(qwen, 200, 7)).toBe(textOfTokens(qwen, 200, 7));
    const texts = new Set([1, 2, 3, 4, 5].map((seed) => textOfTokens(qwen, 200, seed)));
    expect(texts.size).toBe(5);
  });

  it('reads as English sentences', () => {
    const text = textOfTokens(qwen, 300, 3);
    expect(text).toMatch(/^[A-Z][a-z]+ /);
    expect(text).toMatch(/\. [A-Z]/);
    expect(text.endsWith('.')).toBe(true);
    expect(text).not.toMatch(/ {2}|[^A-Za-z ,.]/);
  });

  it('needs a single count to verify the text (no fix-up round trips with Qwen3)', () => {
    let counts = 0;
    const counting: TokenCounter = { ...qwen, count: (text) => (counts++, qwen.count(text)) };
    for (const n of [1, 2, 7, 100, 4300]) textOfTokens(counting, n, n);
    expect(counts).toBe(5);
  });

  it('builds 10,000 tokens well under a second', () => {
    const started = performance.now();
    expect(qwen.count(textOfTokens(qwen, 10_000, 9))).toBe(10_000);
    expect(performance.now() - started).toBeLessThan(3_000);
  });
});
