// aiperf's sessions in a single_turn file: lines sharing a session_id are sent in order as one conversation, each alone.
import type { ConversationSpec } from './conversation-spec.js';
import { groupSessions } from './session-groups.js';
import type { SingleTurnEntry } from './single-turn-jsonl.js';
import { turnSpecOf } from './turn-fields.js';

/**
 * The conversations of a single_turn file's entries, or null when no line has a session_id (the file is then a plain
 * single-turn workload). Every line with the same id, wherever it is, is a turn of one conversation (file order); a line
 * without one is a conversation of its own; conversations keep the order they first appear in. A line's `delay` is its
 * think time after the previous turn's reply (a first turn's is never waited). No history: each turn is sent alone, as
 * aiperf does. `path` names the file in messages.
 */
export function groupSingleTurnSessions(entries: readonly SingleTurnEntry[], path: string): ConversationSpec[] | null {
  if (!entries.some((entry) => entry.sessionId)) return null;
  const pieces = entries.map((entry) => ({ line: entry.line, sessionId: entry.sessionId, turns: [turnSpecOf(entry.line, entry, 'user')] }));
  return groupSessions(pieces, false, path);
}
