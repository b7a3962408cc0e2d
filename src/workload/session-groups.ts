// Conversation ids and grouping: pieces sharing a session_id are one conversation; the others are named session_NNNNNN by position.
import type { ConversationSpec, TurnSpec } from './conversation-spec.js';

/** A line's share of a conversation: its turns, and its session_id if it has one ("" counts as none, as in aiperf). */
export interface SessionPiece {
  /** 1-based line of the file, for messages. */
  readonly line: number;
  readonly sessionId: string | undefined;
  readonly turns: readonly TurnSpec[];
}

/** The dataset id of the entry or conversation at 0-based `position` that has no id of its own: its conversation_id, and its session_id in inputs.json. */
export function sessionIdOf(position: number): string {
  return `session_${String(position).padStart(6, '0')}`;
}

/**
 * The conversations of a file's pieces: every piece with the same session_id, wherever it is, appends its turns to one
 * conversation (file order); a piece without one is a conversation of its own. Conversations keep the order in which
 * they first appear. A generated id that another line uses as its session_id is refused (`path:line: problem`).
 */
export function groupSessions(pieces: readonly SessionPiece[], withHistory: boolean, path: string): ConversationSpec[] {
  const groups: { line: number; sessionId: string | undefined; turns: TurnSpec[] }[] = [];
  const byId = new Map<string, { line: number; turns: TurnSpec[] }>();
  for (const piece of pieces) {
    const group = piece.sessionId ? byId.get(piece.sessionId) : undefined;
    if (group !== undefined) {
      group.turns.push(...piece.turns);
      continue;
    }
    const started = { line: piece.line, sessionId: piece.sessionId || undefined, turns: [...piece.turns] };
    groups.push(started);
    if (started.sessionId !== undefined) byId.set(started.sessionId, started);
  }
  return groups.map(({ line, sessionId, turns }, position) => {
    if (sessionId !== undefined) return { id: sessionId, turns, withHistory };
    const id = sessionIdOf(position);
    const named = byId.get(id);
    if (named !== undefined) throw new Error(`${path}:${line}: its conversation would be named "${id}", the session_id of line ${named.line}; give this line a session_id`);
    return { id, turns, withHistory };
  });
}
