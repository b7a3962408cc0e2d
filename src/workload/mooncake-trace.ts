// Reads aiperf's mooncake_trace JSONL (timestamp, input_length, output_length, hash_ids) and builds its prompt texts.
import type { TokenCounter } from '../tokenizer/token-counter.js';
import { deriveSeed } from '../util/seeded-random.js';
import { jsonlLines, type SingleTurnEntry } from './single-turn-jsonl.js';
import { textOfTokens } from './token-text.js';

export interface MooncakeEntry {
  readonly line: number;
  /** ms from the trace's start. */
  readonly timestamp: number | undefined;
  readonly inputLength: number;
  readonly outputLength: number | undefined;
  /** One id per block of the prompt (--isl-block-size tokens); the same id is the same text wherever it appears. */
  readonly hashIds: readonly number[];
}

const FIELDS = new Set(['timestamp', 'input_length', 'output_length', 'hash_ids', 'session_id', 'delay']);

/** Streams the entries of a mooncake trace whose hash ids stand for `blockSize` tokens each; errors are one line, `path:line: problem`. */
export async function* readMooncakeTrace(path: string, blockSize: number): AsyncGenerator<MooncakeEntry> {
  for await (const { line, text } of jsonlLines(path)) {
    const fail = (problem: string): never => {
      throw new Error(`${path}:${line}: ${problem}`);
    };
    let value: Record<string, unknown>;
    try {
      value = JSON.parse(text) as Record<string, unknown>;
    } catch (err) {
      return fail(`invalid JSON (${(err as Error).message})`);
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) fail('a line must be a JSON object');
    const unknown = Object.keys(value).find((key) => !FIELDS.has(key));
    if (unknown) fail(`unknown field "${unknown}" in a mooncake_trace line`);
    const count = (name: string, min: number): number | undefined => {
      const v = value[name];
      if (v === undefined) return undefined;
      return typeof v === 'number' && Number.isInteger(v) && v >= min ? v : fail(`"${name}" must be an integer >= ${min}`);
    };
    const inputLength = count('input_length', 1) ?? fail('needs "input_length"');
    const hashIds = value.hash_ids ?? [];
    if (!Array.isArray(hashIds) || !hashIds.every((h) => Number.isInteger(h))) fail('"hash_ids" must be a list of integers');
    const ids = hashIds as number[];
    if (ids.length > 0 && Math.ceil(inputLength / blockSize) !== ids.length) {
      fail(`${ids.length} hash_ids for ${inputLength} input tokens (one per ${blockSize}-token block expected; --isl-block-size)`);
    }
    const timestamp = value.timestamp;
    if (timestamp !== undefined && !(typeof timestamp === 'number' && timestamp >= 0)) fail('"timestamp" must be a number >= 0');
    yield { line, timestamp: timestamp as number | undefined, inputLength, outputLength: count('output_length', 1), hashIds: ids };
  }
}

/**
 * The prompt of an entry: one block of text per hash id, the same text for the same id (so the server's prefix
 * cache sees the trace's reuse), exactly `inputLength` tokens in all. Blocks may merge a token where they meet,
 * so the last block (the entry's own) is sized by counting the whole prompt until it is exact.
 * Without hash ids, the text is the entry's own, seeded by its line.
 */
function mooncakeText(tokenizer: TokenCounter, entry: MooncakeEntry, seed: number, blockSize: number, blocks: Map<number, string>): string {
  const ids = entry.hashIds;
  if (ids.length === 0) return textOfTokens(tokenizer, entry.inputLength, deriveSeed(seed, 2_000_000 + entry.line));
  let prefix = '';
  for (const id of ids.slice(0, -1)) {
    let block = blocks.get(id);
    if (block === undefined) blocks.set(id, (block = textOfTokens(tokenizer, blockSize, deriveSeed(seed, 3_000_000 + id))));
    prefix += block;
  }
  const lastSeed = deriveSeed(seed, 3_000_000 + ids.at(-1)!);
  let lastTokens = entry.inputLength - blockSize * (ids.length - 1);
  for (let attempt = 0; attempt < 8 && lastTokens >= 1; attempt++) {
    const text = prefix + textOfTokens(tokenizer, lastTokens, lastSeed);
    const tokens = tokenizer.count(text);
    if (tokens === entry.inputLength) return text;
    lastTokens += entry.inputLength - tokens;
  }
  throw new Error(`line ${entry.line}: cannot build a prompt of exactly ${entry.inputLength} tokens from its hash_ids`);
}

/** The trace as single_turn entries: one text of the entry's length, its output_length, its timestamp. */
export async function* mooncakeAsSingleTurn(path: string, tokenizer: TokenCounter, seed: number, blockSize: number): AsyncGenerator<SingleTurnEntry> {
  const blocks = new Map<number, string>();
  for await (const entry of readMooncakeTrace(path, blockSize)) {
    yield {
      line: entry.line,
      texts: [mooncakeText(tokenizer, entry, seed, blockSize, blocks)],
      images: [],
      ...(entry.outputLength === undefined ? {} : { outputLength: entry.outputLength }),
      ...(entry.timestamp === undefined ? {} : { timestamp: entry.timestamp }),
    };
  }
}
