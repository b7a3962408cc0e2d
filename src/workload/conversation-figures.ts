// The planned figures of a set of conversations: image slots new or re-sent from history, and the prefix each turn re-sends.
import { GENERATION_PROMPT_TOKENS, systemMessageTokens, userMessageTokens } from '../model/qwen3-vl-tokens.js';
import { formatNumber } from '../util/number-format.js';

/** One turn as the figures count it: its own user text's tokens and its new images' tokens (Qwen3-VL). */
export interface TurnTokens {
  readonly textTokens: number;
  readonly imageTokens: readonly number[];
}

/** The turns at one 0-based index, over every conversation that reaches it (totals over those requests). */
export interface TurnIndexFigures {
  readonly index: number;
  readonly requests: number;
  readonly newImages: number;
  /** Earlier turns' images, sent again in the history. */
  readonly historyImages: number;
  /** The system message and the earlier user messages (texts, images, template tokens); the earlier answers come on top. */
  readonly prefixTokens: number;
  /** The whole prompt but the earlier answers: prefix, this turn's message, the generation prompt. */
  readonly promptTokens: number;
}

export interface ConversationFigures {
  readonly sessions: number;
  /** Turns over the set: one request each. */
  readonly requests: number;
  /** Image parts sent over the set, history included. */
  readonly imageSlots: number;
  readonly newImages: number;
  readonly historyImages: number;
  readonly byTurn: readonly TurnIndexFigures[];
}

/**
 * The figures of conversations sent with their history (turn n carries the system prompt, turns 0…n with their
 * images, and the answers to turns 0…n−1), by Qwen3-VL's chat-template arithmetic. The answers are known only once
 * the run has them, so no figure includes them.
 */
export function conversationFigures(conversations: readonly (readonly TurnTokens[])[], systemTokens: number | null): ConversationFigures {
  const byTurn: { requests: number; newImages: number; historyImages: number; prefixTokens: number; promptTokens: number }[] = [];
  for (const turns of conversations) {
    let prefix = systemMessageTokens(systemTokens);
    let history = 0;
    turns.forEach((turn, index) => {
      const figures = byTurn[index] ??= { requests: 0, newImages: 0, historyImages: 0, prefixTokens: 0, promptTokens: 0 };
      const message = userMessageTokens(turn.textTokens, turn.imageTokens);
      figures.requests += 1;
      figures.newImages += turn.imageTokens.length;
      figures.historyImages += history;
      figures.prefixTokens += prefix;
      figures.promptTokens += prefix + message + GENERATION_PROMPT_TOKENS;
      prefix += message;
      history += turn.imageTokens.length;
    });
  }
  const newImages = byTurn.reduce((sum, turn) => sum + turn.newImages, 0);
  const historyImages = byTurn.reduce((sum, turn) => sum + turn.historyImages, 0);
  return {
    sessions: conversations.length,
    requests: byTurn.reduce((sum, turn) => sum + turn.requests, 0),
    imageSlots: newImages + historyImages,
    newImages,
    historyImages,
    byTurn: byTurn.map((turn, index) => ({ index, ...turn })),
  };
}

/** A synthetic set's figures (every image distinct) as console lines: the image slots, then one line per turn index with its means. */
export function describeConversationFigures(figures: ConversationFigures): string[] {
  const { imageSlots, newImages, historyImages } = figures;
  const share = imageSlots === 0 ? '' : ` (${formatNumber((historyImages / imageSlots) * 100, 1)}%)`;
  const mean = (total: number, requests: number, digits: number) => formatNumber(total / requests, digits);
  return [
    `${imageSlots} image slots: ${newImages} new images, ${historyImages} re-sent from history${share}, none repeated across sessions`,
    ...figures.byTurn.map((turn) => `turn ${turn.index}: ${turn.requests} requests, ${mean(turn.newImages, turn.requests, 1)} new + ` +
      `${mean(turn.historyImages, turn.requests, 1)} history images, prefix re-sent ${mean(turn.prefixTokens, turn.requests, 0)} tokens, ` +
      `prompt ${mean(turn.promptTokens, turn.requests, 0)} tokens${turn.index > 0 ? ` + the ${turn.index === 1 ? 'earlier answer' : `${turn.index} earlier answers`}` : ''} (means)`),
    'prefix = system prompt and earlier user turns with their images (Qwen3-VL tokens); the earlier answers add theirs, known only after the run',
  ];
}
