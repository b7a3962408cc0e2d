// Writes conversations as aiperf multi_turn JSONL: one {"session_id", "turns": [...]} line per conversation.
import type { ConversationSpec, TurnSpec } from './conversation-spec.js';
import { writeLines } from './jsonl-writer.js';

/** One turn as aiperf's multi_turn format spells it; keys left out where aiperf's default says the same. */
interface MultiTurnTurn {
  text?: string;
  texts?: readonly string[];
  images?: readonly string[];
  delay?: number;
  role?: string;
  output_length?: number;
  extra?: Readonly<Record<string, unknown>>;
}

/**
 * Writes one line per conversation, atomically (see writeLines). A turn keeps `text` for one text, `texts` for
 * several, `images` when it has any, `delay` (ms) when above 0, `role` unless "user", `output_length` and `extra`
 * when set. A conversation sent without history, or a turn with neither text nor image, cannot be written (RangeError).
 */
export async function writeMultiTurnJsonl(path: string, conversations: Iterable<ConversationSpec>): Promise<void> {
  function* lines(): Generator<string> {
    for (const conversation of conversations) yield multiTurnLine(conversation);
  }
  await writeLines(path, lines());
}

/** `{"session_id": …, "turns": […]}` for one conversation. */
export function multiTurnLine(conversation: ConversationSpec): string {
  if (!conversation.withHistory) throw new RangeError(`conversation ${conversation.id} is sent without history; a multi_turn file always sends it`);
  if (conversation.turns.length === 0) throw new RangeError(`conversation ${conversation.id} has no turns`);
  return JSON.stringify({ session_id: conversation.id, turns: conversation.turns.map((turn, t) => multiTurnTurn(turn, `conversation ${conversation.id}, turn ${t}`)) });
}

function multiTurnTurn(turn: TurnSpec, where: string): MultiTurnTurn {
  const texts = turn.texts.filter((text) => text !== '');
  if (texts.length === 0 && turn.images.length === 0) throw new RangeError(`${where} has neither text nor images`);
  const record: MultiTurnTurn = {};
  if (texts.length === 1) record.text = texts[0]!;
  else if (texts.length > 1) record.texts = texts;
  if (turn.images.length > 0) record.images = turn.images;
  if (turn.delayMs > 0) record.delay = turn.delayMs;
  if (turn.role !== 'user') record.role = turn.role;
  if (turn.outputLength !== undefined) record.output_length = turn.outputLength;
  if (turn.extra !== undefined) record.extra = turn.extra;
  return record;
}
