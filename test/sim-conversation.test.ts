// A conversation through `mmload sim`: each turn re-sends the history, which hits the prefix and embedding caches as in vLLM.
import { join } from 'node:path';
import sharp from 'sharp';
import { request } from 'undici';
import { beforeAll, describe, expect, it } from 'vitest';
import { startSim } from '../src/sim/sim-server.js';
import type { SimOptions } from '../src/sim/sim-options.js';
import type { TraceRecord } from '../src/sim/sim-trace.js';
import { loadTokenizer } from '../src/tokenizer/load-tokenizer.js';
import { readJsonLines } from './helpers/read-json.js';
import { useScratch } from './helpers/shared-setup.js';

const SYSTEM = 'You are a careful visual assistant. Answer questions about the pictures the user shows you, one fact at a time.';
const QUESTIONS = ['What do these two pictures have in common?', 'And how does this third one differ from them?', 'Which of the three is the brightest?'];
const ANSWER_TOKENS = 20;

async function picture(red: number): Promise<string> {
  const png = await sharp({ create: { width: 1024, height: 1024, channels: 3, background: { r: red, g: 120, b: 40 } } }).png().toBuffer();
  return `data:image/png;base64,${png.toString('base64')}`;
}

interface Turn {
  record: TraceRecord;
  answer: string;
}

/** Sends three turns by hand, each carrying the system prompt, every earlier question and answer, then its own question. */
async function converse(options: Partial<SimOptions>, trace: string, images: string[]): Promise<Turn[]> {
  const sim = await startSim({ port: 0, speed: 1, trace, ...options });
  const answers: string[] = [];
  try {
    const users: object[] = [
      { role: 'user', content: [{ type: 'text', text: QUESTIONS[0] }, { type: 'image_url', image_url: { url: images[0] } }, { type: 'image_url', image_url: { url: images[1] } }] },
      { role: 'user', content: [{ type: 'text', text: QUESTIONS[1] }, { type: 'image_url', image_url: { url: images[2] } }] },
      { role: 'user', content: QUESTIONS[2] },
    ];
    const messages: object[] = [{ role: 'system', content: SYSTEM }];
    for (const [turn, user] of users.entries()) {
      messages.push(user);
      const res = await request(`${sim.url}/v1/chat/completions`, {
        method: 'POST', headers: { 'content-type': 'application/json', 'x-request-id': `turn-${turn}` },
        body: JSON.stringify({ messages, stream: true, max_tokens: ANSWER_TOKENS, ignore_eos: true }),
      });
      expect(res.statusCode).toBe(200);
      const answer = streamedText(await res.body.text());
      answers.push(answer);
      messages.push({ role: 'assistant', content: answer });
    }
  } finally {
    await sim.close();
  }
  const records = readJsonLines(trace) as TraceRecord[];
  return records.map((record, turn) => ({ record, answer: answers[turn]! }));
}

/** The content of an SSE chat stream's deltas, joined. */
function streamedText(sse: string): string {
  return sse.split('\n').filter((line) => line.startsWith('data: {')).map((line) => JSON.parse(line.slice(6)) as { choices: { delta?: { content?: string } }[] })
    .map((chunk) => chunk.choices[0]?.delta?.content ?? '').join('');
}

const ttftMs = (record: TraceRecord): number => record.token_epoch_ms[0]! - record.received_epoch_ms!;
const blocks = (tokens: number): number => Math.floor(tokens / 16) * 16;

describe('a conversation through mmload sim', () => {
  const setup = useScratch('mmload-sim-conversation-');
  let images: string[];
  let on: Turn[];
  let off: Turn[];
  beforeAll(async () => {
    images = await Promise.all([30, 130, 230].map(picture));
    on = await converse({}, join(setup.work, 'on.jsonl'), images);
    off = await converse({ prefixCaching: false, embeddingCacheGb: 0 }, join(setup.work, 'off.jsonl'), images);
  });

  it('sees the history in every later prompt: earlier questions, images and answers, rendered by the chat template', async () => {
    const tokenizer = await loadTokenizer();
    const [q0, q1, q2] = QUESTIONS.map((q) => tokenizer.count(q));
    const answer = (turn: number): number => tokenizer.count(on[turn]!.answer);
    expect(on.map((t) => [t.record.x_request_id, t.record.status, t.answer])).toEqual(
      [0, 1, 2].map((turn) => [`turn-${turn}`, 200, ' tok'.repeat(ANSWER_TOKENS)]));
    const first = 13 + tokenizer.count(SYSTEM) + q0! + 2 * (1024 + 2);
    // Every further message adds 5 + its content: the earlier answer, then the new question.
    const second = first + (5 + answer(0)) + (5 + q1! + 1024 + 2);
    const third = second + (5 + answer(1)) + (5 + q2!);
    expect(on.map((t) => t.record.prompt_tokens)).toEqual([first, second, third]);
    expect(off.map((t) => t.record.prompt_tokens)).toEqual([first, second, third]);
  });

  it('hits the prefix blocks of every earlier prompt and answer, and the embeddings of every earlier image', () => {
    const [first, second] = on.map((t) => t.record.prompt_tokens!);
    // Turn n's prompt starts with turn n−1's prompt and answer; all but the answer's last token were computed.
    expect(on.map((t) => t.record.prefix_cache_hit_tokens)).toEqual([0, blocks(first! + ANSWER_TOKENS - 1), blocks(second! + ANSWER_TOKENS - 1)]);
    expect(on.map((t) => t.record.images.map((image) => image.cache))).toEqual([['miss', 'miss'], ['hit', 'hit', 'miss'], ['hit', 'hit', 'hit']]);
  });

  it('hits neither cache with both turned off', () => {
    expect(off.map((t) => t.record.prefix_cache_hit_tokens)).toEqual([0, 0, 0]);
    expect(off.map((t) => t.record.images.map((image) => image.cache))).toEqual([['miss', 'miss'], ['miss', 'miss', 'miss'], ['miss', 'miss', 'miss']]);
  });

  it('answers later turns sooner with the caches on than off (the engine skips their prefill and encoding)', () => {
    // Simulated costs of the third turn: off, ~3,400 tokens prefilled and 3 images encoded (~260 ms); on, one short block (~10 ms).
    for (const turn of [1, 2]) expect(ttftMs(on[turn]!.record)).toBeLessThan(ttftMs(off[turn]!.record));
  });
});
