// Builds a workload of conversations (multi-turn sessions) from their descriptions: each turn's request alone, images shared.
import { messageTokens } from '../model/qwen3-vl-tokens.js';
import { loadTokenizer } from '../tokenizer/load-tokenizer.js';
import { ConversationRun } from './conversation.js';
import type { ConversationSpec } from './conversation-spec.js';
import { entryRequests, entryTurns } from './entry-request.js';
import { ImageIds } from './image-ids.js';
import { ImageRefs } from './image-refs.js';
import type { Conversation, ConversationTurn, PreparedRequest, Workload } from './prepared-request.js';
import { expectedIsl, warmupRequests, type LineShape } from './shaped-warmup.js';
import { sharedSystemPrompt } from './token-text.js';
import { describeInfo, workloadInfo } from './workload-info.js';
import type { WorkloadSpec } from './workload-spec.js';

/**
 * Every turn becomes its request alone (its model and token cap by its place among all turns, in order), sent under
 * its role with room for its history; images resolve relative to `baseDir`, identical ones to one shared piece. The
 * profiled "requests" are the turns as the first run of each conversation would send them without answers (what the
 * planned figures count: an earlier image re-sent with the history is a slot again). Warm-up requests mirror the first
 * turns' shapes with content of their own. `source` names the input in messages ("file.jsonl:12: …").
 */
export async function conversationWorkload(specs: readonly ConversationSpec[], spec: WorkloadSpec, baseDir: string, source: string): Promise<Workload> {
  if (specs.length === 0) throw new Error(`${source} holds no conversations`);
  const tokenizer = await loadTokenizer(spec.tokenizerPath);
  const systemPrompt = sharedSystemPrompt(tokenizer, spec.systemPromptTokens, spec.seed);
  const imageIds = new ImageIds();
  const turnOf = entryTurns(spec, systemPrompt, imageIds);
  const refs = new ImageRefs();
  const conversations: Conversation[] = [];
  const firstShapes: LineShape[] = [];
  let index = 0;
  for (const conversation of specs) {
    const turns: ConversationTurn[] = [];
    for (const [k, turn] of conversation.turns.entries()) {
      const urls = await Promise.all(turn.images.map((ref) => refs.resolve(ref, baseDir))).catch((err: Error) => {
        throw new Error(`${source}:${turn.line}: ${err.message}`);
      });
      const texts = turn.texts.filter((text) => text.length > 0);
      const shape: LineShape = { textTokens: tokenizer.count(texts.join('')), imageSizes: urls.map((url) => refs.describe(url)), outputLength: turn.outputLength };
      if (k === 0) firstShapes.push(shape);
      // The turn alone; a run adds what its history holds (ConversationRun).
      const isl = expectedIsl(shape, spec.systemPromptTokens);
      const { request, message } = turnOf({ index: index++, texts, images: urls, imageUuids: turn.imageUuids, lineExtra: turn.extra, outputLength: turn.outputLength, expectedIsl: isl }, turn.role);
      turns.push({ request, message, texts, delayMs: k === 0 ? 0 : turn.delayMs, messageTokens: messageTokens(shape.textTokens, shape.imageSizes) });
    }
    conversations.push({ id: conversation.id, turns, withHistory: conversation.withHistory });
  }
  const entries = conversations.flatMap((c) => c.turns.map((turn) => turn.request));
  const requests = conversations.flatMap(plannedTurns);
  const warmupShapes = Array.from({ length: spec.warmupRequestCount }, (_, j) => firstShapes[j % firstShapes.length]!);
  const warmup = await warmupRequests(warmupShapes, index, spec, tokenizer, entryRequests(spec, systemPrompt, imageIds));
  const info = workloadInfo(requests, (url) => refs.describe(url)?.bytes ?? 0);
  const turns = entries.length;
  const what = `${source}: ${conversations.length} conversations, ${turns} turns (${(turns / conversations.length).toFixed(1)} per conversation)` +
    `${conversations.some((c) => !c.withHistory) ? ', grouped lines sent alone in order' : ''}`;
  // --conversation-num and --request-count are never both given: with a session count, the request count is that count.
  const sessionCount = spec.conversations?.sessions ?? spec.sessionCount;
  const sessions = { conversations, turns: sessionCount === undefined ? spec.requestCount : undefined, sessions: sessionCount };
  return { entries, requests, warmup, info, sessions, description: [what, describeInfo(info)].filter(Boolean).join('; '), notices: [], dispose: async () => {} };
}

/** A conversation's turns as one run sends them when every answer is empty: each with the earlier turns' messages and images. */
function plannedTurns(conversation: Conversation): PreparedRequest[] {
  const run = new ConversationRun(conversation, '');
  return conversation.turns.map((_, k) => {
    const request = run.request(k);
    run.answered(k, null);
    return request;
  });
}
