// The simulator's caches as /metrics and --trace show them: embedding cache on decoded pixels, prefix cache, image URLs.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import sharp from 'sharp';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSim, type RunningSim } from '../src/sim/sim-server.js';
import type { TraceRecord } from '../src/sim/sim-trace.js';
import type { SimOptions } from '../src/sim/sim-options.js';
import { loadTokenizer } from '../src/tokenizer/load-tokenizer.js';
import { useScratch } from './helpers/shared-setup.js';
import { readJsonLines } from './helpers/read-json.js';

const SYSTEM = 'You are a meticulous assistant. Describe every picture in plain words, listing the objects you see and their colours. '.repeat(6);

async function png(red: number, compressionLevel = 6): Promise<Buffer> {
  return sharp({ create: { width: 512, height: 512, channels: 3, background: { r: red, g: 90, b: 30 } } }).png({ compressionLevel }).toBuffer();
}

const dataUrl = (bytes: Buffer): string => `data:image/png;base64,${bytes.toString('base64')}`;

function body(url: string, system: string | null = null): object {
  const user = { role: 'user', content: [{ type: 'text', text: 'What is this?' }, { type: 'image_url', image_url: { url } }] };
  return { messages: system === null ? [user] : [{ role: 'system', content: system }, user], max_tokens: 2, ignore_eos: true };
}

