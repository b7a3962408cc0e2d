// Writes synthetic conversations as aiperf multi_turn JSONL, their distinct images as files beside it (mmload generate).
import { UsageError } from '../util/exit-codes.js';
import type { ConversationFigures } from './conversation-figures.js';
import { writeImageFiles, writingFile, type WrittenImages } from './dataset-files.js';
import type { ProgressFn } from './generated-workload.js';
import { writeMultiTurnJsonl } from './multi-turn-writer.js';
import { synthesizeConversations } from './synthetic-conversations.js';
import type { GeneratedWorkloadSpec, SyntheticConversationOptions } from './workload-spec.js';

export interface ConversationDatasetOptions {
  readonly conversations: SyntheticConversationOptions;
  /** The first turn's images, every image's size and source, each turn's user text tokens. */
  readonly spec: GeneratedWorkloadSpec;
  readonly seed: number;
  /** The JSONL file; the images go to a folder of the same name beside it. */
  readonly file: string;
  /** With --image-mode http: the URL the output directory will be served under; null: image file paths. */
  readonly imageUrlBase: string | null;
  /** Each turn's output_length (aiperf's per-turn token cap); undefined: none. */
  readonly outputLength: number | undefined;
  /** The system prompt the figures count (a multi_turn file holds none; profile adds it). */
  readonly systemPromptTokens: number | null;
}

export interface WrittenConversations {
  readonly figures: ConversationFigures;
  readonly imageDir: string;
  readonly imageBytes: number;
}

/** `{prefix}sess_{turns}turn_{images}img_{tokens}word.jsonl`, e.g. 200sess_4turn_2img_300word.jsonl, `_http` before .jsonl in http mode. */
export function conversationFileName(options: { sessions: number; turns: number; firstTurnImages: number; userTextTokens: number; http: boolean }): string {
  return `${options.sessions}sess_${options.turns}turn_${options.firstTurnImages}img_${options.userTextTokens}word${options.http ? '_http' : ''}.jsonl`;
}

/** Generation or a path that cannot be written is a UsageError; nothing is left half-written. */
export async function writeConversations(options: ConversationDatasetOptions, onProgress?: ProgressFn): Promise<WrittenConversations> {
  const { file, imageUrlBase } = options;
  let written: WrittenImages | undefined;
  const { conversations, figures } = await synthesizeConversations(options.conversations, options.spec, {
    seed: options.seed, cacheImages: true, tokenizerPath: undefined, outputLength: options.outputLength, systemPromptTokens: options.systemPromptTokens,
    imageRefs: async (images) => (written = await writingFile(file, () => writeImageFiles(file, images, imageUrlBase))).refs,
  }, onProgress).catch((err: Error) => {
    throw err instanceof UsageError ? err : new UsageError(err.message);
  });
  await writingFile(file, () => writeMultiTurnJsonl(file, conversations));
  return { figures, imageDir: written!.imageDir, imageBytes: written!.imageBytes };
}
