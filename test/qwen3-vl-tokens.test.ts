// Qwen3-VL token arithmetic against the known answers in the reference (qwen3-vl.md).
import { describe, expect, it } from 'vitest';
import { imageTokens, promptTokens, roundHalfEven, smartResize } from '../src/model/qwen3-vl-tokens.js';

describe('Qwen3-VL image tokens', () => {
  it.each([
    [512, 512, 256], [640, 480, 300], [1024, 1024, 1024], [224, 224, 64], [362, 362, 121],
    [1920, 1080, 2040], [64, 64, 64], [512, 256, 128], [256, 512, 128],
  ])('%i×%i → %i tokens', (w, h, tokens) => {
    expect(imageTokens(w, h)).toBe(tokens);
  });

  it('resizes 1920×1080 to 1920×1088 and upscales 224² to 256²', () => {
    expect(smartResize(1920, 1080)).toEqual({ width: 1920, height: 1088 });
    expect(smartResize(224, 224)).toEqual({ width: 256, height: 256 });
  });

  it('rounds halves to even like Python, not up like Math.round', () => {
    expect([0.5, 1.5, 2.5, 3.5, -1.5, 2.4, 2.6].map(roundHalfEven)).toEqual([0, 2, 2, 4, -2, 2, 3]);
    // 336/32 = 10.5 → 10 (even), so 336 px becomes 320, not 352.
    expect(smartResize(336, 336 * 2)).toEqual({ width: 320, height: 672 });
  });

  it('caps huge images at max_pixels', () => {
    const { width, height } = smartResize(8192, 8192);
    expect(width * height).toBeLessThanOrEqual(16_777_216);
    expect(width % 32).toBe(0);
  });

  it('gives no square image exactly 128 tokens', () => {
    const squares = Array.from({ length: 1024 }, (_, i) => imageTokens(i + 32, i + 32));
    expect(squares).not.toContain(128);
  });
});

describe('prompt tokens', () => {
  it('is 13 + S + T + Σ(Nᵢ + 2) with a system message, 8 + T + Σ(Nᵢ + 2) without', () => {
    // Scenario A: 8,600 system, 4,300 user, three 512² images.
    expect(promptTokens({ systemTokens: 8600, userTextTokens: 4300, imageTokens: [256, 256, 256] })).toBe(13 + 8600 + 4300 + 3 * 258);
    expect(promptTokens({ systemTokens: null, userTextTokens: 400, imageTokens: [256] })).toBe(8 + 400 + 258);
    expect(promptTokens({ systemTokens: null, userTextTokens: 5, imageTokens: [] })).toBe(13);
  });
});
