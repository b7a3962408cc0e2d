// Reads an aiperf multi_turn JSONL input file (one session's turns per line) into conversations.
import { isJsonObject, lineObject } from '../util/json-object.js';
import type { ConversationSpec, TurnSpec } from './conversation-spec.js';
import { groupSessions, type SessionPiece } from './session-groups.js';
import { jsonlLines } from './single-turn-jsonl.js';
import { readTurnFields, refuseUnknownFields, TURN_FIELDS, turnSpecOf, type Fail } from './turn-fields.js';

const LINE_FIELDS = ['session_id', 'turns', 'type'];
const TURN_KEYS = [...TURN_FIELDS, 'role'];

/**
 * The conversations of `path`, each sent with its history: lines sharing a session_id are one conversation (turns
 * appended in file order), conversations in the order they first appear, a line without one named session_NNNNNN by
 * its position. Errors are one line, `path:line: problem`.
 */
export async function readMultiTurn(path: string): Promise<ConversationSpec[]> {
  const pieces: SessionPiece[] = [];
  for await (const { line, text } of jsonlLines(path)) pieces.push(parseLine(text, line, path));
  if (pieces.length === 0) throw new Error(`input file has no conversations (only blank lines): ${path}`);
  return groupSessions(pieces, true, path);
}

function parseLine(text: string, line: number, path: string): SessionPiece {
  const fail: Fail = (problem) => {
    throw new Error(`${path}:${line}: ${problem}`);
  };
  const value = lineObject(text, fail);
  refuseUnknownFields(value, LINE_FIELDS, fail);
  if (value.type !== undefined && value.type !== 'multi_turn') fail('"type" must be "multi_turn"');
  const sessionId = value.session_id === undefined || typeof value.session_id === 'string' ? value.session_id : fail('"session_id" must be a string');
  const turns: unknown[] = Array.isArray(value.turns) && value.turns.length > 0 ? value.turns
    : fail(value.turns === undefined ? 'needs "turns"' : '"turns" must be a non-empty list of turns');
  return { line, sessionId, turns: turns.map((turn, i) => parseTurn(turn, line, (problem) => fail(`turns[${i}]: ${problem}`))) };
}

function parseTurn(turn: unknown, line: number, fail: Fail): TurnSpec {
  const value = isJsonObject(turn) ? turn : fail('expected a JSON object');
  refuseUnknownFields(value, TURN_KEYS, fail);
  const fields = readTurnFields(value, fail);
  // aiperf reads a timestamp only under --fixed-schedule, which mmload does not run conversations on.
  if (fields.timestamp !== undefined) fail('"timestamp" is not supported in multi_turn by mmload yet (use "delay")');
  // aiperf sends a turn without a role (or an empty one) as "user".
  const role = value.role === undefined || typeof value.role === 'string' ? value.role || 'user' : fail('"role" must be a string');
  return turnSpecOf(line, fields, role);
}
