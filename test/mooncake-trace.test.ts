// mooncake_trace input: exact prompt lengths, shared blocks for shared hash ids, output lengths, replay, errors.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadTokenizer } from '../src/tokenizer/load-tokenizer.js';
import { loadWorkload } from '../src/workload/load-workload.js';
import type { WorkloadSpec } from '../src/workload/workload-spec.js';
import { useScratch } from './helpers/shared-setup.js';
import { inMemory } from './helpers/in-memory.js';

const setup = useScratch('mmload-mooncake-');

function trace(name: string, lines: object[]): string {
  const path = join(setup.work, name);
  writeFileSync(path, lines.map((l) => JSON.stringify(l)).join('\n'));
  return path;
}

const spec = (inputFile: string, blockSize = 512): WorkloadSpec => ({
  models: ['m'], modelSelection: 'round_robin', inputFile, datasetType: 'mooncake_trace', mlperf: { systemPromptFile: undefined, guidedDecoding: false, sampleCount: undefined }, generated: { sampling: 'sequential' } as WorkloadSpec['generated'],
  systemPromptTokens: undefined, extraInputs: {}, outputTokens: undefined, maxTokensKey: 'max_completion_tokens', forcedOutputTokens: undefined,
  requestCount: undefined, warmupRequestCount: 0, seed: 0, cacheImages: true, tokenizerPath: undefined, delivery: { mode: 'base64' }, imageUuids: false, streaming: true, blockSize,
});

const textOf = (body: readonly Buffer[]) => (JSON.parse(Buffer.concat(body).toString()) as { messages: { content: string }[]; max_completion_tokens?: number });

describe('mooncake_trace', () => {
  it('builds prompts of exactly input_length tokens, sharing the text of shared hash ids', async () => {
    const qwen = await loadTokenizer();
    const file = trace('t.jsonl', [
      { timestamp: 0, input_length: 1300, output_length: 40, hash_ids: [1, 2, 3] },
      { timestamp: 250, input_length: 1100, output_length: 7, hash_ids: [1, 2, 9] },
      { timestamp: 500, input_length: 90, output_length: 3 },
    ]);
    const { requests } = await loadWorkload(spec(file));
    const [a, b, c] = requests.map((r) => textOf(inMemory(r.body)));
    const [ta, tb, tc] = [a, b, c].map((x) => x!.messages[0]!.content);
    expect([qwen.count(ta!), qwen.count(tb!), qwen.count(tc!)]).toEqual([1300, 1100, 90]);
    // The first two blocks (hash ids 1 and 2, 1,024 tokens) are the same text in both prompts: the prefix cache can hit them.
    const shared = qwen.decode(qwen.encode(ta!).slice(0, 1000));
    expect(tb!.startsWith(shared)).toBe(true);
    expect(tc!.startsWith(shared.slice(0, 200))).toBe(false);
    expect([a!.max_completion_tokens, b!.max_completion_tokens, c!.max_completion_tokens]).toEqual([40, 7, 3]);
    expect(requests.map((r) => r.requestedOsl)).toEqual([40, 7, 3]);
    expect(requests.map((r) => r.timestampMs)).toEqual([0, 250, 500]);
    expect(requests.map((r) => r.expectedIsl)).toEqual([8 + 1300, 8 + 1100, 8 + 90]);
  });

  it('takes --isl-block-size tokens per hash id', async () => {
    const qwen = await loadTokenizer();
    const file = trace('b16.jsonl', [{ input_length: 40, hash_ids: [1, 2, 3] }, { input_length: 36, hash_ids: [1, 2, 4] }]);
    const [ta, tb] = (await loadWorkload(spec(file, 16))).requests.map((r) => textOf(inMemory(r.body)).messages[0]!.content);
    expect([qwen.count(ta!), qwen.count(tb!)]).toEqual([40, 36]);
    // Blocks 1 and 2 (32 tokens) are the same text in both prompts; the third block is each prompt's own.
    expect(tb!.startsWith(qwen.decode(qwen.encode(ta!).slice(0, 30)))).toBe(true);
    expect(tb!.startsWith(qwen.decode(qwen.encode(ta!).slice(0, 38)))).toBe(false);
    await expect(loadWorkload(spec(file))).rejects.toThrow(/b16\.jsonl:1: 3 hash_ids for 40 input tokens \(one per 512-token block expected/);
  });

  it('names the line of a bad entry', async () => {
    await expect(loadWorkload(spec(trace('bad1.jsonl', [{ input_length: 10 }, { input_length: 0 }])))).rejects.toThrow(/bad1\.jsonl:2: "input_length" must be an integer >= 1/);
    await expect(loadWorkload(spec(trace('bad2.jsonl', [{ input_length: 1300, hash_ids: [1] }])))).rejects.toThrow(/bad2\.jsonl:1: 1 hash_ids for 1300 input tokens/);
    await expect(loadWorkload(spec(trace('bad3.jsonl', [{ input_length: 5, text: 'x' }])))).rejects.toThrow(/bad3\.jsonl:1: unknown field "text"/);
  });
});
