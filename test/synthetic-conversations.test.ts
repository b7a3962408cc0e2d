// Synthetic conversations: aiperf's turn-count and delay distributions by seed, follow-up images, the built specs, the planned figures and the multi_turn writer.
import { describe, expect, it } from 'vitest';
import { loadTokenizer } from '../src/tokenizer/load-tokenizer.js';
import { base64DataUrlBytes } from '../src/util/data-url.js';
import { conversationFigures } from '../src/workload/conversation-figures.js';
import { exactly } from '../src/workload/draw.js';
import { multiTurnLine } from '../src/workload/multi-turn-writer.js';
import { planConversations, syntheticConversations, type ConversationPlan } from '../src/workload/synthetic-conversations.js';
import type { SyntheticConversationOptions, WorkloadSpec } from '../src/workload/workload-spec.js';

const options = (overrides: Partial<SyntheticConversationOptions> = {}): SyntheticConversationOptions => ({
  conversations: 10, sessions: undefined, turns: exactly(3), turnDelayMs: exactly(0), turnDelayRatio: 1, followUpImages: undefined, ...overrides,
});

const turnCounts = (plan: ConversationPlan) => plan.conversations.map((turns) => turns.length);
const laterTurns = (plan: ConversationPlan) => plan.conversations.flatMap((turns) => turns.slice(1));
const meanOf = (values: readonly number[]) => values.reduce((sum, v) => sum + v, 0) / values.length;

/** Φ, the standard normal CDF (Abramowitz–Stegun 7.1.26 erf, |error| < 1.5e-7). */
function normalCdf(x: number): number {
  const z = Math.abs(x) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * z);
  const erf = 1 - t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429)))) * Math.exp(-z * z);
  return 0.5 * (1 + Math.sign(x) * erf);
}

/** P(max(1, ceil(X)) = k) for X ~ N(mean, stddev) conditioned on X ≥ 0: aiperf's sample_positive_normal_integer. */
function positiveNormalIntegerP(mean: number, stddev: number, k: number): number {
  const cdf = (x: number) => normalCdf((x - mean) / stddev);
  const kept = 1 - cdf(0);
  return k === 1 ? (cdf(1) - cdf(0)) / kept : (cdf(k) - cdf(k - 1)) / kept;
}

describe('planConversations', () => {
  it('repeats exactly for a seed, differs for another, and draws each conversation alone (a longer set starts with the shorter one)', () => {
    const wide = options({ conversations: 40, turns: { mean: 4, stddev: 2 }, turnDelayMs: { mean: 800, stddev: 300 }, followUpImages: 0.5 });
    const plan = planConversations(wide, 2, 7);
    expect(planConversations(wide, 2, 7)).toEqual(plan);
    expect(turnCounts(planConversations(wide, 2, 8))).not.toEqual(turnCounts(plan));
    const shorter = planConversations({ ...wide, conversations: 15 }, 2, 7);
    expect(plan.conversations.slice(0, 15)).toEqual(shorter.conversations);
  });

  it('without a stddev, every conversation has max(1, round(mean)) turns', () => {
    expect(new Set(turnCounts(planConversations(options({ turns: exactly(4) }), 0, 1)))).toEqual(new Set([4]));
    expect(new Set(turnCounts(planConversations(options({ turns: exactly(1) }), 0, 1)))).toEqual(new Set([1]));
  });

  it('with a stddev, turn counts follow aiperf\'s positive normal integer: max(1, ceil(x)), x redrawn until >= 0', () => {
    const n = 20_000;
    const [mean, stddev] = [3, 2];
    const counts = turnCounts(planConversations(options({ conversations: n, turns: { mean, stddev } }), 0, 11));
    expect(counts.every((k) => Number.isInteger(k) && k >= 1)).toBe(true);
    for (const k of [1, 2, 3, 4, 5, 6, 7]) {
      const share = counts.filter((c) => c === k).length / n;
      // Binomial standard error at n = 20,000 is below 0.0035: four of them.
      expect(Math.abs(share - positiveNormalIntegerP(mean, stddev, k)), `P(${k})`).toBeLessThan(0.014);
    }
  });

  it('numbers texts one per turn and images in order, each image new where it appears', () => {
    const plan = planConversations(options({ conversations: 5, turns: { mean: 3, stddev: 1 }, followUpImages: 0.5 }), 2, 3);
    const turns = plan.conversations.flat();
    expect(turns.map((turn) => turn.text)).toEqual(turns.map((_, i) => i));
    expect(turns.flatMap((turn) => turn.images)).toEqual(Array.from({ length: plan.images }, (_, i) => i));
    expect(plan.texts).toBe(turns.length);
  });
});

