// Server /metrics scraping: run deltas against the real simulator, Dynamo's counters, absent endpoints, the text parser.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import sharp from 'sharp';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSim, type RunningSim } from '../src/sim/sim-server.js';
import { describeServerCache, startServerMetrics, type ServerMetricsSummary } from '../src/server-metrics/scraper.js';
import { parseExposition } from '../src/server-metrics/parse.js';
import { takeSnapshot } from '../src/server-metrics/snapshot.js';
import { closedPort } from './helpers/closed-port.js';

const servers: Server[] = [];
const sims: RunningSim[] = [];

/** A local server answering every request with `handler`; closed after all tests. */
async function serve(handler: Parameters<typeof createServer>[1]): Promise<string> {
  const server = createServer(handler);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/metrics`;
}

async function png(red: number): Promise<string> {
  const bytes = await sharp({ create: { width: 256, height: 256, channels: 3, background: { r: red, g: 90, b: 30 } } }).png().toBuffer();
  return `data:image/png;base64,${bytes.toString('base64')}`;
}

function chat(base: string, image: string, extra: object = {}) {
  const content = [{ type: 'text', text: 'What is this?' }, { type: 'image_url', image_url: { url: image } }];
  return request(`${base}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ messages: [{ role: 'user', content }], max_tokens: 4, ignore_eos: true, ...extra }),
  });
}

afterAll(async () => {
  await Promise.all(sims.map((sim) => sim.close()));
  for (const server of servers) server.closeAllConnections();
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
});

describe('startServerMetrics against the simulator', () => {
  let red: string;
  beforeAll(async () => {
    red = await png(200);
  });

  it('records run deltas of the image and prefix caches and the server TTFT, not what came before the run', async () => {
    const sim = await startSim({ port: 0, speed: 50 });
    sims.push(sim);
    await (await chat(sim.url, await png(10))).body.text(); // before the run: must not count
    const scraper = startServerMetrics(`${sim.url}/metrics`, { intervalMs: 50 });
    await scraper.ready;
    for (let i = 0; i < 3; i++) expect((await chat(sim.url, red)).statusCode).toBe(200);
    const summary = await scraper.stop();
    expect(summary).toMatchObject({ url: `${sim.url}/metrics`, available: true, mmCache: { queries: 3, hits: 2 } });
    expect(summary.mmCache!.hitRate).toBeCloseTo(2 / 3, 10);
    expect(summary.scrapes).toBeGreaterThanOrEqual(2);
    expect(summary.prefixCache!.queries).toBeGreaterThan(0);
    expect(summary.dynamoEmbeddingCache).toBeNull();
    expect(summary.serverTtft!.count).toBe(3);
    expect(summary.serverTtft!.meanMs).toBeGreaterThan(0);
    expect(summary.running.length).toBeGreaterThanOrEqual(2);
    expect(summary.waiting.length).toBe(summary.running.length);
    const times = summary.running.map((point) => point.t);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(describeServerCache(summary, 2 / 3)).toEqual({ warning: false, text: 'Server image cache: 66.7% hit rate (2 of 3 items, vllm:mm_cache), planned 66.7%' });
    expect(describeServerCache(summary, 0.2)?.text).toMatch(/planned 20\.0%\. WARNING: 46\.7 points apart/);
    expect(describeServerCache(summary, 0.2)?.warning).toBe(true);
  });

  it('scrapes during the run: the running gauge shows a request in flight', async () => {
    const sim = await startSim({ port: 0, speed: 1 });
    sims.push(sim);
    let scrapes = 0;
    const url = await serve((_req, res) => {
      void request(`${sim.url}/metrics`).then(async (upstream) => {
        res.end(await upstream.body.text());
        scrapes++;
      });
    });
    const scraper = startServerMetrics(url, { intervalMs: 20 });
    await scraper.ready;
    const long = await chat(sim.url, red, { stream: true, max_tokens: 2000 }); // seconds at --speed 1
    let streamed = '';
    await new Promise<void>((resolve) => long.body.on('data', (chunk: Buffer) => {
      streamed += chunk.toString();
      if (/"content":"[^"]/.test(streamed)) resolve(); // a generated token: running now
    }));
    const seen = scrapes;
    while (scrapes < seen + 2) await new Promise((resolve) => setTimeout(resolve, 10));
    long.body.destroy();
    const summary = await scraper.stop();
    expect(Math.max(...summary.running.map((point) => point.value))).toBe(1);
    expect(summary.running.length).toBeGreaterThanOrEqual(4);
  });
});

describe('startServerMetrics without a usable endpoint', () => {
  it('reports unavailable, without throwing, when nothing listens or the server answers 404', async () => {
    const port = await closedPort();
    const notFound = await serve((_req, res) => res.writeHead(404).end('no metrics'));
    for (const url of [`http://127.0.0.1:${port}/metrics`, notFound]) {
      const scraper = startServerMetrics(url, { intervalMs: 20 });
      await scraper.ready;
      const summary = await scraper.stop();
      expect(summary).toEqual({
        url, scrapes: 0, available: false, mmCache: null, prefixCache: null, dynamoEmbeddingCache: null,
        running: [], waiting: [], serverTtft: null,
      } satisfies ServerMetricsSummary);
      expect(describeServerCache(summary, 0.2)).toBeNull();
    }
  });

  it('gives up on a silent endpoint after the timeout and skips ticks while a scrape is in flight', async () => {
    let received = 0;
    const url = await serve(() => received++); // never answers
    const started = performance.now();
    const scraper = startServerMetrics(url, { intervalMs: 10, timeoutMs: 150 });
    await scraper.ready;
    await new Promise((resolve) => setTimeout(resolve, 400));
    const summary = await scraper.stop();
    const elapsedMs = performance.now() - started;
    expect(summary.available).toBe(false);
    expect(received).toBeGreaterThanOrEqual(3); // before, at least one tick, after
    // One at a time, each waiting out its 150 ms: ticks every 10 ms would have sent dozens.
    expect(received).toBeLessThanOrEqual(Math.floor(elapsedMs / 140) + 1);
  });
});

