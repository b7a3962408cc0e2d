// report.html: its series and bounds from synthetic runs, then real profile runs opened in headless Chromium, offline.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RequestRecord } from '../src/client/request-record.js';
import { Distribution } from '../src/metrics/histogram.js';
import { summarize, type SummaryMeta } from '../src/metrics/summary.js';
import type { TokenCounts } from '../src/metrics/token-counts.js';
import { withAccuracySection } from '../src/report/html/accuracy-section.js';
import { renderReportHtml } from '../src/report/html/report-html.js';
import type { AccuracyFigures } from '../src/mlperf/accuracy/accuracy-report.js';
import { RunAggregates } from '../src/records/run-aggregates.js';
import { startStreamServer } from './fixtures/stream-server.js';
import { runCli } from './helpers/run-cli.js';
import { findTestBrowser } from './helpers/test-browser.js';
import { useScratch } from './helpers/shared-setup.js';
import { readJson } from './helpers/read-json.js';

/** Text only and small, so the runs exercise the report rather than image generation. */
const SMALL = ['--images-per-request', '0', '--user-text-tokens', '32', '--shared-system-prompt-length', '0', '--output-tokens', '0'];

const setup = useScratch('mmload-report-html-');

function record(overrides: Partial<RequestRecord>): RequestRecord {
  return {
    requestIndex: 0, phase: 'profiling', xRequestId: 'id', intendedMs: null, startMs: 0, bodySentMs: null, headersMs: null,
    chunkMs: [], chunkTokens: [], endMs: 0, streamed: true, status: 200, usage: null, contentText: null, reasoningText: null, finishReason: 'stop',
    bodyBytes: 100, responseBytes: 200, error: null, ...overrides,
  };
}

/** A closed loop of `slots` requests at a time, each 100 ms with 10 chunks from 10 ms on; every `failEvery`-th fails. */
function closedLoop(n: number, slots: number, failEvery = 0): { records: RequestRecord[]; counts: TokenCounts[] } {
  const records: RequestRecord[] = [];
  const counts: TokenCounts[] = [];
  for (let i = 0; i < n; i++) {
    const start = Math.floor(i / slots) * 100;
    const failed = failEvery > 0 && i % failEvery === failEvery - 1;
    records.push(record({
      requestIndex: i, xRequestId: `r${i}`, startMs: start, endMs: start + 100,
      chunkMs: failed ? [] : Array.from({ length: 10 }, (_, c) => start + 10 + c * 10),
      error: failed ? { code: 500, type: 'http_error', message: '<img src=x onerror=alert(1)> & "boom"' } : null,
    }));
    counts.push(failed
      ? { osl: null, outputTokens: null, reasoningTokens: null, isl: 50, oslSource: null, islSource: 'server' }
      : { osl: 20, outputTokens: 20, reasoningTokens: null, isl: 50, oslSource: 'server', islSource: 'server' });
  }
  return { records, counts };
}

