// Server /metrics collection against the real simulator (its trace is the truth), scripted endpoints, and absent or silent ones.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSim, type RunningSim } from '../src/sim/sim-server.js';
import { startServerMetricsCollection, type ServerMetricsData } from '../src/server-metrics/collection.js';
import { comparablePlannedRate, describeServerCache, describeServerCacheSlices } from '../src/server-metrics/describe.js';
import { serverConsoleLines } from '../src/server-metrics/console-lines.js';
import type { CounterSeriesExport, HistogramSeriesExport } from '../src/server-metrics/export-types.js';
import { keptAs } from '../src/server-metrics/endpoint-tally.js';
import { labelsKey, parseFamilies } from '../src/server-metrics/families.js';
import type { TraceRecord } from '../src/sim/sim-trace.js';
import { linearPercentile } from '../src/util/linear-percentile.js';
import { closedPort } from './helpers/closed-port.js';

const servers: Server[] = [];
const sims: RunningSim[] = [];
const work = mkdtempSync(join(tmpdir(), 'mmload-server-metrics-'));

/** A local server answering every request with `handler`; closed after all tests. */
async function serve(handler: Parameters<typeof createServer>[1]): Promise<string> {
  const server = createServer(handler);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/metrics`;
}

async function png(red: number, size = 256): Promise<string> {
  const bytes = await sharp({ create: { width: size, height: size, channels: 3, background: { r: red, g: 90, b: 30 } } }).png().toBuffer();
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
  rmSync(work, { recursive: true, force: true });
});

/** vLLM's TTFT bucket bounds, as the simulator writes them: which bucket a value falls in. */
const TTFT_BOUNDS = [0.001, 0.005, 0.01, 0.02, 0.04, 0.06, 0.08, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10, 20, 40, 80, 160, 640, 2560];
const bucketOf = (seconds: number): number => {
  const i = TTFT_BOUNDS.findIndex((bound) => seconds <= bound);
  return i < 0 ? TTFT_BOUNDS.length : i;
};

describe('server metrics against the simulator', () => {
  let collected: ServerMetricsData;
  let truth: TraceRecord[];
  let lastBody: string;
  let metricsUrl: string;

  beforeAll(async () => {
    const trace = join(work, 'trace.jsonl');
    const sim = await startSim({ port: 0, speed: 4, trace });
    metricsUrl = `${sim.url}/metrics`;
    const images = await Promise.all([png(10, 128), png(200, 512), png(90, 256), png(150, 1024)]);
    await (await chat(sim.url, await png(30))).body.text(); // before the run: must not count
    const collection = startServerMetricsCollection({ urls: [metricsUrl], intervalMs: 40, sliceSeconds: 0.25, jsonlPath: join(work, 'spool.jsonl') });
    await collection.ready;
    // 24 requests, 4 at a time, over 4 images (so some hit the cache), different sizes and lengths.
    for (let i = 0; i < 24; i += 4) {
      await Promise.all([0, 1, 2, 3].map(async (j) => {
        const response = await chat(sim.url, images[(i + j) % 4]!, { stream: true, max_tokens: 4 + ((i + j) % 5) * 3 });
        expect(response.statusCode).toBe(200);
        await response.body.text();
      }));
    }
    collected = await collection.stop(null);
    lastBody = await (await request(metricsUrl)).body.text();
    await sim.close();
    truth = readFileSync(trace, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as TraceRecord).filter((record) => record.sequence > 0);
  });

  it('captures every series the simulator exposes', () => {
    const metrics = collected.exports!.metrics;
    for (const family of parseFamilies(lastBody)) {
      const kept = keptAs(family)!;
      const exported = metrics.get(kept.name);
      expect(exported?.type, kept.name).toBe(kept.kind);
      expect(exported!.series.map((s) => labelsKey(s.labels ?? {})).sort()).toEqual(family.series.map((s) => labelsKey(s.labels)).sort());
    }
    expect([...metrics.keys()]).toEqual([...metrics.keys()].sort());
    expect(metrics.size).toBe(parseFamilies(lastBody).length);
  });

  it('gives counter deltas over the run equal to what the simulator served during it', () => {
    expect(truth).toHaveLength(24);
    const total = (name: string, labels: Record<string, string> = {}): number => {
      const series = collected.exports!.metrics.get(name)!.series as CounterSeriesExport[];
      return series.filter((s) => Object.entries(labels).every(([k, v]) => s.labels?.[k] === v)).reduce((sum, s) => sum + s.stats.total, 0);
    };
    const sum = (of: (r: TraceRecord) => number): number => truth.reduce((acc, r) => acc + of(r), 0);
    expect(total('vllm:prompt_tokens')).toBe(sum((r) => r.prompt_tokens!));
    expect(total('vllm:generation_tokens')).toBe(sum((r) => r.output_tokens!));
    expect(total('vllm:request_success', { finished_reason: 'length' })).toBe(24);
    expect(total('vllm:request_success', { finished_reason: 'stop' })).toBe(0);
    expect(total('vllm:prefix_cache_queries')).toBe(sum((r) => r.prompt_tokens!));
    expect(total('vllm:prefix_cache_hits')).toBe(sum((r) => r.prefix_cache_hit_tokens));
    const looked = truth.flatMap((r) => r.images).filter((image) => image.cache !== null);
    expect(total('vllm:mm_cache_queries')).toBe(looked.length);
    expect(total('vllm:mm_cache_hits')).toBe(looked.filter((image) => image.cache === 'hit').length);
    expect(collected.summary.mmCache).toEqual({ queries: looked.length, hits: 20, hitRate: 20 / 24 });
    expect(describeServerCache(collected.summary, 20 / 24)).toEqual({ warning: false, text: 'Server image cache: 83.3% hit rate (20 of 24 items, vllm:mm_cache), planned 83.3%' });
  });

  it('estimates the TTFT histogram\'s run percentiles within one bucket of the observed values', () => {
    const ttft = collected.exports!.metrics.get('vllm:time_to_first_token_seconds')!.series[0] as HistogramSeriesExport;
    const observed = truth.map((r) => (r.token_epoch_ms[0]! - r.received_epoch_ms!) / 1000).sort((a, b) => a - b);
    expect(ttft.stats.count).toBe(24);
    // The simulator observes each TTFT just before it writes the chunk its trace stamps: within a millisecond each.
    expect(Math.abs(ttft.stats.sum! - observed.reduce((a, b) => a + b, 0))).toBeLessThan(24 * 0.001);
    expect(new Set(observed.map(bucketOf)).size).toBeGreaterThan(1); // the percentiles have buckets to tell apart
    for (const p of [10, 25, 50, 75, 90, 99] as const) {
      const estimate = ttft.stats[`p${p}_estimate`]!;
      expect(Math.abs(bucketOf(estimate) - bucketOf(linearPercentile(observed, p))), `p${p}: ${estimate} vs ${linearPercentile(observed, p)}`).toBeLessThanOrEqual(1);
    }
    expect(collected.summary.histograms?.find((h) => h.figure === 'TTFT')).toMatchObject({ family: 'vllm:time_to_first_token_seconds', count: 24, p50: ttft.stats.p50_estimate });
  });

  it('splits the run into slices whose counts add up to the run, and keeps a per-scrape timeline', () => {
    const prompt = collected.exports!.metrics.get('vllm:prompt_tokens')!.series[0] as CounterSeriesExport;
    expect(prompt.timeslices!.length).toBeGreaterThan(1);
    expect(prompt.timeslices!.reduce((sum, slice) => sum + slice.total, 0)).toBe(prompt.stats.total);
    const ttft = collected.exports!.metrics.get('vllm:time_to_first_token_seconds')!.series[0] as HistogramSeriesExport;
    expect(ttft.timeslices!.reduce((sum, slice) => sum + slice.count, 0)).toBe(24);
    const slices = collected.summary.slices!;
    expect(slices.reduce((sum, slice) => sum + (slice.mmCache?.queries ?? 0), 0)).toBe(24);
    expect(slices.map((slice) => slice.key)).toEqual(slices.map((_slice, i) => slices[0]!.key + i));
    expect(describeServerCacheSlices(collected.summary, null).length).toBe(slices.filter((slice) => slice.mmCache?.hitRate != null).length);
    // Each slice's planned rate (by its epoch key) sits beside the server's; slices this small (24 lookups) never warn.
    const looked = slices.filter((slice) => slice.mmCache?.hitRate != null);
    const planned = new Map(looked.map((slice) => [slice.key, slice.mmCache!.hitRate! > 0.5 ? 0 : 1]));
    const lines = serverConsoleLines(collected.summary, null, planned);
    expect(lines.find((line) => line.startsWith('Server image cache by slice:'))!.match(/\(planned (0|100)\.0%\)/g)).toHaveLength(Math.min(looked.length, 8));
    expect(lines.filter((line) => line.includes('WARNING'))).toEqual([]);
    const [endpoint] = collected.summary.endpoints!;
    expect(endpoint!.timeline.t).toHaveLength(endpoint!.scrapes);
    expect(endpoint!.timeline.mmHitRate[0]).toBeNull();
    expect(endpoint!.timeline.running.every((value) => value !== null)).toBe(true);
    expect(collected.summary.families!.map((f) => f.server)).toEqual(collected.summary.families!.map(() => 'vLLM'));
  });
});

describe('a scripted endpoint', () => {
  it('sums label sets, matches them in any order, treats a drop as a restart, and reads Dynamo\'s embedding cache', async () => {
    const bodies = [
      ['# TYPE dynamo_component_embedding_cache_hits_total counter',
        'dynamo_component_embedding_cache_hits_total{dynamo_component="encoder",dynamo_endpoint="a"} 10',
        'dynamo_component_embedding_cache_hits_total{dynamo_component="encoder",dynamo_endpoint="b"} 5',
        '# TYPE dynamo_component_embedding_cache_misses_total counter',
        'dynamo_component_embedding_cache_misses_total{dynamo_component="encoder",dynamo_endpoint="a"} 20',
        'dynamo_component_embedding_cache_evictions_total 1'].join('\n'),
      // Labels in another order; endpoint b restarted (5 → 2); evictions still untyped (no TYPE line: a counter by its _total).
      ['# TYPE dynamo_component_embedding_cache_hits_total counter',
        'dynamo_component_embedding_cache_hits_total{dynamo_endpoint="a",dynamo_component="encoder"} 16',
        'dynamo_component_embedding_cache_hits_total{dynamo_endpoint="b",dynamo_component="encoder"} 2',
        '# TYPE dynamo_component_embedding_cache_misses_total counter',
        'dynamo_component_embedding_cache_misses_total{dynamo_component="encoder",dynamo_endpoint="a"} 24',
        'dynamo_component_embedding_cache_evictions_total 3'].join('\r\n'),
    ];
    let served = 0;
    const url = await serve((_req, res) => res.end(bodies[Math.min(served++, 1)]));
    const collection = startServerMetricsCollection({ urls: [url], intervalMs: 60_000, sliceSeconds: null, jsonlPath: null });
    await collection.ready;
    const { summary } = await collection.stop(null);
    expect(summary.scrapes).toBe(2);
    expect(summary.dynamoEmbeddingCache).toEqual({ hits: 8, misses: 4, evictions: 2, hitRate: 8 / 12 });
    expect(summary).toMatchObject({ mmCache: null, prefixCache: null, serverTtft: null, running: [], waiting: [] });
    expect(summary.families!.map((f) => [f.server, f.name, f.type])).toEqual([
      ['Dynamo worker', 'dynamo_component_embedding_cache_evictions', 'counter'],
      ['Dynamo worker', 'dynamo_component_embedding_cache_hits', 'counter'],
      ['Dynamo worker', 'dynamo_component_embedding_cache_misses', 'counter'],
    ]);
    expect(describeServerCache(summary, 0.65)).toEqual({ warning: false, text: 'Server image cache: 66.7% hit rate (8 of 12 lookups, Dynamo embedding cache), planned 65.0%' });
    expect(describeServerCache(summary, 0.2)?.text).toMatch(/planned 20\.0%\. WARNING: 46\.7 points apart/);
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
    const collection = startServerMetricsCollection({ urls: [url], intervalMs: 20, sliceSeconds: null, jsonlPath: null });
    await collection.ready;
    const long = await chat(sim.url, await png(200), { stream: true, max_tokens: 2000 }); // seconds at --speed 1
    let streamed = '';
    await new Promise<void>((resolve) => long.body.on('data', (chunk: Buffer) => {
      streamed += chunk.toString();
      if (/"content":"[^"]/.test(streamed)) resolve(); // a generated token: running now
    }));
    const seen = scrapes;
    while (scrapes < seen + 2) await new Promise((resolve) => setTimeout(resolve, 10));
    long.body.destroy();
    const { summary } = await collection.stop(null);
    expect(Math.max(...summary.running.map((point) => point.value))).toBe(1);
    expect(summary.running.length).toBeGreaterThanOrEqual(4);
    expect(summary.running.map((point) => point.t)).toEqual(summary.running.map((point) => point.t).sort((a, b) => a - b));
  });
});

describe('an endpoint that does not answer', () => {
  it('is unavailable, without throwing, when nothing listens or the server answers 404: no exports, no JSONL', async () => {
    const port = await closedPort();
    const notFound = await serve((_req, res) => res.writeHead(404).end('no metrics'));
    const collection = startServerMetricsCollection({ urls: [`http://127.0.0.1:${port}/metrics`, notFound], intervalMs: 20, sliceSeconds: 1, jsonlPath: join(work, 'none.jsonl') });
    await collection.ready;
    const collected = await collection.stop(null);
    expect(collected.exports).toBeNull();
    expect(collected.hasJsonl).toBe(false);
    expect(collected.summary).toMatchObject({ url: `http://127.0.0.1:${port}/metrics`, scrapes: 0, available: false, mmCache: null, running: [], slices: [] });
    expect(collected.summary.endpoints!.map((e) => [e.available, e.failures >= 2])).toEqual([[false, true], [false, true]]);
    expect(describeServerCache(collected.summary, 0.2)).toBeNull();
  });

  it('gives up on a silent endpoint after the timeout and skips ticks while a scrape is in flight', async () => {
    let received = 0;
    const url = await serve(() => received++); // never answers
    const started = performance.now();
    const collection = startServerMetricsCollection({ urls: [url], intervalMs: 10, timeoutMs: 150, sliceSeconds: null, jsonlPath: null });
    await collection.ready;
    await new Promise((resolve) => setTimeout(resolve, 400));
    const { summary } = await collection.stop(null);
    const elapsedMs = performance.now() - started;
    expect(summary.available).toBe(false);
    expect(received).toBeGreaterThanOrEqual(3); // before, at least one tick, after
    // One at a time, each waiting out its 150 ms: ticks every 10 ms would have sent dozens.
    expect(received).toBeLessThanOrEqual(Math.floor(elapsedMs / 140) + 1);
  });
});

