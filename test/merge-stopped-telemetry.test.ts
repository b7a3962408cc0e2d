// `mmload merge` of real shard runs: a shard that stopped early (exit 3) marks the merged run stopped; server metrics and GPU telemetry are counted once.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSim, type RunningSim } from '../src/sim/sim-server.js';
import { startDcgmServer, type DcgmServer } from './fixtures/dcgm-server.js';
import { startStreamServer, type StreamServer } from './fixtures/stream-server.js';
import { runCli } from './helpers/run-cli.js';
import { useScratch } from './helpers/shared-setup.js';
import { readJson } from './helpers/read-json.js';

const setup = useScratch('mmload-merge-stopped-');

/** Small text-only requests without warm-up, so a server's log holds the profiled requests only. */
const TEXT = ['-m', 'test-model', '--images-per-request', '0', '--user-text-tokens', '16', '--shared-system-prompt-length', '0',
  '--output-tokens', '0', '--warmup-request-count', '0', '--quiet'];

/** Shard i of 2 of one run against `url`, its results in `name`-i. */
function shard(i: number, url: string, name: string, args: string[]) {
  return runCli(['-u', url, ...TEXT, ...args, '--shard', `${i}/2`, '--artifact-dir', join(setup.work, `${name}-${i}`)]);
}

describe('merging a shard that stopped early', () => {
  let healthy: StreamServer;
  let failing: StreamServer;

  beforeAll(async () => {
    healthy = await startStreamServer({ model: 'test-model', ttftMs: 2, itlMs: 1, outputTokens: 4 });
    // Every request gets a 503: the shard sent here stops at --failed-request-threshold.
    failing = await startStreamServer({ model: 'test-model', fault: () => ({ kind: 'http', status: 503, message: 'engine down' }) });
  });
  afterAll(async () => {
    await healthy?.close();
    await failing?.close();
  });

  it('merges (exit 0), and the merged summary, report and console say which shard stopped and why', async () => {
    // The shards of one run may each have their own server (--url per shard): shard 1's failed.
    const load = ['--concurrency', '2', '--request-count', '60', '--failed-request-threshold', '0.25', '--no-server-metrics'];
    const runs = await Promise.all([shard(0, `127.0.0.1:${healthy.port}`, 'stop', load), shard(1, `127.0.0.1:${failing.port}`, 'stop', load)]);
    expect(runs.map((r) => r.code)).toEqual([0, 3]);
    const dirs = [0, 1].map((i) => join(setup.work, `stop-${i}`));
    const own = dirs.map((dir) => readJson(join(dir, 'summary.json')));
    expect(own[1].mmload.stopped.reason).toBe('failed_request_threshold');

    const out = join(setup.work, 'stop-merged');
    const merged = await runCli(['merge', ...dirs, '--artifact-dir', out]);
    expect(merged.stderr).not.toMatch(/internal error/);
    expect(merged.code).toBe(0);
    expect(merged.stderr).toContain(`warning: ${dirs[1]} (shard 1) stopped early: ${own[1].mmload.stopped.message}: the merged results are partial`);
    expect(merged.stderr).toMatch(/merged 2 shards of 2: .* \(stopped early\)\n/);
    const summary = readJson(join(out, 'summary.json'));
    expect(summary.was_cancelled).toBe(true);
    expect(summary.mmload.interrupted).toBe(false);
    expect(summary.mmload.stopped).toEqual({ reason: 'failed_request_threshold', message: `shard 1 of 2 (${dirs[1]}) stopped: ${own[1].mmload.stopped.message}` });
    expect(summary.mmload.shards).toEqual([
      { index: 0, dir: dirs[0], interrupted: false },
      { index: 1, dir: dirs[1], interrupted: false, stopped: own[1].mmload.stopped },
    ]);
    expect(summary.mmload.counts.issued).toBe(own[0].mmload.counts.issued + own[1].mmload.counts.issued);
    expect(summary.mmload.counts.failed).toBe(own[1].mmload.counts.failed);
    expect(readFileSync(join(out, 'report.html'), 'utf8')).toContain('data-banner="stopped"');

    // Shards that all finished: nothing is marked.
    const whole = join(setup.work, 'whole-merged');
    const both = [0, 1].map((i) => shard(i, `127.0.0.1:${healthy.port}`, 'whole', load));
    expect((await Promise.all(both)).map((r) => r.code)).toEqual([0, 0]);
    const finished = await runCli(['merge', join(setup.work, 'whole-0'), join(setup.work, 'whole-1'), '--artifact-dir', whole]);
    expect(finished.code).toBe(0);
    expect(finished.stderr).not.toMatch(/stopped early|warning:/);
    const clean = readJson(join(whole, 'summary.json'));
    expect(clean.was_cancelled).toBe(false);
    expect(clean.mmload.stopped).toBeUndefined();
  });
});

/** A view's scrape span in seconds: its endpoints' first answered scrape to their last (what merge compares). */
function serverSpan(view: { endpoints: { timeline: { t: number[] } }[] }): number {
  const times = view.endpoints.flatMap((e) => e.timeline.t);
  return times.length === 0 ? -1 : Math.max(...times) - Math.min(...times);
}

/** The index of the largest value, the first of equals. */
const widest = (spans: number[]) => spans.indexOf(Math.max(...spans));

