// `mmload sweep`: the planner's scan, bisection and saturation rules, and whole sweeps against the simulator.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { nextStep, type PointOutcome, type ScanPlan } from '../src/sweep/sweep-plan.js';
import { judgedPercentile } from '../src/sweep/sweep-point.js';
import { startStreamServer } from './fixtures/stream-server.js';
import { runCli } from './helpers/run-cli.js';
import { useScratch } from './helpers/shared-setup.js';
import { readJson } from './helpers/read-json.js';

const setup = useScratch('mmload-cli-sweep-');

/** A finished point: throughput and p50 latency, and its SLO verdict (null: no SLO). */
const point = (value: number, meetsSlo: boolean | null, phase: 'scan' | 'bisect' = 'scan', requestThroughput = value * 10, requestLatencyP50 = 20): PointOutcome =>
  ({ value, phase, meetsSlo, requestThroughput, requestLatencyP50 });

describe('sweep planner', () => {
  const list: ScanPlan = { kind: 'list', values: [1, 2, 4, 8] };

  it('scans the list upward, then stops; a geometric search doubles up to its maximum', () => {
    expect(nextStep(list, 'concurrency', [])).toEqual({ value: 1, phase: 'scan' });
    expect(nextStep(list, 'concurrency', [point(1, null), point(2, null)])).toEqual({ value: 4, phase: 'scan' });
    expect(nextStep(list, 'concurrency', [1, 2, 4, 8].map((v) => point(v, null)))).toEqual({ stop: 'every listed value was run' });
    const geometric: ScanPlan = { kind: 'geometric', start: 3, max: 20 };
    expect(nextStep(geometric, 'concurrency', [point(3, null), point(6, null)])).toEqual({ value: 12, phase: 'scan' });
    expect(nextStep(geometric, 'concurrency', [3, 6, 12].map((v) => point(v, null)))).toMatchObject({ stop: expect.stringMatching(/--search-max 20/) });
  });

  it('stops when throughput rose less than 5% while p50 latency rose more than 20%, not when only one holds', () => {
    const saturated = nextStep(list, 'concurrency', [point(1, null, 'scan', 100, 20), point(2, null, 'scan', 103, 25)]);
    expect(saturated).toMatchObject({ stop: expect.stringMatching(/^saturated at concurrency 2: request throughput \+3\.0% over 1 while p50 request latency \+25\.0%/) });
    expect(nextStep(list, 'concurrency', [point(1, null, 'scan', 100, 20), point(2, null, 'scan', 106, 40)])).toEqual({ value: 4, phase: 'scan' });
    expect(nextStep(list, 'concurrency', [point(1, null, 'scan', 100, 20), point(2, null, 'scan', 101, 23)])).toEqual({ value: 4, phase: 'scan' });
  });

  it('bisects concurrency in integers between the last point meeting the SLO and the first missing it', () => {
    const scanned = [point(1, true), point(2, true), point(4, true), point(8, false)];
    expect(nextStep(list, 'concurrency', scanned)).toEqual({ value: 6, phase: 'bisect' });
    expect(nextStep(list, 'concurrency', [...scanned, point(6, false, 'bisect')])).toEqual({ value: 5, phase: 'bisect' });
    expect(nextStep(list, 'concurrency', [...scanned, point(6, false, 'bisect'), point(5, true, 'bisect')]))
      .toEqual({ stop: 'SLO limit bracketed: concurrency 5 meets it, 6 misses it' });
    expect(nextStep(list, 'concurrency', [point(1, false)])).toMatchObject({ stop: expect.stringMatching(/lowest concurrency, 1, already misses/) });
  });

  it('bisects a request rate until the bracket is within 5% or four extra points ran', () => {
    const rates: ScanPlan = { kind: 'list', values: [1, 2, 4] };
    const done = [point(1, true), point(2, false)];
    const verdicts = [true, false, true, true];
    const probes: number[] = [];
    for (const meets of verdicts) {
      const step = nextStep(rates, 'request-rate', done);
      if (!('value' in step)) break;
      probes.push(step.value);
      done.push(point(step.value, meets, 'bisect'));
    }
    expect(probes).toEqual([1.5, 1.75, 1.625, 1.688]);
    expect(nextStep(rates, 'request-rate', done)).toEqual({ stop: 'SLO limit bracketed: request rate 1.688 meets it, 1.75 misses it' });
    // 100 → 104 is within 5%: no bisection point at all.
    expect(nextStep(rates, 'request-rate', [point(100, true), point(104, false)])).toMatchObject({ stop: expect.stringMatching(/bracketed/) });
  });

  it('judges larger-is-better metrics on the mirrored percentile', () => {
    expect(judgedPercentile('time_to_first_token', 99)).toBe(99);
    expect(judgedPercentile('output_token_throughput_per_user', 99)).toBe(1);
  });
});