describe('the planned image hit rate a run compares with', () => {
  const plan = { imageSlots: 300, distinctImages: 240, plannedHitRate: 0.2, plannedRequests: 100, distinctImageBytes: 0, expectedIsl: null };
  it('is the plan when the run sent exactly its planned requests, the rate as sent when the slices know it, else none', () => {
    expect(comparablePlannedRate(plan, 100, null)).toBe(0.2);
    expect(comparablePlannedRate(plan, 823, null)).toBeNull(); // a duration run wrapped around: it re-sent the plan's images
    expect(comparablePlannedRate(plan, 70, null)).toBeNull(); // cut short: it sent part of the plan
    expect(comparablePlannedRate(plan, 823, 0.9)).toBe(0.9);
    expect(comparablePlannedRate({ ...plan, plannedRequests: undefined }, 823, null)).toBe(0.2); // a summary from before 0.2
    expect(comparablePlannedRate(undefined, 10, null)).toBeNull();
  });
});

describe('the run\'s headers on scrapes', () => {
  it('go to the servers under test only: another host named with --server-metrics gets none', async () => {
    const seen = new Map<string, string | undefined>();
    const answer = (name: string) => (req: IncomingMessage, res: ServerResponse) => {
      seen.set(name, req.headers.authorization);
      res.writeHead(200, { 'content-type': 'text/plain' }).end('vllm:num_requests_running 0\n');
    };
    const [server, other] = [await serve(answer('server')), await serve(answer('other'))];
    const collection = startServerMetricsCollection({
      urls: [server, other], intervalMs: 60_000, sliceSeconds: null, jsonlPath: null,
      headers: { authorization: 'Bearer sk-test' }, headerOrigins: [new URL(server).origin],
    });
    await collection.ready;
    await collection.stop(null);
    expect(seen).toEqual(new Map([['server', 'Bearer sk-test'], ['other', undefined]]));
  });
});
