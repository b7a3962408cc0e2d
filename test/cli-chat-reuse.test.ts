// `mmload profile --preset chat-reuse --sim`: later turns are faster with the simulator's caches on than off, and every turn is a tagged record.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ConversationSummary } from '../src/metrics/conversation-summary.js';
import { readJson } from './helpers/read-json.js';
import { runCli } from './helpers/run-cli.js';
import { useScratch } from './helpers/shared-setup.js';

const scratch = useScratch('mmload-chat-reuse-');

async function chatReuse(name: string, caches: string[]): Promise<string> {
  const dir = join(scratch.work, name);
  const run = await runCli(['profile', '--preset', 'chat-reuse', '--sim', '--conversation-num', '8', '--concurrency', '4', ...caches, '-q', '--artifact-dir', dir]);
  expect(run.code).toBe(0);
  return dir;
}

describe('the chat-reuse preset on the simulator', () => {
  it('has lower TTFT on every later turn with the prefix and embedding caches on than off, and tags every turn', async () => {
    const on = await chatReuse('on', []);
    const off = await chatReuse('off', ['--no-sim-prefix-caching', '--sim-embedding-cache-gb', '0']);
    const byTurn = (dir: string) => (readJson(join(dir, 'summary.json')).mmload.conversations as ConversationSummary).by_turn;
    const [cached, uncached] = [byTurn(on), byTurn(off)];
    expect(cached.map((t) => t.turn_index)).toEqual([0, 1, 2, 3]);
    expect(cached.map((t) => t.requests)).toEqual([8, 8, 8, 8]);
    // The later turns' median TTFT, averaged over turns 1–3 (one turn's median alone moves with the machine's load).
    const later = (turns: typeof cached) => turns.slice(1).reduce((sum, t) => sum + t.ttft_ms!.p50, 0) / 3;
    expect(later(cached)).toBeLessThan(later(uncached));
    // The history grows turn by turn: 2 × 300-token user texts apart, plus an answer of 150 tokens.
    expect(cached.map((t) => t.isl!.avg)).toEqual([...cached.map((t) => t.isl!.avg)].sort((a, b) => a - b));

    const records = readFileSync(join(on, 'records.jsonl'), 'utf8').trim().split('\n').map((line) => JSON.parse(line) as {
      metadata: { conversation_id: string; turn_index: number; x_correlation_id: string };
      metrics: { expected_input_sequence_length: { value: number }; usage_prompt_tokens: { value: number } };
    });
    expect(records).toHaveLength(32);
    for (const { metadata, metrics } of records) {
      expect(metadata.conversation_id).toMatch(/^session_0000\d\d$/);
      expect([0, 1, 2, 3]).toContain(metadata.turn_index);
      // Qwen3-VL's arithmetic with the history (the answers by the server's count) gives the server's prompt tokens.
      expect(metrics.expected_input_sequence_length.value).toBe(metrics.usage_prompt_tokens.value);
    }
    const sessions = new Map<string, number[]>();
    for (const { metadata } of records) sessions.set(metadata.x_correlation_id, [...(sessions.get(metadata.x_correlation_id) ?? []), metadata.turn_index]);
    expect([...sessions.values()].map((turns) => [...turns].sort())).toEqual(Array.from({ length: 8 }, () => [0, 1, 2, 3]));
  });
});
