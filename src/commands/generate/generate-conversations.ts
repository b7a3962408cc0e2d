// `mmload generate --turns T` or `--preset chat-reuse`: writes synthetic conversations as aiperf multi_turn JSONL plus image files.
import { resolve } from 'node:path';
import { UsageError } from '../../util/exit-codes.js';
import { formatBytes } from '../../util/number-format.js';
import { progressLine } from '../../util/progress-line.js';
import { describeConversationFigures } from '../../workload/conversation-figures.js';
import { describeDraw } from '../../workload/draw.js';
import { describeImageSize } from '../../workload/image-shapes.js';
import type { Preset } from '../../workload/presets.js';
import type { GeneratedWorkloadSpec, SyntheticConversationOptions } from '../../workload/workload-spec.js';
import type { GenerateFlags } from './generate-flags.js';

/**
 * Writes the conversations; `problems` already found in the flags (and any found here) are refused together,
 * nothing written. A preset's forced output length becomes each turn's output_length (aiperf's per-turn cap).
 */
export async function generateConversations(
  flags: GenerateFlags, preset: Preset | undefined, spec: GeneratedWorkloadSpec, conversations: SyntheticConversationOptions,
  problems: string[], out: (line: string) => void,
): Promise<void> {
  const http = flags['image-mode'] === 'http';
  if (flags['image-uuids']) problems.push('--image-uuids applies to single_turn files; a multi_turn file carries the images alone');
  if (problems.length > 0) throw new UsageError(problems.join('; '));

  const { conversationFileName, writeConversations } = await import('../../workload/write-conversations.js');
  const file = resolve(flags['output-dir'], flags.output ?? conversationFileName({
    sessions: conversations.conversations, turns: conversations.turns.mean, firstTurnImages: spec.imagesPerRequest,
    userTextTokens: spec.userTextTokens.mean, http,
  }));
  const progress = progressLine((line) => process.stderr.write(`${line}\n`));
  const { figures, imageDir, imageBytes } = await writeConversations({
    conversations, spec, seed: flags.seed, file, imageUrlBase: http ? flags['image-url-base']! : null,
    outputLength: preset?.outputTokens, systemPromptTokens: preset?.systemPromptTokens ?? null,
  }, progress.update).finally(() => progress.done());
  const delay = conversations.turnDelayMs.mean > 0
    ? `, ${describeDraw(conversations.turnDelayMs)} ms think time${conversations.turnDelayRatio === 1 ? '' : ` × ${conversations.turnDelayRatio}`} before later turns`
    : '';
  out(`wrote ${file}`);
  out(`  ${figures.sessions} sessions of ${describeDraw(conversations.turns)} turns (${figures.requests} turns), ${describeDraw(spec.userTextTokens)} user tokens a turn${delay}, seed ${flags.seed}`);
  out(`  ${figures.newImages} distinct images of ${describeImageSize(spec)}: ${formatBytes(imageBytes)} in ${imageDir}`);
  for (const line of describeConversationFigures(figures)) out(`  ${line}`);
  // With the preset, profile adds what the file cannot hold: forced output (beyond output_length's cap), the system prompt.
  out(`  profile it: mmload profile --input-file ${file} --custom-dataset-type multi_turn${flags.preset ? ` --preset ${flags.preset}` : ''}`);
}
