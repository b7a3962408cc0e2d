// Flags of synthetic multi-turn sessions (aiperf's --conversation-* names, mmload's short ones), shared by `mmload profile` and `mmload generate`.
import type { Argv } from 'yargs';

/** No yargs defaults here: an absent flag is how a preset's value, then aiperf's default, gets through. */
export function conversationOptions<T>(yargs: Argv<T>) {
  const group = 'Conversations:';
  return yargs
    .option('conversation-turn-mean', { alias: ['session-turns-mean', 'turns'], type: 'number', group, describe: 'Turns of each synthetic conversation (aiperf; default 1: single requests); above 1, each turn re-sends the history' })
    .option('conversation-turn-stddev', { alias: ['session-turns-stddev', 'turns-stddev'], type: 'number', group, describe: 'Standard deviation of the turns, drawn per conversation (default 0)' })
    .option('conversation-turn-delay-mean', { alias: ['session-turn-delay-mean', 'turn-delay-ms'], type: 'number', group, describe: 'Think time in ms before each later turn, from the previous answer (default 0: none)' })
    .option('conversation-turn-delay-stddev', { alias: ['session-turn-delay-stddev', 'turn-delay-stddev-ms'], type: 'number', group, describe: 'Standard deviation of the think time in ms, drawn per turn (default 0)' })
    .option('conversation-turn-delay-ratio', { alias: ['session-delay-ratio', 'turn-delay-ratio'], type: 'number', group, describe: 'Multiplies every drawn think time (default 1)' })
    .option('follow-up-images', { type: 'number', group, describe: 'New images of each later turn, on average: 0.5 is none or one at even odds, drawn per turn (default: as many as the first turn, as aiperf)' });
}

/** The flags of conversationOptions as yargs parsed them. */
export interface ConversationFlags {
  'conversation-turn-mean'?: number | undefined;
  'conversation-turn-stddev'?: number | undefined;
  'conversation-turn-delay-mean'?: number | undefined;
  'conversation-turn-delay-stddev'?: number | undefined;
  'conversation-turn-delay-ratio'?: number | undefined;
  'follow-up-images'?: number | undefined;
}
