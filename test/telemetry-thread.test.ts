// The run's scrapes happen on a thread of their own: its results match an in-process collection, the main thread never loads the parsers, and a dead thread is one warning.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { request } from 'undici';
import { afterAll, describe, expect, it } from 'vitest';
import { startServerMetricsCollection } from '../src/server-metrics/collection.js';
import { labelsKey } from '../src/server-metrics/families.js';
import { startSim } from '../src/sim/sim-server.js';
import { startDcgmServer } from './fixtures/dcgm-server.js';

// The thread runs built code (npm test builds it first), so the module that starts it comes from dist/ too;
// dist/ has no type declarations, so it is typed as the src/ module it is built from.
const { startTelemetryWorker }: typeof import('../src/server-metrics/telemetry-thread.js') = await import('../dist/server-metrics/telemetry-thread.js' as string);

const DIST = fileURLToPath(new URL('../dist/', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'mmload-telemetry-thread-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** The modules a built file loads when it runs (static and dynamic imports; a worker's URL is not one), relative to dist/. */
function loadedModules(entry: string): Set<string> {
  const seen = new Set<string>();
  const visit = (file: string): void => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const match of readFileSync(join(DIST, file), 'utf8').matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)['"](\.{1,2}\/[^'"]+)['"]/g)) {
      visit(relative(DIST, join(DIST, dirname(file), match[1]!)));
    }
  };
  visit(entry);
  return seen;
}

async function chat(base: string, words: number): Promise<void> {
  const response = await request(`${base}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ messages: [{ role: 'user', content: 'word '.repeat(words) }], max_tokens: 3, ignore_eos: true }),
  });
  expect(response.statusCode).toBe(200);
  await response.body.text();
}

describe('the scraping thread', () => {
  it('hands back every series an in-process collection sees, the GPUs over the profiled phase, and the JSONL', async () => {
    const sim = await startSim({ port: 0, speed: 8 });
    const dcgm = await startDcgmServer();
    const warnings: string[] = [];
    try {
      const urls = [`${sim.url}/metrics`];
      const spool = join(work, 'spool.jsonl');
      const watches = startTelemetryWorker({
        serverMetrics: { urls, intervalMs: 60_000, sliceSeconds: null, jsonlPath: spool, secrets: [] },
        gpu: { config: { endpoints: [`${dcgm.url}/metrics`], given: [], console: false }, jsonlPath: join(work, 'gpu.jsonl'), secrets: [] },
      }, (line) => warnings.push(line));
      const here = startServerMetricsCollection({ urls, intervalMs: 60_000, sliceSeconds: null, jsonlPath: null });
      await Promise.all([watches.serverMetrics!.ready, watches.gpu!.ready, here.ready]);
      watches.gpu!.begin(performance.now());
      for (const words of [5, 40, 12]) await chat(sim.url, words);
      const [thread, inProcess, gpus] = await Promise.all([watches.serverMetrics!.stop(null), here.stop(null), watches.gpu!.stop()]);

      const seriesOf = (metrics: NonNullable<typeof inProcess.exports>['metrics']) =>
        [...metrics].map(([name, metric]) => [name, metric.type, metric.series.map((s) => labelsKey(s.labels ?? {})).sort()]);
      expect(inProcess.exports!.metrics.size).toBeGreaterThan(10);
      expect(seriesOf(thread!.exports!.metrics)).toEqual(seriesOf(inProcess.exports!.metrics));
      expect(thread!.summary.scrapes).toBeGreaterThanOrEqual(2);

      // The JSONL grew in the thread and moves into place from here; nothing is left behind.
      expect(thread!.hasJsonl).toBe(true);
      await thread!.moveJsonl(join(work, 'server_metrics_export.jsonl'));
      expect(existsSync(spool)).toBe(false);
      expect(readFileSync(join(work, 'server_metrics_export.jsonl'), 'utf8').trim().split('\n').length).toBe(thread!.summary.scrapes);

      // Scrape 0 of GPU 0 draws 200 W, each later one 10 W more: the first came before begin(), so the phase starts at 210 W.
      expect(gpus!.gpus.map((gpu) => gpu.gpuIndex)).toEqual([0, 1]);
      expect(gpus!.gpus[0]!.metrics['nvidia_power_usage']).toMatchObject({ min: 210 });
      expect(readFileSync(join(work, 'gpu.jsonl'), 'utf8').trim().split('\n')).toHaveLength(2 * dcgm.scrapes());
      expect(warnings).toEqual([]);
    } finally {
      await Promise.all([sim.close(), dcgm.close()]);
    }
  });

  it('does the fetching, parsing and tallying: the run\'s main thread never loads the modules that do', () => {
    const main = loadedModules('main.js');
    const thread = loadedModules('server-metrics/telemetry-worker.js');
    expect(main).toContain('server-metrics/telemetry-thread.js');
    for (const file of ['collection.js', 'scrape-loop.js', 'parse.js', 'families.js', 'endpoint-tally.js', 'gpu-telemetry.js', 'gpu-scrape.js', 'gpu-summary.js']) {
      expect(thread).toContain(`server-metrics/${file}`);
      expect(main).not.toContain(`server-metrics/${file}`);
    }
  });

  it('dies without taking the run along: one warning line, and the run goes on without what it had', async () => {
    const dcgm = await startDcgmServer();
    const warnings: string[] = [];
    let warned!: () => void;
    const died = new Promise<void>((resolve) => (warned = resolve));
    try {
      // The spool cannot be opened (no such folder): the thread's write stream throws, uncaught, and the thread dies.
      const watches = startTelemetryWorker({
        serverMetrics: { urls: [`${dcgm.url}/metrics`], intervalMs: 60_000, sliceSeconds: null, jsonlPath: join(work, 'missing', 'spool.jsonl'), secrets: [] },
        gpu: { config: { endpoints: [`${dcgm.url}/metrics`], given: [], console: false }, jsonlPath: join(work, 'dead-gpu.jsonl'), secrets: [] },
      }, (line) => {
        warnings.push(line);
        warned();
      });
      await Promise.all([watches.serverMetrics!.ready, watches.gpu!.ready]);
      watches.gpu!.begin(performance.now());
      await died;
      expect(await watches.serverMetrics!.stop(null)).toBeNull();
      expect(await watches.gpu!.stop()).toBeNull();
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toMatch(/^warning: the scraping thread died \(.*ENOENT.*\): the run goes on without server metrics and GPU telemetry$/);
    } finally {
      await dcgm.close();
    }
  });
});