describe('report.html content', () => {
  it('computes throughput and in-flight series that integrate back to the run', () => {
    const { records, counts } = closedLoop(400, 4);
    const run = timeData(records, counts).series!;
    expect(run.durationSec).toBeCloseTo(10, 6);
    const integral = (points: [number, number][]) => points.reduce((sum, [, v]) => sum + v * run.bucketSec, 0);
    expect(integral(run.outputTokensPerSec)).toBeCloseTo(400 * 20, 6);
    expect(integral(run.requestsPerSec)).toBeCloseTo(400, 6);
    expect(run.failuresPerSec).toBeNull();
    for (const [, inFlight] of run.inFlight) expect(inFlight).toBeCloseTo(4, 6);
  });

  it('reads percentile points off the histogram', () => {
    const d = new Distribution('ms');
    for (let v = 1; v <= 1000; v++) d.record(v);
    const curve = d.percentileCurve([0, 50, 99, 100]);
    expect(curve.map((p) => p.percentile)).toEqual([0, 50, 99, 100]);
    expect(curve[0]!.value).toBe(1);
    expect(curve[1]!.value).toBeCloseTo(500, -1);
    expect(curve[2]!.value).toBeCloseTo(990, -1);
    expect(curve[3]!.value).toBe(1000);
    expect(new Distribution('ms').percentileCurve([50])).toEqual([]);
  });

  it('stays bounded for a large run, escapes run text, loads nothing, and shows banners and server metrics', () => {
    const html = largeReport();
    // Checked through includes(), so a failure names the missing text instead of printing the whole page.
    const has = (text: string) => expect(html.includes(text), text).toBe(true);
    expect(html.length).toBeLessThan(1_500_000);
    expect(html.match(/<rect class="bar/g)?.length).toBe(2000);
    has('2,000 of 10,000 requests drawn');
    has('data-banner="interrupted"');
    has('data-banner="client-limited"');
    has('<p class="banner bad" data-banner="stopped">Stopped early: server unreachable since &lt;then&gt;.');
    has('event-loop delay p99 25.0 ms');
    expect(html.match(/class="banner warn" data-server-cache>Server image cache: 50\.0% hit rate [^<]* planned 80\.0%\. WARNING/)?.length).toBe(1);
    has('data-chart="server-queue"');
    has('&lt;img src=x onerror=alert(1)&gt; &amp; &quot;boom&quot;');
    has('&lt;b&gt;model&lt;/b&gt;');
    // Nothing that could load: no script, no element with a source or link, no CSS import or url().
    expect(html.match(/<(script|img|iframe|link)\b|<[^>]*\s(src|href)=|url\(|@import/i)?.[0]).toBeUndefined();
  });

  it('shows the MLPerf Q3VL accuracy block, and one set into a finished page reads as the page rendered with it', () => {
    const { records, counts } = closedLoop(20, 2);
    const figures = (f1: number, passed: boolean): AccuracyFigures => ({
      samples: 20, unparsable: 1, hierarchical_precision: 0.81, hierarchical_recall: 0.79, hierarchical_f1: f1,
      brand_score: 0.9, secondhand_f1: 0.5, f1_target: 0.782397, passed,
    });
    const render = (mlperfAccuracy?: AccuracyFigures) =>
      renderReportHtml(summarize(records, counts, { interrupted: false, ...(mlperfAccuracy ? { mlperfAccuracy } : {}) }, 0), timeData(records, counts), null, 'v0');
    const passing = render(figures(0.8, true));
    for (const text of ['<h2>MLPerf Q3VL accuracy</h2>', '<th>Unparsable answers</th><td>1</td>', '<th>Hierarchical recall (hR)</th><td>0.790000</td>',
      '<th>Hierarchical F1 (hF1)</th><td>0.800000</td>', '<th>Brand score</th><td>0.900000</td>', '<th>Second-hand F1</th><td>0.500000</td>',
      'data-accuracy-passed="true"><strong>Result: PASS (hF1 0.800000 &gt;= 0.782397']) expect(passing.includes(text), text).toBe(true);
    expect(render()).not.toContain('mlperf-accuracy');
    expect(withAccuracySection(render(), figures(0.8, true))).toBe(passing);
    // Scored again: the block is replaced, not added.
    const failing = withAccuracySection(passing, figures(0.5, false));
    expect(failing).toBe(render(figures(0.5, false)));
    expect(failing.match(/id="mlperf-accuracy"/g)?.length).toBe(1);
    expect(failing).toContain('Result: FAIL (hF1 0.500000 &lt; 0.782397');
  });
});

/** 10,000 requests, 1 in 10 failed, interrupted, stopped early, client-limited, with server metrics disagreeing with the plan. */
function largeReport(): string {
  const { records, counts } = closedLoop(10_000, 50, 10);
  const meta: SummaryMeta = {
    interrupted: true, stopped: { reason: 'server_lost', message: 'server unreachable since <then>' }, model: '<b>model</b>', version: '9.9.9', inputConfig: { cli_command: "mmload profile -m '<b>model</b>'" },
    workload: { imageSlots: 10_000, distinctImages: 2000, plannedHitRate: 0.8, distinctImageBytes: 1 << 26, expectedIsl: { avg: 700, min: 650, max: 750 } },
    clientHealth: { eventLoopDelayMs: { p50: 1, p99: 25, max: 40 }, workerEventLoopDelayMs: [], cpuCores: 0.5, cpuMs: 5000, clientLimited: true, reasons: ['event-loop delay p99 25.0 ms'] },
    serverMetrics: {
      url: 'http://127.0.0.1:1/metrics', scrapes: 12, available: true,
      mmCache: { queries: 1000, hits: 500, hitRate: 0.5 }, prefixCache: null, dynamoEmbeddingCache: null,
      running: Array.from({ length: 12 }, (_, i) => ({ t: i * 2, value: 40 + (i % 3) })),
      waiting: Array.from({ length: 12 }, (_, i) => ({ t: i * 2, value: i % 4 })),
      serverTtft: { count: 9000, meanMs: 12.5 },
    },
  };
  return renderReportHtml(summarize(records, counts, meta, 0), timeData(records, counts), null, 'v0.0.0-test');
}

/** What a run gathers for the time charts and the timeline, from its records in send order (time zero at 0 ms). */
function timeData(records: readonly RequestRecord[], counts: readonly TokenCounts[]) {
  const aggregates = new RunAggregates(0, undefined, false);
  records.forEach((r, i) => aggregates.add(r, counts[i]!, i));
  return aggregates.timeData();
}

describe('report.html in headless Chromium', () => {
  let browser: Browser;
  beforeAll(async () => {
    const { executablePath, env } = await findTestBrowser();
    browser = await chromium.launch({ executablePath, env, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
  }, 120_000);
  afterAll(() => browser?.close());

  /** Opens a file with every non-file request blocked; `problems` collects console errors, page errors and requests. */
  async function open(path: string): Promise<{ page: Page; problems: string[] }> {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const problems: string[] = [];
    page.on('console', (m) => void (m.type() === 'error' && problems.push(`console: ${m.text()}`)));
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('request', (r) => void (r.url().startsWith('file:') || problems.push(`request: ${r.url()}`)));
    await page.route('**', (route) => (route.request().url().startsWith('file:') ? route.continue() : route.abort()));
    await page.goto(pathToFileURL(path).href, { waitUntil: 'load' });
    return { page, problems };
  }

  /** Points drawn by the chart's first series. */
  const points = (page: Page, chart: string): Promise<number> =>
    page.$eval(`svg[data-chart="${chart}"] path.series`, (p) => (p.getAttribute('d') ?? '').split(/[ML]/).length - 1);

  it('notices a page that does fetch something (the check below is not vacuous)', async () => {
    const probe = join(setup.work, 'probe.html');
    writeFileSync(probe, '<!DOCTYPE html><img src="http://127.0.0.1:9/x.png">');
    const { page, problems } = await open(probe);
    expect(problems.some((p) => p.startsWith('request: http://127.0.0.1:9/'))).toBe(true);
    await page.close();
  });

  it('renders a real run: every chart drawn, one bar per request, headline figures equal summary.json, the cache hit rate climbing', async () => {
    const dir = join(setup.work, 'ok');
    // cache-ab's workload on the simulator (one image per request from a pool, so the first requests see new images),
    // shortened, with smaller images and time slices.
    const result = await runCli(['profile', '--preset', 'cache-ab', '--sim', '--sim-speed', '5', '--request-count', '160', '--concurrency', '16',
      '--images-pool', '40', '--image-size', '128', '128', '--output-tokens', '48', '--slice-duration', '0.25', '--artifact-dir', dir, '--quiet']);
    expect(result.code).toBe(0);
    const summary = readJson(join(dir, 'summary.json'));
    const { page, problems } = await open(join(dir, 'report.html'));
    expect(problems).toEqual([]);

    // The server's image cache hit rate climbs over the run, the plan beside it; the server's queue beside the client's.
    const drawnY = (name: string) => page.$eval(`svg[data-chart="cache-hit-rate"] path.series[data-series="${name}"]`, (path) =>
      (path.getAttribute('d') ?? '').split(/[ML]/).filter(Boolean).map((xy) => Number(xy.trim().split(/[ ,]+/)[1])));
    for (const name of ['server: image cache', 'planned']) {
      const y = await drawnY(name);
      expect(y.length, name).toBeGreaterThanOrEqual(4);
      expect(y.at(-1)!, name).toBeLessThan(y[0]!); // SVG y grows downward: a climbing rate ends higher on the page
    }
    const rates = (summary.mmload.server_metrics.slices as { mm_cache: { hit_rate: number | null } | null }[])
      .flatMap((slice) => (slice.mm_cache?.hit_rate == null ? [] : [slice.mm_cache.hit_rate]));
    expect(rates.at(-1)!).toBeGreaterThan(rates[0]!);
    expect(await page.$$eval('svg[data-chart="server-queue"] path.series', (paths) => paths.map((p) => p.getAttribute('data-series'))))
      .toEqual(['server: running', 'server: waiting', 'client: in flight (average)']);
    expect(await points(page, 'slice-ttft')).toBeGreaterThanOrEqual(4);
    expect(await page.content()).toMatch(/Families<\/th><td>vLLM: \d+ families \([^)]*multimodal cache[^)]*\)/);

    for (const chart of ['ttft', 'itl', 'latency']) expect(await points(page, chart)).toBeGreaterThanOrEqual(20);
    for (const chart of ['output-throughput', 'request-throughput', 'in-flight']) expect(await points(page, chart)).toBeGreaterThanOrEqual(20);
    const box = await page.locator('svg[data-chart="timeline"]').boundingBox();
    expect(box!.width).toBeGreaterThan(600);
    expect(await page.locator('svg[data-chart="timeline"] rect.bar').count()).toBe(160);
    const streamed = await page.$eval('svg[data-chart="timeline"] path.streaming', (p) => (p.getAttribute('d') ?? '').split('M').length - 1);
    expect(streamed).toBe(160);

    const tiles = await page.$$eval('[data-metric]', (els) => els.map((e) => ({
      path: e.getAttribute('data-metric')!, exact: e.getAttribute('data-value'), shown: e.querySelector('.value')!.firstChild!.textContent!,
    })));
    expect(tiles.map((t) => t.path)).toEqual([
      'output_token_throughput.avg', 'request_throughput.avg', 'time_to_first_token.avg', 'time_to_first_token.p50',
      'time_to_first_token.p99', 'inter_token_latency.avg', 'request_latency.avg', 'request_latency.p99',
      'mmload.counts.issued', 'mmload.counts.completed', 'mmload.counts.failed', 'benchmark_duration.avg',
    ]);
    for (const tile of tiles) {
      const expected = tile.path.split('.').reduce<unknown>((o, key) => (o as Record<string, unknown>)[key], summary) as number;
      expect(typeof expected, tile.path).toBe('number');
      expect(Number(tile.exact), tile.path).toBe(expected);
      const decimals = tile.shown.split('.')[1]?.length ?? 0;
      expect(Math.abs(Number(tile.shown.replace(/,/g, '')) - expected), tile.path).toBeLessThanOrEqual(0.5 * 10 ** -decimals + 1e-9);
    }
    expect(await page.locator('[data-errors="none"]').count()).toBe(1);
    expect(await page.locator('[data-command]').textContent()).toContain('--request-count 160');
    await page.close();
  });

  it('renders a run with failures: the error table matches summary.json and run text stays text', async () => {
    const message = '<b>busy</b> & "retry"';
    const model = '<i>vlm</i> & co';
    const server = await startStreamServer({
      ttftMs: 5, itlMs: 1, outputTokens: 8,
      fault: (n) => (n % 4 === 1 ? { kind: 'http', status: 503, message } : n % 4 === 3 ? { kind: 'reset', afterTokens: 2 } : null),
    });
    const dir = join(setup.work, 'faults');
    try {
      const result = await runCli([...SMALL, '--url', `127.0.0.1:${server.port}`, '-m', model, '--concurrency', '2', '--request-count', '24', '--artifact-dir', dir, '--quiet']);
      expect(result.code).toBe(0);
    } finally {
      await server.close();
    }
    const summary = readJson(join(dir, 'summary.json'));
    expect(summary.mmload.counts.failed).toBe(12);
    const { page, problems } = await open(join(dir, 'report.html'));
    expect(problems).toEqual([]);

    const rows = await page.$$eval('table.errors tbody tr', (trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent)));
    expect(rows).toEqual(summary.error_summary.map((e: { count: number; error_details: { code?: number; type: string; message: string } }) =>
      [String(e.count), e.error_details.type, e.error_details.code === undefined ? '–' : String(e.error_details.code), e.error_details.message]));
    expect(rows.map((r) => r[1]).sort()).toEqual(['http_error', 'stream_reset']);
    expect(rows.find((r) => r[1] === 'http_error')![3]).toContain(message);
    expect(await page.locator('table.errors b, h1 i').count()).toBe(0);
    expect(await page.locator('h1').textContent()).toContain(model);
    expect(await page.locator('svg[data-chart="timeline"] rect.bar.failed').count()).toBe(12);
    expect(await page.locator('svg[data-chart="request-throughput"] path.series[data-series="failed"]').count()).toBe(1);
    await page.close();
  });

  it('renders the large synthetic report (server metrics, banners) without errors', async () => {
    const path = join(setup.work, 'large.html');
    writeFileSync(path, largeReport());
    const { page, problems } = await open(path);
    expect(problems).toEqual([]);
    expect(await points(page, 'server-queue')).toBe(12);
    expect(await page.locator('svg[data-chart="timeline"] rect.bar').count()).toBe(2000);
    expect(await page.locator('[data-banner="interrupted"]').isVisible()).toBe(true);
    await page.close();
  });
});