const SMALL = ['--images-per-request', '1', '--images-pool', '8', '--image-size', '64', '64', '--shared-system-prompt-length', '0',
  '--output-tokens', '32', '--request-count', '24', '--sim'];
/** The simulator's speed for most points; the load curve runs slower, so the simulator sharing the 2 cores stays unsaturated at 8. */
const FAST = ['--sim-speed', '20'];

describe('mmload sweep --sim', () => {
  it('runs one profile per concurrency and writes the load curve, throughput rising with concurrency', async () => {
    const dir = join(setup.work, 'curve');
    const result = await runCli(['sweep', '--concurrency', '8,1,4,2', ...SMALL, '--sim-speed', '5', '--user-text-tokens', '32', '--artifact-dir', dir], { cwd: setup.work });
    expect(result.stderr).not.toMatch(/internal error/);
    expect(result.code).toBe(0);
    const sweep = readJson(join(dir, 'sweep.json'));
    expect(sweep).toMatchObject({ axis: 'concurrency', slo: null, best_passing: null, interrupted: false, stopped_because: 'every listed value was run' });
    expect(sweep.points.map((p: { concurrency: number }) => p.concurrency)).toEqual([1, 2, 4, 8]);
    for (const p of sweep.points) {
      const summary = readJson(join(dir, p.dir, 'summary.json'));
      expect(p.dir).toBe(`c${p.concurrency}`);
      expect(summary.input_config.loadgen.concurrency).toBe(p.concurrency);
      expect(summary.request_count.avg).toBe(24);
      expect(p.request_throughput).toBe(summary.request_throughput.avg);
      expect(p.time_to_first_token_p99).toBe(summary.time_to_first_token.p99);
      expect(p.error_request_count).toBe(0);
      // One simulator serves the sweep, its caches emptied before each point: every point starts as cold as the first.
      expect(summary.mmload.server_metrics.mm_cache).toEqual(readJson(join(dir, 'c1', 'summary.json')).mmload.server_metrics.mm_cache);
    }
    const throughput: number[] = sweep.points.map((p: { request_throughput: number }) => p.request_throughput);
    for (let i = 1; i < throughput.length; i++) expect(throughput[i]).toBeGreaterThanOrEqual(throughput[i - 1]! * 0.9);
    expect(throughput[3]).toBeGreaterThan(throughput[0]! * 2);
    const csv = readFileSync(join(dir, 'sweep.csv'), 'utf8').trim().split('\n');
    expect(csv[0]).toBe('concurrency,request_throughput,output_token_throughput,time_to_first_token_p50,time_to_first_token_p99,' +
      'inter_token_latency_p50,inter_token_latency_p99,request_latency_p50,request_latency_p99,error_request_count,dir');
    expect(csv.slice(1).map((line) => line.split(',')[0])).toEqual(['1', '2', '4', '8']);
    expect(result.stdout).toMatch(/^mmload sweep \| concurrency/);
    expect(result.stdout).toMatch(/stopped: every listed value was run/);
  });

  it('with --slo, bisects to the highest concurrency that meets it and names that point', async () => {
    const dir = join(setup.work, 'slo');
    // At these sizes request latency p50 is about 23 ms at concurrency 1 and over 50 ms at 8 (measured on 2 cores).
    const threshold = 38;
    const result = await runCli(['sweep', '--concurrency', '1,2,4,8,16', ...SMALL, ...FAST, '--user-text-tokens', '2000',
      '--slo', `request_latency:${threshold}`, '--slo-percentile', '50', '--slice-duration', '0.25', '--artifact-dir', dir], { cwd: setup.work });
    expect(result.stderr).not.toMatch(/internal error/);
    expect(result.code).toBe(0);
    const sweep = readJson(join(dir, 'sweep.json'));
    expect(sweep).toMatchObject({ slo: { request_latency: threshold }, slo_percentile: 50, interrupted: false });
    type Row = { concurrency: number; meets_slo: boolean; phase: string; slo_values: { request_latency: number }; request_latency_p50: number };
    const points: Row[] = sweep.points;
    for (const p of points) {
      // Every profile flag applies to each point, --slice-duration too.
      const slices = readJson(join(dir, `c${p.concurrency}`, 'summary.json')).mmload.time_slices.slices as { requests: number }[];
      expect(slices.reduce((n, slice) => n + slice.requests, 0)).toBe(24);
      expect(p.slo_values.request_latency).toBe(p.request_latency_p50);
      expect(p.meets_slo).toBe(p.request_latency_p50 <= threshold);
    }
    const passing = points.filter((p) => p.meets_slo).map((p) => p.concurrency);
    expect(passing).toContain(1);
    const best = Math.max(...passing);
    expect(sweep.best_passing).toBe(best);
    // Integer bisection closes the bracket: the next concurrency up was run, and missed.
    expect(points.find((p) => p.concurrency === best + 1)?.meets_slo).toBe(false);
    expect(sweep.stopped_because).toBe(`SLO limit bracketed: concurrency ${best} meets it, ${best + 1} misses it`);
    expect(new Set(points.map((p) => p.concurrency)).size).toBe(points.length);
    expect(result.stdout).toMatch(/SLO \(50% of requests\): request_latency p50 ≤ 38 ms/);
    expect(result.stdout).toContain(`SLO-limited point: concurrency ${best} (${join(dir, `c${best}`)})`);
    expect(readFileSync(join(dir, 'sweep.csv'), 'utf8').split('\n')[0]).toMatch(/,meets_slo,dir$/);
  });

  it('stops at Ctrl-C, exits 130 and still writes sweep.json marked interrupted', async () => {
    const dir = join(setup.work, 'interrupted');
    const result = await runCli(['sweep', '--concurrency', '1,2,4,8', ...SMALL, ...FAST, '--user-text-tokens', '32', '--artifact-dir', dir], {
      cwd: setup.work,
      whileRunning: (child) => {
        let seen = '';
        const onData = (d: Buffer) => {
          seen += d.toString();
          if (!seen.includes('sweep: concurrency 2 →')) return;
          child.stderr!.off('data', onData); // once: a second Ctrl-C quits at once
          child.kill('SIGINT');
        };
        child.stderr!.on('data', onData);
      },
    });
    expect(result.code).toBe(130);
    const sweep = readJson(join(dir, 'sweep.json'));
    expect(sweep).toMatchObject({ interrupted: true, stopped_because: 'interrupted (Ctrl-C)' });
    expect(sweep.points.map((p: { concurrency: number }) => p.concurrency)).toEqual([1, 2]);
    expect(existsSync(join(dir, 'c4'))).toBe(false);
  });

  it('stops at a point refused as bad input, with its message and exit 2, keeping the points before it', async () => {
    const dir = join(setup.work, 'refused');
    mkdirSync(join(dir, 'c2'), { recursive: true });
    writeFileSync(join(dir, 'c2', 'summary.json'), '{}');
    const result = await runCli(['sweep', '--concurrency', '1,2,4', ...SMALL, ...FAST, '--user-text-tokens', '32', '--artifact-dir', dir], { cwd: setup.work });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/mmload: sweep stopped at c2: --artifact-dir \S+c2 already holds results/);
    const sweep = readJson(join(dir, 'sweep.json'));
    expect(sweep.points.map((p: { concurrency: number }) => p.concurrency)).toEqual([1]);
    expect(sweep.stopped_because).toMatch(/^sweep stopped at c2: /);
    expect(existsSync(join(dir, 'c4'))).toBe(false);
  });

  it('stops at a point that stopped early (exit 3), keeping it and the points before it, and exits 3', async () => {
    // The first point's 12 requests are answered; from the 13th on (the second point) every request gets a 503.
    const server = await startStreamServer({ ttftMs: 5, itlMs: 1, outputTokens: 4, fault: (seq) => (seq >= 12 ? { kind: 'http', status: 503, message: 'engine down' } : null) });
    try {
      const dir = join(setup.work, 'stopped');
      const result = await runCli(['sweep', '-u', `127.0.0.1:${server.port}`, '-m', 'x', '--concurrency', '1,2,4', '--request-count', '12',
        '--warmup-request-count', '0', '--images-per-request', '0', '--user-text-tokens', '16', '--shared-system-prompt-length', '0',
        '--output-tokens', '0', '--failed-request-threshold', '0.25', '--artifact-dir', dir], { cwd: setup.work });
      expect(result.stderr).not.toMatch(/internal error/);
      expect(result.code).toBe(3);
      const c2 = readJson(join(dir, 'c2', 'summary.json'));
      expect(c2.mmload.stopped.reason).toBe('failed_request_threshold');
      const sweep = readJson(join(dir, 'sweep.json'));
      expect(sweep.points.map((p: { concurrency: number }) => p.concurrency)).toEqual([1, 2]);
      expect(sweep.points.map((p: { stopped: unknown }) => p.stopped)).toEqual([null, c2.mmload.stopped]);
      expect(sweep.stopped).toEqual({ ...c2.mmload.stopped, dir: 'c2' });
      expect(sweep).toMatchObject({ interrupted: false, stopped_because: `c2 stopped early: ${c2.mmload.stopped.message}` });
      expect(sweep.points[1].error_request_count).toBe(c2.mmload.counts.failed);
      // Nothing more was sent once the point stopped: the server saw the two points' requests only (a request still
      // in flight when c2 stopped is cancelled, and may not have reached it).
      expect(existsSync(join(dir, 'c4'))).toBe(false);
      expect(server.log.length).toBeGreaterThan(12);
      expect(server.log.length).toBeLessThanOrEqual(12 + c2.mmload.counts.issued);
      expect(result.stderr).toMatch(/sweep: c2 stopped early: \d+ of \d+ profiled requests failed .*; no further points will run/);
      expect(result.stdout).toMatch(/^mmload sweep \| concurrency \(stopped early\)/);
      expect(result.stdout).toContain(`stopped: c2 stopped early: ${c2.mmload.stopped.message}`);
    } finally {
      await server.close();
    }
  });

  it('refuses bad lists and a missing axis before anything runs', async () => {
    const none = await runCli(['sweep', '--sim'], { cwd: setup.work });
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/sweep needs a list \(--concurrency 1,4,16,64 or --request-rate 1,2,4,8\) or --search geometric/);
    const bad = await runCli(['sweep', '--sim', '--concurrency', '1,x', '--slo', 'ttft:3', '--slo-percentile', '42'], { cwd: setup.work });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--concurrency takes comma-separated integers >= 1 \(got "1,x"\)/);
    expect(bad.stderr).toMatch(/--slo: unknown metric "ttft"/);
    expect(bad.stderr).toMatch(/--slo-percentile must be one of 1, 5, 10, 25, 50, 75, 90, 95, 99 \(got 42\)/);
  });
});