async function chat(url: string, payload: object): Promise<number> {
  const res = await request(`${url}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(payload) });
  await res.body.text();
  return res.statusCode;
}

async function counters(url: string): Promise<Record<string, number>> {
  const text = await (await request(`${url}/metrics`)).body.text();
  const read = (name: string): number => Number(new RegExp(`^${name}\\{[^}]*\\} (\\S+)$`, 'm').exec(text)?.[1]);
  return {
    mmQueries: read('vllm:mm_cache_queries_total'), mmHits: read('vllm:mm_cache_hits_total'),
    prefixQueries: read('vllm:prefix_cache_queries_total'), prefixHits: read('vllm:prefix_cache_hits_total'),
  };
}

describe('mmload sim caches', () => {
  const sims: RunningSim[] = [];
  const setup = useScratch('mmload-sim-cache-');
  let red: Buffer;
  let redAgain: Buffer;
  let blue: Buffer;
  const start = async (options: Partial<SimOptions>): Promise<RunningSim> => {
    const sim = await startSim({ port: 0, speed: 100, ...options });
    sims.push(sim);
    return sim;
  };
  beforeAll(async () => {
    [red, redAgain, blue] = await Promise.all([png(200, 9), png(200, 0), png(10)]);
  });
  afterAll(async () => {
    await Promise.all(sims.map((s) => s.close()));
  });

  it('hits the embedding cache on repeated pixels, even in different PNG bytes, and misses on a different image', async () => {
    expect(redAgain.equals(red)).toBe(false);
    const sim = await start({});
    await chat(sim.url, body(dataUrl(red)));
    expect(await counters(sim.url)).toMatchObject({ mmQueries: 1, mmHits: 0 });
    await chat(sim.url, body(dataUrl(red)));
    expect(await counters(sim.url)).toMatchObject({ mmQueries: 2, mmHits: 1 });
    await chat(sim.url, body(dataUrl(redAgain)));
    expect(await counters(sim.url)).toMatchObject({ mmQueries: 3, mmHits: 2 });
    await chat(sim.url, body(dataUrl(blue)));
    expect(await counters(sim.url)).toMatchObject({ mmQueries: 4, mmHits: 2 });
  });

  it('empties each cache on vLLM\'s POST /reset_mm_cache and /reset_prefix_cache, its counters still counting', async () => {
    const sim = await start({});
    const reset = async (route: string): Promise<number> => (await request(`${sim.url}${route}`, { method: 'POST' })).statusCode;
    await chat(sim.url, body(dataUrl(red), SYSTEM));
    await chat(sim.url, body(dataUrl(red), SYSTEM));
    const warm = await counters(sim.url);
    expect(warm.mmHits).toBe(1);
    expect(warm.prefixHits).toBeGreaterThan(0);
    expect(await reset('/reset_mm_cache')).toBe(200);
    await chat(sim.url, body(dataUrl(red), SYSTEM));
    const afterMm = await counters(sim.url);
    expect(afterMm).toMatchObject({ mmQueries: 3, mmHits: 1 });
    expect(afterMm.prefixHits - warm.prefixHits).toBe(warm.prefixHits); // the prefix cache was kept
    expect(await reset('/reset_prefix_cache')).toBe(200);
    await chat(sim.url, body(dataUrl(red), SYSTEM));
    const afterPrefix = await counters(sim.url);
    expect(afterPrefix.prefixHits).toBe(afterMm.prefixHits);
    expect(afterPrefix.mmHits).toBe(2); // the embedding cache was kept
  });

  it('never hits with --embedding-cache-gb 0', async () => {
    const sim = await start({ embeddingCacheGb: 0 });
    for (let i = 0; i < 3; i++) expect(await chat(sim.url, body(dataUrl(red)))).toBe(200);
    expect((await counters(sim.url)).mmHits).toBe(0);
  });

  it('hits the prefix cache in the whole 16-token blocks a prompt shares with earlier ones, unless turned off', async () => {
    const tokenizer = await loadTokenizer();
    const systemTurn = 5 + tokenizer.count(SYSTEM);
    const promptTokens = systemTurn + 3 + tokenizer.count('What is this?') + 258 + 2 + 3;
    const other = { messages: [{ role: 'system', content: SYSTEM }, { role: 'user', content: 'Describe it.' }], max_tokens: 2, ignore_eos: true };
    const on = await start({});
    await chat(on.url, body(dataUrl(blue), SYSTEM));
    expect((await counters(on.url)).prefixHits).toBe(0);
    await chat(on.url, other); // shares the system turn and `<|im_start|>user\n`, not its first text token
    expect((await counters(on.url)).prefixHits).toBe(Math.floor((systemTurn + 3) / 16) * 16);
    await chat(on.url, body(dataUrl(blue), SYSTEM)); // the whole prompt again: every whole block before its last token
    const after = await counters(on.url);
    expect(after.prefixHits - Math.floor((systemTurn + 3) / 16) * 16).toBe(Math.floor((promptTokens - 1) / 16) * 16);
    expect(after.prefixQueries).toBeGreaterThan(2 * promptTokens);
    const off = await start({ prefixCaching: false });
    for (let i = 0; i < 3; i++) await chat(off.url, body(dataUrl(blue), SYSTEM));
    expect(await counters(off.url)).toMatchObject({ prefixHits: 0, prefixQueries: 0 });
  });

  it('fetches an http image URL once, and writes the ground truth of every request to --trace', async () => {
    let fetches = 0;
    const images: Server = createServer((_req, res) => {
      fetches++;
      res.writeHead(200, { 'content-type': 'image/png' }).end(red);
    });
    await new Promise<void>((resolve) => images.listen(0, '127.0.0.1', resolve));
    const imageUrl = `http://127.0.0.1:${(images.address() as AddressInfo).port}/red.png`;
    const trace = join(setup.work, 'trace.jsonl');
    const sim = await startSim({ port: 0, speed: 100, trace });
    try {
      const ids = ['first', 'second'];
      for (const id of ids) {
        const res = await request(`${sim.url}/v1/chat/completions`, {
          method: 'POST', headers: { 'content-type': 'application/json', 'x-request-id': id },
          body: JSON.stringify({ ...body(imageUrl), stream: true, max_tokens: 3 }),
        });
        await res.body.text();
      }
      expect(await chat(sim.url, { messages: [] })).toBe(400);
    } finally {
      await sim.close();
      images.close();
    }
    expect(fetches).toBe(1);
    const records = readJsonLines(trace) as TraceRecord[];
    expect(records.map((r) => [r.x_request_id, r.status, r.images.map((i) => i.cache)])).toEqual([['first', 200, ['miss']], ['second', 200, ['hit']], [null, 400, []]]);
    const [first] = records;
    expect(first).toMatchObject({ sequence: 0, output_tokens: 3, finish_reason: 'length', fault: null, images: [{ width: 512, height: 512, tokens: 256 }] });
    expect(first!.prompt_tokens).toBe(8 + (await loadTokenizer()).count('What is this?') + 258);
    expect(first!.token_epoch_ms).toHaveLength(3);
    expect(first!.token_epoch_ms[0]!).toBeGreaterThanOrEqual(first!.received_epoch_ms!);
    expect(first!.received_epoch_ms!).toBeGreaterThanOrEqual(first!.arrival_epoch_ms);
  });
});
