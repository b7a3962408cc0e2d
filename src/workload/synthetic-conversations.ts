// Synthetic multi-turn sessions: aiperf's turn-count and delay draws, a fresh text and fresh images per turn.
import { imageTokens } from '../model/qwen3-vl-tokens.js';
import { loadTokenizer, type TokenizerFile } from '../tokenizer/load-tokenizer.js';
import { createRandom, deriveSeed } from '../util/seeded-random.js';
import { conversationFigures, type ConversationFigures } from './conversation-figures.js';
import type { ConversationSpec } from './conversation-spec.js';
import { drawInteger, drawsByIndex } from './draw.js';
import { generatedTexts, poolImages, type ProgressFn } from './generated-workload.js';
import type { PoolImage } from './images/index.js';
import type { GeneratedWorkloadSpec, SyntheticConversationOptions, WorkloadSpec } from './workload-spec.js';
import { sessionIdOf } from './session-groups.js';

/** Seed streams of the conversation draws, apart from every other purpose's. */
const TURNS_STREAM = 0x74_75_72_6e;
const DELAY_STREAM = 0x64_6c_61_79;
const FOLLOW_UP_IMAGES_STREAM = 0x66_75_69_6d;

/** One turn before any text or image exists: which of the set's texts and images it carries, and its delay. */
export interface PlannedTurn {
  /** Index of its user text among the set's texts (one per turn, in conversation then turn order). */
  readonly text: number;
  /** Indices of its new images among the set's distinct images (in conversation then turn order). */
  readonly images: readonly number[];
  /** Think time before it in ms; 0 for a first turn. */
  readonly delayMs: number;
}

export interface ConversationPlan {
  /** Each conversation's turns. */
  readonly conversations: readonly (readonly PlannedTurn[])[];
  /** Texts over the set: one per turn. */
  readonly texts: number;
  /** Distinct images over the set: every image is new where it first appears and is never drawn again. */
  readonly images: number;
}

/**
 * The shape of every conversation, by `seed` alone: conversation c's turn count, turn t's delay and its new images
 * are each drawn from a generator of their own, so no draw depends on how many came before it.
 * - Turns: aiperf's positive normal integer (max(1, round(mean)) without a stddev; else a normal draw redrawn
 *   until ≥ 0, then max(1, ceil)).
 * - Delay of a later turn: the same draw of the delay mean and stddev, times the ratio, when the mean is > 0; else 0.
 * - Images: `firstTurnImages` in the first turn; floor(f) in each later one, plus one with probability f − floor(f)
 *   (f = followUpImages, else firstTurnImages).
 */
export function planConversations(options: SyntheticConversationOptions, firstTurnImages: number, seed: number): ConversationPlan {
  const turnsOf = drawsByIndex(options.turns, seed, TURNS_STREAM);
  const delayBase = deriveSeed(seed, DELAY_STREAM);
  const imagesBase = deriveSeed(seed, FOLLOW_UP_IMAGES_STREAM);
  const followUp = options.followUpImages ?? firstTurnImages;
  const whole = Math.floor(followUp);
  const extraChance = followUp - whole;
  const delayOf = (c: number, t: number): number => options.turnDelayMs.mean > 0
    ? drawInteger(options.turnDelayMs, createRandom(deriveSeed(deriveSeed(delayBase, c), t))) * options.turnDelayRatio
    : 0;
  const imagesOf = (c: number, t: number): number => {
    if (t === 0) return firstTurnImages;
    return whole + (extraChance > 0 && createRandom(deriveSeed(deriveSeed(imagesBase, c), t))() < extraChance ? 1 : 0);
  };
  let texts = 0;
  let images = 0;
  const conversations = Array.from({ length: options.conversations }, (_, c) =>
    Array.from({ length: turnsOf(c) }, (_, t): PlannedTurn => {
      const count = imagesOf(c, t);
      const turn = { text: texts, images: Array.from({ length: count }, (_, i) => images + i), delayMs: t === 0 ? 0 : delayOf(c, t) };
      texts += 1;
      images += count;
      return turn;
    }));
  return { conversations, texts, images };
}

/** What the set is built with besides its conversation options. */
export interface SynthesisSettings {
  readonly seed: number;
  /** Keep generated images in the disk cache. */
  readonly cacheImages: boolean;
  readonly tokenizerPath: TokenizerFile;
  /** Each turn's `output_length`; undefined: none (the run's --osl or forced output applies). */
  readonly outputLength?: number | undefined;
  /** The shared system prompt's tokens, for the figures (it is the run's to send, not a turn's). */
  readonly systemPromptTokens: number | null;
  /** The reference each image is sent by, one per image in order: data URLs, or files written for a dataset. */
  imageRefs(images: readonly PoolImage[]): Promise<readonly string[]>;
}

/** A synthetic set: its conversations, and its planned figures (Qwen3-VL tokens; the answers are the run's). */
export interface SyntheticConversations {
  readonly conversations: ConversationSpec[];
  readonly figures: ConversationFigures;
}

/**
 * Builds the conversations of `options`: text i of `generated`'s user-text draw (exact tokens, distinct from the first
 * token on) for turn i of the set, and every image generated (or read from --image-source) once, in plan order.
 */
export async function synthesizeConversations(
  options: SyntheticConversationOptions, generated: GeneratedWorkloadSpec, settings: SynthesisSettings, onProgress?: ProgressFn,
): Promise<SyntheticConversations> {
  const plan = planConversations(options, generated.imagesPerRequest, settings.seed);
  const tokenizer = await loadTokenizer(settings.tokenizerPath);
  const { tokens: textTokens, texts } = generatedTexts(tokenizer, generated.userTextTokens, plan.texts, settings.seed);
  const images = plan.images === 0 ? [] : await poolImages(generated, plan.images, 0, settings.seed, settings.cacheImages, onProgress);
  const refs = await settings.imageRefs(images);
  const outputLength = settings.outputLength === undefined ? {} : { outputLength: settings.outputLength };
  const conversations = plan.conversations.map((turns, c): ConversationSpec => ({
    id: sessionIdOf(c),
    withHistory: true,
    turns: turns.map((turn) => ({
      line: 0, texts: texts[turn.text] ? [texts[turn.text]!] : [], images: turn.images.map((i) => refs[i]!), delayMs: turn.delayMs, role: 'user', ...outputLength,
    })),
  }));
  const imageTokensOf = images.map((image) => imageTokens(image.width, image.height));
  const figures = conversationFigures(plan.conversations.map((turns) => turns.map((turn) => ({
    textTokens: textTokens[turn.text]!, imageTokens: turn.images.map((i) => imageTokensOf[i]!),
  }))), settings.systemPromptTokens);
  return { conversations, figures };
}

/**
 * The synthetic conversations of a generated workload (`spec.conversations`), each image as a base64 data URL made
 * once (a later turn's history carries the same string), and their planned figures (describeConversationFigures
 * prints them). Token caps and forced output are the run's to add, per turn.
 */
export async function syntheticConversations(spec: WorkloadSpec, onProgress?: ProgressFn): Promise<SyntheticConversations> {
  if (spec.conversations === undefined) throw new Error('the workload has no synthetic conversations');
  return synthesizeConversations(spec.conversations, spec.generated, {
    seed: spec.seed, cacheImages: spec.cacheImages, tokenizerPath: spec.tokenizerPath, systemPromptTokens: spec.systemPromptTokens ?? null,
    imageRefs: async (images) => images.map((image) => `data:${image.mime};base64,${image.bytes.toString('base64')}`),
  }, onProgress);
}