describe('turn delays', () => {
  it('are 0 when the mean is 0, whatever the stddev, and the first turn never has one', () => {
    const plan = planConversations(options({ turnDelayMs: { mean: 0, stddev: 500 } }), 0, 1);
    expect(plan.conversations.flat().every((turn) => turn.delayMs === 0)).toBe(true);
    const delayed = planConversations(options({ turnDelayMs: { mean: 900, stddev: 100 } }), 0, 1);
    expect(delayed.conversations.every((turns) => turns[0]!.delayMs === 0)).toBe(true);
    expect(laterTurns(delayed).every((turn) => turn.delayMs > 0)).toBe(true);
  });

  it('are round(mean) × ratio without a stddev (the ratio applied after the draw)', () => {
    const plan = planConversations(options({ turnDelayMs: exactly(1500), turnDelayRatio: 0.25 }), 0, 1);
    expect(new Set(laterTurns(plan).map((turn) => turn.delayMs))).toEqual(new Set([375]));
    const none = planConversations(options({ turnDelayMs: exactly(1500), turnDelayRatio: 0 }), 0, 1);
    expect(new Set(laterTurns(none).map((turn) => turn.delayMs))).toEqual(new Set([0]));
  });

  it('with a stddev, are positive integer draws (before the ratio) around the mean, different per turn', () => {
    const plan = planConversations(options({ conversations: 4000, turns: exactly(2), turnDelayMs: { mean: 2000, stddev: 400 }, turnDelayRatio: 2 }), 0, 5);
    const drawn = laterTurns(plan).map((turn) => turn.delayMs / 2);
    expect(drawn.every((d) => Number.isInteger(d) && d >= 1)).toBe(true);
    // ceil adds half a ms on average; the standard error of the mean of 4,000 draws is 6.3 ms.
    expect(Math.abs(meanOf(drawn) - 2000.5)).toBeLessThan(25);
    expect(new Set(drawn).size).toBeGreaterThan(500);
  });
});

describe('follow-up images', () => {
  it('0.5: the first turn carries its own count, each later turn none or one, about half of them one', () => {
    const plan = planConversations(options({ conversations: 2000, turns: exactly(4), followUpImages: 0.5 }), 2, 9);
    expect(plan.conversations.every((turns) => turns[0]!.images.length === 2)).toBe(true);
    const later = laterTurns(plan).map((turn) => turn.images.length);
    expect(new Set(later)).toEqual(new Set([0, 1]));
    expect(Math.abs(meanOf(later) - 0.5)).toBeLessThan(0.02);
  });

  it('1.25: one or two, two a quarter of the time; none given: as many as the first turn (aiperf)', () => {
    const later = laterTurns(planConversations(options({ conversations: 2000, followUpImages: 1.25 }), 3, 9)).map((turn) => turn.images.length);
    expect(new Set(later)).toEqual(new Set([1, 2]));
    expect(Math.abs(meanOf(later) - 1.25)).toBeLessThan(0.02);
    const aiperf = planConversations(options({ conversations: 20 }), 3, 9);
    expect(aiperf.conversations.flat().every((turn) => turn.images.length === 3)).toBe(true);
    expect(aiperf.images).toBe(20 * 3 * 3);
  });
});