describe('Dynamo-style counters', () => {
  const before = [
    '# HELP dynamo_component_embedding_cache_hits_total Embedding cache hits',
    '# TYPE dynamo_component_embedding_cache_hits_total counter',
    'dynamo_component_embedding_cache_hits_total{dynamo_component="encoder",dynamo_endpoint="a"} 10',
    'dynamo_component_embedding_cache_hits_total{dynamo_component="encoder",dynamo_endpoint="b"} 5',
    'dynamo_component_embedding_cache_misses_total{dynamo_component="encoder",dynamo_endpoint="a"} 20',
    'dynamo_component_embedding_cache_evictions_total 1',
  ].join('\n');
  // Labels in another order; endpoint b restarted (5 → 2); the misses counter written without _total.
  const after = [
    'dynamo_component_embedding_cache_hits_total{dynamo_endpoint="a",dynamo_component="encoder"} 16',
    'dynamo_component_embedding_cache_hits_total{dynamo_endpoint="b",dynamo_component="encoder"} 2',
    'dynamo_component_embedding_cache_misses{dynamo_component="encoder",dynamo_endpoint="a"} 24',
    'dynamo_component_embedding_cache_evictions_total 3',
  ].join('\r\n');

  it('sums label sets, matches them in any order, treats a drop as a restart, and reads bare counter names', async () => {
    let served = 0;
    const url = await serve((_req, res) => res.end(served++ === 0 ? before : after));
    const scraper = startServerMetrics(url, { intervalMs: 60_000 });
    await scraper.ready;
    const summary = await scraper.stop();
    expect(summary.scrapes).toBe(2);
    expect(summary.dynamoEmbeddingCache).toEqual({ hits: 8, misses: 4, evictions: 2, hitRate: 8 / 12 });
    expect(summary).toMatchObject({ mmCache: null, prefixCache: null, serverTtft: null, running: [], waiting: [] });
    expect(describeServerCache(summary, 0.65)).toEqual({ warning: false, text: 'Server image cache: 66.7% hit rate (8 of 12 lookups, Dynamo embedding cache), planned 65.0%' });
    expect(describeServerCache(summary, null)).toEqual({ warning: false, text: 'Server image cache: 66.7% hit rate (8 of 12 lookups, Dynamo embedding cache)' });
  });
});

describe('parseExposition', () => {
  it('reads labels holding commas, quotes, braces and escapes, skips comments, keeps +Inf buckets and special values', () => {
    const text = [
      '# HELP vllm:ttft Time to first token, in seconds {with braces} and "quotes".',
      '# TYPE vllm:ttft histogram',
      '#a comment without a space',
      '',
      'vllm:ttft_bucket{model_name="a,b=c",le="0.5"} 1.0',
      '  vllm:ttft_bucket{ model_name = "say \\"hi\\", {ok}" , le="+Inf" , } +Inf 1700000000000',
      'vllm:ttft_sum{path="C:\\\\dir",note="two\\nlines"} NaN',
      'vllm:ttft_count -Inf # {trace_id="abc"} 1.0',
      'vllm:ttft_created{} 1.7e9\t',
      '# EOF',
    ].join('\n');
    expect(parseExposition(text)).toEqual([
      { name: 'vllm:ttft_bucket', labels: { model_name: 'a,b=c', le: '0.5' }, value: 1 },
      { name: 'vllm:ttft_bucket', labels: { model_name: 'say "hi", {ok}', le: '+Inf' }, value: Infinity },
      { name: 'vllm:ttft_sum', labels: { path: 'C:\\dir', note: 'two\nlines' }, value: NaN },
      { name: 'vllm:ttft_count', labels: {}, value: -Infinity },
      { name: 'vllm:ttft_created', labels: {}, value: 1.7e9 },
    ]);
  });

  it('skips malformed lines and keeps the rest, and reads only the names asked for', () => {
    const text = ['x{a="unclosed} 1', 'x{a=b} 1', 'x{1a="v"} 1', 'x', 'x{a="v"} one', '9x 1', 'y{a="v"} 2', 'z 3'].join('\n');
    expect(parseExposition(text)).toEqual([{ name: 'y', labels: { a: 'v' }, value: 2 }, { name: 'z', labels: {}, value: 3 }]);
    expect(parseExposition(text, (name) => name === 'z')).toEqual([{ name: 'z', labels: {}, value: 3 }]);
  });

  it('prefers the _total spelling when a server writes both, and ignores non-finite counter values', () => {
    const snapshot = takeSnapshot(['vllm:mm_cache_hits_total 4', 'vllm:mm_cache_hits 4', 'vllm:mm_cache_queries NaN'].join('\n'), 0);
    expect([...snapshot.counters.get('mmHits')!.values()]).toEqual([4]);
    expect(snapshot.counters.has('mmQueries')).toBe(false);
  });
});
