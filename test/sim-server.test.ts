// The simulator as a real peer: the official openai client, Qwen3-VL prompt arithmetic, reply shapes, validation, lengths.
import OpenAI from 'openai';
import sharp from 'sharp';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSim, type RunningSim } from '../src/sim/sim-server.js';
import { loadTokenizer } from '../src/tokenizer/load-tokenizer.js';
import type { TokenCounter } from '../src/tokenizer/token-counter.js';

const MODEL = 'Qwen/Qwen3-VL-30B-A3B-Instruct-FP8';
const SYSTEM = 'You are a careful assistant who describes pictures for people who cannot see them.';
const USER = 'What is in this picture? Answer in one short sentence, please.';

async function pngDataUrl(width: number, height: number, red = 40): Promise<string> {
  const png = await sharp({ create: { width, height, channels: 3, background: { r: red, g: 120, b: 200 } } }).png().toBuffer();
  return `data:image/png;base64,${png.toString('base64')}`;
}

async function postJson(url: string, body: unknown): Promise<{ status: number; json: unknown; text: string }> {
  const raw = typeof body === 'string' ? body : JSON.stringify(body);
  const res = await request(`${url}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: raw });
  const text = await res.body.text();
  let json: unknown = null;
  try {
    json = JSON.parse(text);
  } catch {
    json = null;
  }
  return { status: res.statusCode, json, text };
}

/** Streams a request with the openai client; returns the content chunks' count, the finish reason and usage. */
async function stream(client: OpenAI, params: Record<string, unknown>) {
  const chunks = await client.chat.completions.create({ model: MODEL, stream: true, ...params } as unknown as OpenAI.ChatCompletionCreateParamsStreaming);
  let content = 0;
  let role: string | undefined;
  let finish: string | null = null;
  let usage: OpenAI.CompletionUsage | undefined;
  let usageChunks = 0;
  for await (const chunk of chunks) {
    const choice = chunk.choices[0];
    if (choice?.delta.role) role = choice.delta.role;
    if (choice?.delta.content) content++;
    if (choice?.finish_reason) finish = choice.finish_reason;
    if (chunk.usage) {
      usage = chunk.usage;
      usageChunks++;
      expect(chunk.choices).toEqual([]);
    }
  }
  return { content, role, finish, usage, usageChunks };
}

describe('mmload sim as an OpenAI-compatible server', () => {
  let sim: RunningSim;
  let client: OpenAI;
  let tokenizer: TokenCounter;
  let image512: string;
  let image640x480: string;

  beforeAll(async () => {
    sim = await startSim({ port: 0, speed: 100, seed: 7 });
    client = new OpenAI({ baseURL: `${sim.url}/v1`, apiKey: 'unused', maxRetries: 0 });
    tokenizer = await loadTokenizer();
    [image512, image640x480] = await Promise.all([pngDataUrl(512, 512), pngDataUrl(640, 480)]);
  });
  afterAll(() => sim.close());

  it('streams to the official openai client with usage.prompt_tokens = 13 + S + T + Σ(N + 2)', async () => {
    const result = await stream(client, {
      messages: [
        { role: 'system', content: SYSTEM },
        { role: 'user', content: [{ type: 'text', text: USER }, { type: 'image_url', image_url: { url: image512 } }, { type: 'image_url', image_url: { url: image640x480 } }] },
      ],
      stream_options: { include_usage: true },
      max_tokens: 12, min_tokens: 12, ignore_eos: true,
    });
    const expected = 13 + tokenizer.count(SYSTEM) + tokenizer.count(USER) + (256 + 2) + (300 + 2);
    expect(result).toMatchObject({ role: 'assistant', content: 12, finish: 'length', usageChunks: 1 });
    expect(result.usage).toEqual({ prompt_tokens: expected, completion_tokens: 12, total_tokens: expected + 12 });
  });

  it('counts adjacent text parts as one joined text, and 8 + T + Σ(N + 2) without a system message', async () => {
    const [a, b] = ['Look at the first part', ' and then the second.'];
    const result = await stream(client, {
      messages: [{ role: 'user', content: [{ type: 'text', text: a }, { type: 'text', text: b }, { type: 'image_url', image_url: { url: image640x480 } }] }],
      stream_options: { include_usage: true }, max_tokens: 3, ignore_eos: true,
    });
    expect(result.usage?.prompt_tokens).toBe(8 + tokenizer.count(a + b) + 302);
  });

  it('sends the usage chunk only when stream_options.include_usage is true', async () => {
    const messages = [{ role: 'user', content: USER }];
    expect(await stream(client, { messages, max_tokens: 4, ignore_eos: true })).toMatchObject({ content: 4, usageChunks: 0 });
    expect(await stream(client, { messages, max_tokens: 4, ignore_eos: true, stream_options: { include_usage: false } })).toMatchObject({ usageChunks: 0 });
    expect(await stream(client, { messages, max_tokens: 4, ignore_eos: true, stream_options: { include_usage: true } })).toMatchObject({ usageChunks: 1 });
  });

  it('answers without streaming in one chat.completion body', async () => {
    const reply = await client.chat.completions.create({
      model: MODEL, messages: [{ role: 'user', content: USER }], max_completion_tokens: 6, ignore_eos: true,
    } as unknown as OpenAI.ChatCompletionCreateParamsNonStreaming);
    expect(reply.object).toBe('chat.completion');
    expect(reply.choices[0]).toMatchObject({ finish_reason: 'length', message: { role: 'assistant', content: ' tok'.repeat(6) } });
    expect(reply.usage).toMatchObject({ prompt_tokens: 8 + tokenizer.count(USER), completion_tokens: 6 });
  });

  it('honours max_tokens, min_tokens and ignore_eos: an early seeded stop only without ignore_eos, never before min_tokens', async () => {
    const messages = [{ role: 'user', content: USER }];
    const lengths = async (extra: Record<string, unknown>) => {
      const results = await Promise.all([0, 1, 2, 3, 4].map(() => stream(client, { messages, stream_options: { include_usage: true }, ...extra })));
      return results.map((r) => ({ tokens: r.usage!.completion_tokens, content: r.content, finish: r.finish }));
    };
    for (const r of await lengths({ max_tokens: 700, min_tokens: 0 })) {
      expect(r.tokens).toBe(r.content);
      expect(r.tokens).toBeGreaterThanOrEqual(32);
      expect(r.tokens).toBeLessThanOrEqual(512);
      expect(r.finish).toBe('stop');
    }
    for (const r of await lengths({ max_tokens: 700, min_tokens: 600 })) expect(r).toEqual({ tokens: 600, content: 600, finish: 'stop' });
    for (const r of await lengths({ max_tokens: 20 })) expect(r).toEqual({ tokens: 20, content: 20, finish: 'length' });
    for (const r of await lengths({ max_tokens: 700, ignore_eos: true })) expect(r).toEqual({ tokens: 700, content: 700, finish: 'length' });
  });

  it('repeats its stop lengths for the same --seed and request order', async () => {
    const body = { model: MODEL, messages: [{ role: 'user', content: USER }], max_tokens: 2000 };
    const run = async (seed: number) => {
      const other = await startSim({ port: 0, speed: 100, seed });
      try {
        const lengths: number[] = [];
        for (let i = 0; i < 4; i++) lengths.push(((await postJson(other.url, body)).json as { usage: { completion_tokens: number } }).usage.completion_tokens);
        return lengths;
      } finally {
        await other.close();
      }
    };
    const first = await run(3);
    expect(await run(3)).toEqual(first);
    expect(await run(4)).not.toEqual(first);
  });

  it('answers invalid requests with 400 (404 for an unknown model) and an OpenAI-style error body', async () => {
    const user = [{ role: 'user', content: USER }];
    const cases: [unknown, number, RegExp][] = [
      ['{"messages": [', 400, /not valid JSON/],
      [{ model: MODEL }, 400, /messages/],
      [{ messages: [] }, 400, /messages/],
      [{ messages: user, stream_options: { include_usage: true } }, 400, /stream=True/],
      [{ messages: user, stream: false, stream_options: { include_usage: true } }, 400, /stream=True/],
      [{ messages: user, max_tokens: 0 }, 400, /max_tokens/],
      [{ messages: user, max_tokens: 5, min_tokens: 6 }, 400, /min_tokens/],
      [{ messages: [{ role: 'robot', content: 'hi' }] }, 400, /role/],
      [{ messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url: 'data:image/png;base64,bm90IGFuIGltYWdl' } }] }] }, 400, /decode image/],
      [{ messages: user, max_tokens: 300_000 }, 400, /maximum context length/],
      [{ model: 'some/other-model', messages: user }, 404, /does not exist/],
    ];
    for (const [body, status, message] of cases) {
      const res = await postJson(sim.url, body);
      expect(res.status, JSON.stringify(body).slice(0, 80)).toBe(status);
      const error = (res.json as { error: { message: string; type: string; code: number } }).error;
      expect(error.message).toMatch(message);
      expect(error).toMatchObject({ code: status, type: status === 404 ? 'NotFoundError' : 'BadRequestError' });
    }
  });

  it('serves /v1/models, /health and /metrics', async () => {
    const models = await client.models.list();
    expect(models.data.map((m) => m.id)).toEqual([MODEL]);
    const health = await request(`${sim.url}/health`);
    expect(health.statusCode).toBe(200);
    await health.body.dump();
    const metrics = await (await request(`${sim.url}/metrics`)).body.text();
    for (const name of ['vllm:mm_cache_queries_total', 'vllm:mm_cache_hits_total', 'vllm:prefix_cache_queries_total', 'vllm:prefix_cache_hits_total',
      'vllm:num_requests_running', 'vllm:num_requests_waiting']) {
      expect(metrics).toContain(`${name}{model_name="${MODEL}"}`);
    }
    expect(metrics).toContain('# TYPE vllm:time_to_first_token_seconds histogram');
    expect(metrics).toMatch(new RegExp(`vllm:time_to_first_token_seconds_bucket\\{model_name="${MODEL.replace(/[/.-]/g, '\\$&')}",le="\\+Inf"\\} [1-9]`));
  });
});