describe('syntheticConversations', () => {
  const spec = {
    seed: 4, cacheImages: false, tokenizerPath: undefined,
    generated: {
      imagesPerRequest: 2, userTextTokens: exactly(24), imageWidth: exactly(64), imageHeight: exactly(48), imageFormat: 'jpeg',
      imageStyle: 'photo', imageSource: undefined,
    },
    conversations: options({ conversations: 3, turns: exactly(3), turnDelayMs: exactly(700), followUpImages: 0.5 }),
  } as unknown as WorkloadSpec;

  it('builds session_NNNNNN conversations with history, exact-token texts, one data URL per distinct image, no first-turn delay', async () => {
    const { conversations, figures } = await syntheticConversations(spec);
    expect(conversations.map((c) => c.id)).toEqual(['session_000000', 'session_000001', 'session_000002']);
    expect(conversations.every((c) => c.withHistory && c.turns.length === 3)).toBe(true);
    const turns = conversations.flatMap((c) => c.turns);
    expect(conversations.map((c) => c.turns.map((turn) => turn.delayMs))).toEqual([[0, 700, 700], [0, 700, 700], [0, 700, 700]]);
    expect(turns.every((turn) => turn.role === 'user' && turn.line === 0 && turn.outputLength === undefined)).toBe(true);
    const tokenizer = await loadTokenizer();
    expect(turns.map((turn) => tokenizer.count(turn.texts[0]!))).toEqual(turns.map(() => 24));
    expect(new Set(turns.map((turn) => turn.texts[0])).size).toBe(turns.length);
    const images = turns.flatMap((turn) => turn.images);
    expect(new Set(images).size).toBe(images.length);
    expect(images.every((url) => url.startsWith('data:image/jpeg;base64,') && base64DataUrlBytes(url)!.length > 100)).toBe(true);
    expect(conversations.every((c) => c.turns[0]!.images.length === 2)).toBe(true);
    expect((await syntheticConversations(spec)).conversations).toEqual(conversations);
    // 64×48 scales up to 320×224 under Qwen3-VL's 65,536-pixel floor: 10 × 7 = 70 tokens an image; no system prompt.
    expect(figures).toMatchObject({ sessions: 3, requests: 9, newImages: images.length });
    expect(figures.byTurn[0]).toEqual({ index: 0, requests: 3, newImages: 6, historyImages: 0, prefixTokens: 0, promptTokens: 3 * (3 + 24 + 2 * 72 + 2 + 3) });
  }, 60_000);

  it('refuses a workload without conversations', async () => {
    await expect(syntheticConversations({ ...spec, conversations: undefined })).rejects.toThrow(/no synthetic conversations/);
  });
});

describe('conversationFigures', () => {
  it('counts new and history image slots and the prefix each turn re-sends, by Qwen3-VL\'s template', () => {
    // Two turns, then one: 256-token images (512×512), 10-token texts, a 100-token system prompt.
    const figures = conversationFigures([
      [{ textTokens: 10, imageTokens: [256, 256] }, { textTokens: 10, imageTokens: [256] }],
      [{ textTokens: 10, imageTokens: [] }],
    ], 100);
    const system = 105;
    const firstMessage = 3 + 10 + 2 * 258 + 2;
    expect(figures).toMatchObject({ sessions: 2, requests: 3, imageSlots: 5, newImages: 3, historyImages: 2 });
    expect(figures.byTurn).toEqual([
      { index: 0, requests: 2, newImages: 2, historyImages: 0, prefixTokens: 2 * system, promptTokens: system + firstMessage + 3 + system + 15 + 3 },
      { index: 1, requests: 1, newImages: 1, historyImages: 2, prefixTokens: system + firstMessage, promptTokens: system + firstMessage + 3 + 10 + 258 + 2 + 3 },
    ]);
  });
});

describe('multiTurnLine', () => {
  it('writes aiperf\'s keys: text or texts, images, delay above 0, role unless user, output_length and extra when set', () => {
    const line = multiTurnLine({
      id: 's1', withHistory: true, turns: [
        { line: 0, texts: ['look'], images: ['a.jpg', 'b.jpg'], delayMs: 0, role: 'user', outputLength: 150 },
        { line: 0, texts: ['and', 'this'], images: [], delayMs: 1250.5, role: 'user' },
        { line: 0, texts: [], images: ['c.jpg'], delayMs: 10, role: 'system', extra: { temperature: 0 } },
      ],
    });
    expect(JSON.parse(line)).toEqual({
      session_id: 's1', turns: [
        { text: 'look', images: ['a.jpg', 'b.jpg'], output_length: 150 },
        { texts: ['and', 'this'], delay: 1250.5 },
        { images: ['c.jpg'], delay: 10, role: 'system', extra: { temperature: 0 } },
      ],
    });
    expect(line).not.toContain('\n');
  });

  it('refuses what a multi_turn line cannot say', () => {
    const turn = { line: 0, texts: ['x'], images: [], delayMs: 0, role: 'user' };
    expect(() => multiTurnLine({ id: 'g', withHistory: false, turns: [turn] })).toThrow(/without history/);
    expect(() => multiTurnLine({ id: 'e', withHistory: true, turns: [] })).toThrow(/no turns/);
    expect(() => multiTurnLine({ id: 'n', withHistory: true, turns: [{ ...turn, texts: [''] }] })).toThrow(/conversation n, turn 0 has neither text nor images/);
  });
});
