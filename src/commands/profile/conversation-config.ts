// Resolves the conversation flags against a preset: synthetic multi-turn sessions, or none (single requests).
import type { Preset } from '../../workload/presets.js';
import type { SyntheticConversationOptions } from '../../workload/workload-spec.js';
import type { ConversationFlags } from './conversation-options.js';
import type { WorkloadFlags } from './workload-options.js';

/** aiperf's conversations generated when neither --num-dataset-entries nor --conversation-num says (its --num-dataset-entries default). */
export const DEFAULT_CONVERSATIONS = 100;

/** The image-reuse flags of single requests: a conversation's images are all distinct and come back through its history. */
const SINGLE_TURN_REUSE = ['images-pool', 'cache-hit-rate', 'image-popularity'] as const satisfies readonly (keyof WorkloadFlags)[];

/** What the command knows besides the conversation flags. */
export interface ConversationContext {
  readonly inputFile: string | undefined;
  /** Conversations to generate, when there are conversations. */
  readonly conversations: number;
  /** Sessions to run (undefined: --request-count or the run's duration bounds them). */
  readonly sessions: number | undefined;
}

/**
 * The synthetic conversations the flags ask for: a turn mean above 1 or a turn stddev (explicit, or a conversation
 * preset's) makes them; otherwise undefined, and the workload is single requests as before. Every flag is checked
 * either way (aiperf's bounds); problems are pushed to `problems`.
 */
export function resolveConversations(
  flags: ConversationFlags & WorkloadFlags, preset: Preset | undefined, context: ConversationContext, problems: string[],
): SyntheticConversationOptions | undefined {
  const check = (name: keyof ConversationFlags, ok: (v: number) => boolean, rule: string): number | undefined => {
    const value = flags[name];
    if (value !== undefined && !ok(value)) problems.push(`--${name} must be ${rule} (got ${value})`);
    return value;
  };
  const integerAtLeast = (min: number) => (v: number) => Number.isInteger(v) && v >= min;
  const atLeastZero = (v: number) => Number.isFinite(v) && v >= 0;
  const turnMean = check('conversation-turn-mean', integerAtLeast(1), 'an integer >= 1');
  const turnStddev = check('conversation-turn-stddev', integerAtLeast(0), 'an integer >= 0');
  const delayMean = check('conversation-turn-delay-mean', atLeastZero, 'a number >= 0 (ms)');
  const delayStddev = check('conversation-turn-delay-stddev', atLeastZero, 'a number >= 0 (ms)');
  const delayRatio = check('conversation-turn-delay-ratio', atLeastZero, 'a number >= 0');
  const followUpImages = check('follow-up-images', atLeastZero, 'a number >= 0');

  const explicitTurns = (turnMean ?? 1) > 1 || (turnStddev ?? 0) > 0;
  if (context.inputFile !== undefined) {
    if (explicitTurns) problems.push('--conversation-turn-mean and --conversation-turn-stddev shape synthetic conversations; an --input-file\'s sessions are as the file gives them');
    if (followUpImages !== undefined) problems.push('--follow-up-images shapes synthetic conversations; an --input-file\'s images are as the file gives them');
    return undefined;
  }
  const conversation = preset?.conversation;
  const turns = { mean: turnMean ?? conversation?.turns ?? 1, stddev: turnStddev ?? 0 };
  if (!(turns.mean > 1 || turns.stddev > 0)) {
    if (followUpImages !== undefined) problems.push('--follow-up-images applies to conversations: give --conversation-turn-mean above 1 (or --preset chat-reuse)');
    return undefined;
  }
  const reuse = SINGLE_TURN_REUSE.filter((flag) => flags[flag] !== undefined);
  if (reuse.length > 0) {
    problems.push(`${reuse.map((flag) => `--${flag}`).join(', ')} ${reuse.length === 1 ? 'shapes' : 'shape'} image reuse across single requests; a conversation's images are all distinct and come back through its history`);
  }
  return {
    conversations: context.conversations,
    sessions: context.sessions,
    turns,
    turnDelayMs: { mean: delayMean ?? 0, stddev: delayStddev ?? 0 },
    turnDelayRatio: delayRatio ?? 1,
    followUpImages: followUpImages ?? conversation?.followUpImages,
  };
}