describe('merging shards that scraped one server and one DCGM exporter', () => {
  let sim: RunningSim;
  let dcgm: DcgmServer;
  const dirs = [0, 1].map((i) => `scraped-${i}`);
  let own: ReturnType<typeof readJson>[];
  let merged: ReturnType<typeof readJson>;
  let out: string;

  beforeAll(async () => {
    sim = await startSim({ port: 0, speed: 20, model: 'test-model' });
    dcgm = await startDcgmServer();
    // Both shards at once, as a sharded run goes: each scrapes the same /metrics and the same two GPUs.
    const runs = await Promise.all([0, 1].map((i) => shard(i, sim.url, 'scraped',
      ['--concurrency', '2', '--request-count', '24', '--gpu-telemetry', dcgm.url.replace('http://', '')])));
    for (const r of runs) expect(r.stderr).not.toMatch(/internal error/);
    expect(runs.map((r) => r.code)).toEqual([0, 0]);
    own = dirs.map((dir) => readJson(join(setup.work, dir, 'summary.json')));
    out = join(setup.work, 'scraped-merged');
    const result = await runCli(['merge', ...dirs.map((d) => join(setup.work, d)), '--artifact-dir', out]);
    expect(result.stderr).not.toMatch(/internal error|warning/);
    expect(result.code).toBe(0);
    merged = readJson(join(out, 'summary.json'));
  }, 120_000);
  afterAll(async () => {
    await sim?.close();
    await dcgm?.close();
  });

  it('carries the server metrics of the shard whose scrapes span the longest, not their sum, and every shard\'s own', () => {
    for (const summary of own) expect(summary.mmload.server_metrics.available).toBe(true);
    const k = widest(own.map((s) => serverSpan(s.mmload.server_metrics)));
    const { shard, ...view } = merged.mmload.server_metrics;
    expect(shard).toBe(k);
    expect(view).toEqual(own[k].mmload.server_metrics);
    expect(merged.mmload.shards.map((s: { server_metrics: unknown }) => s.server_metrics)).toEqual(own.map((s) => s.mmload.server_metrics));
    // aiperf's server metrics files are that shard's, as it wrote them.
    for (const file of ['server_metrics_export.json', 'server_metrics_export.csv']) {
      expect(readFileSync(join(out, file), 'utf8')).toBe(readFileSync(join(setup.work, dirs[k]!, file), 'utf8'));
    }
    expect(existsSync(join(out, 'server_metrics_export.jsonl'))).toBe(existsSync(join(setup.work, dirs[k]!, 'server_metrics_export.jsonl')));
  });

  it('carries each GPU once, from the shard that scraped it longest, its energy counted once in the efficiency figures', () => {
    const gpus = merged.mmload.gpu_telemetry.gpus;
    const uuids: string[] = own[0].mmload.gpu_telemetry.gpus.map((g: { gpu_uuid: string }) => g.gpu_uuid);
    expect(uuids).toHaveLength(2);
    expect(gpus.map((g: { gpu_uuid: string }) => g.gpu_uuid)).toEqual(uuids);
    const start = Math.min(...own.map((s) => s.mmload.gpu_telemetry.start_epoch_ms));
    expect(merged.mmload.gpu_telemetry.start_epoch_ms).toBe(start);
    expect(merged.mmload.gpu_telemetry.end_epoch_ms).toBe(Math.max(...own.map((s) => s.mmload.gpu_telemetry.end_epoch_ms)));
    let energyJ = 0;
    for (const [g, uuid] of uuids.entries()) {
      type Gpu = { gpu_uuid: string; series: { t: number }[]; metrics: Record<string, { avg: number }> };
      const views: Gpu[] = own.map((s) => s.mmload.gpu_telemetry.gpus.find((x: Gpu) => x.gpu_uuid === uuid));
      const k = widest(views.map((v) => v.series.at(-1)!.t - v.series[0]!.t));
      const { shard, series, ...rest } = gpus[g];
      const { series: ownSeries, ...ownRest } = views[k]!;
      expect(shard).toBe(k);
      expect(rest).toEqual(ownRest);
      const offsetMs = own[k].mmload.gpu_telemetry.start_epoch_ms - start;
      expect(series).toEqual(ownSeries.map((p) => ({ ...p, t: Math.round(p.t * 1000 + offsetMs) / 1000 })));
      energyJ += rest.metrics.nvidia_energy_consumption.avg * 1e6;
    }
    const tokens = merged.total_output_tokens.avg;
    expect(tokens).toBe(own[0].total_output_tokens.avg + own[1].total_output_tokens.avg);
    expect(merged.mmload.gpu_telemetry.efficiency.total_gpu_energy_j).toBeCloseTo(energyJ, 6);
    expect(merged.energy_per_output_token.avg).toBeCloseTo((energyJ * 1000) / tokens, 6);
    // Each shard's own telemetry, as it wrote it (its efficiency figures were its own tokens').
    expect(merged.mmload.shards.map((s: { gpu_telemetry: unknown }) => s.gpu_telemetry))
      .toEqual(own.map(({ mmload: { gpu_telemetry: { efficiency: _own, ...telemetry } } }) => telemetry));
    // summary.csv's GPU section: a row per GPU per metric, both GPUs.
    const csv = readFileSync(join(out, 'summary.csv'), 'utf8');
    for (const uuid of uuids) expect(csv).toMatch(new RegExp(`,${uuid},nvidia,NVIDIA GPU Power Usage \\(W\\),`));
  });
});
