// --slice-duration: each request in the epoch-aligned slice it started in, the non-empty slices renumbered; aiperf's timeslice files, summary.json's list with planned image hits, rebuilt alike.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveProfileConfig } from '../src/commands/profile/profile-config.js';
import type { ProfileFlags } from '../src/commands/profile/profile-options.js';
import { STAT_KEYS } from '../src/metrics/histogram.js';
import { recordLine } from '../src/records/records-jsonl.js';
import { timeSlicesOf } from '../src/records/time-slices.js';
import { toAiperfTimeslicesCsv, toAiperfTimeslicesJson } from '../src/report/aiperf-timeslices.js';
import { metricBlocks } from '../src/report/metric-blocks.js';
import type { TimeSlicesJson } from '../src/report/time-slice-entry.js';
import { runProfile } from '../src/run/profile-run.js';
import { rebuildRun } from '../src/run/rebuild-run.js';
import { mergeRecordFiles } from '../src/shard/merge-records.js';
import { ConversationRun } from '../src/workload/conversation.js';
import { buildChatTurn } from '../src/workload/request-body.js';
import { readJson } from './helpers/read-json.js';
import { useScratch } from './helpers/shared-setup.js';
import { serverTokens, streamedRecord } from './helpers/streamed-record.js';

// Every 7th request fails with a 503: errors land in slices too.
const setup = useScratch('mmload-slices-', {
  model: 'slice-model', ttftMs: 4, itlMs: 1, outputTokens: 4,
  fault: (n) => (n % 7 === 3 ? { kind: 'http', status: 503, message: 'busy' } : null),
});

/** A whole second since the epoch: slice keys are then easy to name. */
const EPOCH_MS = 1_700_000_000_000;
const record = streamedRecord;

/**
 * A records file in the order a run writes it (as requests end): the last line started at 950 ms, in the first
 * second, and ended long after the others, so that slice stays open until the file's end.
 */
function recordsFile(): string {
  const records = [record(200, 50), record(900, 30), record(2100, 40), record(2500, 0, true), record(3000, 20), record(950, 4000)];
  const path = join(setup.work, `fabricated-${Math.random().toString(36).slice(2)}.jsonl`);
  writeFileSync(path, records.map((r, i) => recordLine(r, serverTokens, i, { timeOrigin: EPOCH_MS })).join(''));
  return path;
}

const options = (sliceSeconds: number) => ({ sliceSeconds, slos: undefined, openLoop: false });

describe('slicing a records file', () => {
  it('puts each request in floor(start / S) since the epoch and renumbers the non-empty slices 0..n-1', async () => {
    const slices = await timeSlicesOf(recordsFile(), options(1));
    // Seconds 0, 2 and 3 of EPOCH_MS hold requests (3000 ms is the first instant of second 3); second 1 holds none.
    expect(slices.map((s) => [s.index, s.startEpochMs - EPOCH_MS, s.endEpochMs - EPOCH_MS])).toEqual([[0, 0, 1000], [1, 2000, 3000], [2, 3000, 4000]]);
    expect(slices.map((s) => s.counts)).toEqual([
      { issued: 3, completed: 3, failed: 0 }, { issued: 2, completed: 1, failed: 1 }, { issued: 1, completed: 1, failed: 0 },
    ]);
    expect(slices[0]!.distributions.time_to_first_token!.stats).toMatchObject({ count: 3, min: 30, p50: 50, max: 4000 });
    expect(slices[1]!.values.error_request_count!.value).toBe(1);
    expect(slices[0]!.values.error_request_count).toBeUndefined();
  });

  it('divides a slice\'s throughputs by its own benchmark duration: its first start to its last response end, past the slice\'s end', async () => {
    const [first] = await timeSlicesOf(recordsFile(), options(1));
    // Successes started at 200, 900 and 950 ms; the last content chunk came at 950 + 4000 + 10 ms.
    const durationSec = (4960 - 200) / 1000;
    expect(first!.values.benchmark_duration!.value).toBeCloseTo(durationSec, 9);
    expect(first!.values.request_throughput!.value).toBeCloseTo(3 / durationSec, 9);
    expect(first!.values.output_token_throughput!.value).toBeCloseTo((3 * 8) / durationSec, 9);
  });

  it('takes a fractional slice duration as aiperf does', async () => {
    const slices = await timeSlicesOf(recordsFile(), options(0.5));
    expect(slices.map((s) => [s.startEpochMs - EPOCH_MS, s.counts.issued])).toEqual([[0, 1], [500, 2], [2000, 1], [2500, 1], [3000, 1]]);
    expect(slices.map((s) => s.index)).toEqual([0, 1, 2, 3, 4]);
  });

  it('a slot is a hit unless its image was first sent there: by start, ties by session_num, a repeat in one request a hit', async () => {
    const sent = (startMs: number, imageIds: number[], failed = false) => ({ ...record(startMs, 20, failed), imageIds });
    // Written as requests end. Session 3 ties session 1's start and so sends image 7 second; session 2 failed.
    const records = [sent(100, [7, 8]), sent(1100, [8, 9], true), sent(100, [7]), sent(1200, [9, 9, 10]), sent(1300, [])];
    const sessions = [1, 2, 3, 4, 5];
    const path = join(setup.work, 'fabricated-images.jsonl');
    writeFileSync(path, records.map((r, i) => recordLine(r, serverTokens, sessions[i]!, { timeOrigin: EPOCH_MS })).join(''));
    expect(readFileSync(path, 'utf8').split('\n')[0]).toContain('"image_ids":[7,8]}');
    expect(readFileSync(path, 'utf8').split('\n')[4]).not.toContain('image_ids');

    const slices = await timeSlicesOf(path, options(1));
    // Second 0: 7 and 8 new, then 7 again (session 3). Second 1: 8 again, 9 new; 9 again twice, 10 new.
    expect(slices.map((s) => [s.imageSlots, s.plannedImageHits])).toEqual([[3, 1], [5, 3]]);
  });

  it('has no slice without records', async () => {
    const empty = join(setup.work, 'empty.jsonl');
    writeFileSync(empty, '');
    expect(await timeSlicesOf(empty, options(1))).toEqual([]);
  });
});

describe('aiperf\'s timeslice files', () => {
  it('CSV: Timeslice,Metric,Unit,Stat,Value; slices in order, metrics by tag, aiperf\'s statistics in order, 2 decimals, CRLF', async () => {
    const slices = await timeSlicesOf(recordsFile(), options(1));
    const csv = toAiperfTimeslicesCsv(slices, () => true);
    expect(csv.endsWith('\r\n')).toBe(true);
    const rows = csv.split('\r\n').slice(0, -1).map((line) => line.split(','));
    expect(rows[0]).toEqual(['Timeslice', 'Metric', 'Unit', 'Stat', 'Value']);
    const body = rows.slice(1);
    expect(body.every((row) => row.length === 5 && /^-?\d+\.\d\d$/.test(row[4]!))).toBe(true);
    expect([...new Set(body.map((row) => row[0]))]).toEqual(['0', '1', '2']);
    const ttft = body.filter((row) => row[0] === '0' && row[1] === 'Time to First Token');
    expect(ttft.map((row) => row[3])).toEqual([...STAT_KEYS]);
    expect(ttft.find((row) => row[3] === 'p50')).toEqual(['0', 'Time to First Token', 'ms', 'p50', '50.00']);
    expect(body).toContainEqual(['0', 'Request Count', 'requests', 'avg', '3.00']);
    expect(body).toContainEqual(['1', 'Error Request Count', 'requests', 'avg', '1.00']);
    // Within a slice, metrics come sorted by tag: benchmark_duration … request_count … time_to_first_token.
    const names = [...new Set(body.filter((row) => row[0] === '0').map((row) => row[1]))];
    expect(names.indexOf('Benchmark Duration')).toBeLessThan(names.indexOf('Request Count'));
    expect(names.indexOf('Request Count')).toBeLessThan(names.indexOf('Time to First Token'));
  });

  it('JSON: {timeslices: [{timeslice_index, <tag>: the block profile_export_aiperf.json has}], input_config}', async () => {
    const slices = await timeSlicesOf(recordsFile(), options(1));
    const json = JSON.parse(toAiperfTimeslicesJson(slices, { models: 'm' }, (info) => info.aiperf)) as { timeslices: Record<string, any>[]; input_config: unknown };
    expect(Object.keys(json)).toEqual(['timeslices', 'input_config']);
    expect(json.timeslices.map((t) => t.timeslice_index)).toEqual([0, 1, 2]);
    const [first] = json.timeslices;
    expect(Object.keys(first!)[0]).toBe('timeslice_index');
    for (const { tag, block } of metricBlocks(slices[0]!, (info) => info.aiperf)) expect(first![tag]).toEqual(block);
    expect(Object.keys(first!.time_to_first_token)).toEqual(['unit', 'avg', 'p1', 'p5', 'p10', 'p25', 'p50', 'p75', 'p90', 'p95', 'p99', 'min', 'max', 'std', 'count', 'sum']);
    expect(first!.request_count).toEqual({ unit: 'requests', avg: 3 });
  });
});

/** `mmload profile` against the fixture server for `durationSec`, with --slice-duration `sliceSec`: what yargs would hand the door. */
function flags(dir: string, durationSec: number, sliceSec: number, extra: Partial<ProfileFlags> = {}): ProfileFlags {
  return {
    url: `127.0.0.1:${setup.server.port}`, endpoint: '/v1/chat/completions', sim: false, 'sim-speed': 10, 'sim-embedding-cache-gb': 10,
    'sim-max-num-seqs': 1024, 'sim-prefix-caching': true, header: [], 'extra-inputs': [], 'image-host': '127.0.0.1', 'image-port': 0,
    'use-server-token-count': true, verbose: false, quiet: true, 'benchmark-grace-period': 30, 'fixed-schedule': false,
    'fixed-schedule-auto-offset': false, 'target-latency-ms': 12000, 'target-latency-percentile': 99, 'min-duration': 600, 'min-query-count': 48289,
    concurrency: 3, 'benchmark-duration': durationSec, 'warmup-request-count': 0, 'images-per-request': 0, 'user-text-tokens': 16,
    'shared-system-prompt-length': 0, streaming: true, 'artifact-dir': dir, 'server-metrics': false, 'slice-duration': sliceSec, ...extra,
  } as ProfileFlags;
}

async function profile(flagsOf: ProfileFlags): Promise<string[]> {
  const err: string[] = [];
  const code = await runProfile(resolveProfileConfig(flagsOf, 'aiperf', {}), ['profile'], { out: () => {}, err: (line) => err.push(line) });
  expect(code).toBe(0);
  return err;
}

/** Each request's slice, as aiperf assigns it (floor(request_start_ns / S ns), exact), renumbered in order: [successes, failures] per index. */
function countsBySlice(recordsPath: string, sliceNs: bigint): [number, number][] {
  const byKey = new Map<bigint, [number, number]>();
  for (const line of readFileSync(recordsPath, 'utf8').trim().split('\n')) {
    const key = BigInt(/"request_start_ns":(\d+)/.exec(line)![1]!) / sliceNs;
    const counts = byKey.get(key) ?? [0, 0];
    counts[line.includes('"error":') ? 1 : 0] += 1;
    byKey.set(key, counts);
  }
  return [...byKey.keys()].sort((a, b) => (a < b ? -1 : 1)).map((key) => byKey.get(key)!);
}

describe('--slice-duration', () => {
  it('takes seconds, whole or not, above 0; anything else is a usage error before anything is sent', () => {
    expect(resolveProfileConfig(flags(join(setup.work, 'unused'), 1, 2.5), 'aiperf', {}).sliceDurationSec).toBe(2.5);
    expect(resolveProfileConfig(flags(join(setup.work, 'unused'), 1, 0.5, { 'slice-duration': undefined }), 'aiperf', {}).sliceDurationSec).toBeUndefined();
    for (const bad of [0, -1, Number.NaN]) {
      expect(() => resolveProfileConfig(flags(join(setup.work, 'unused'), 1, bad), 'aiperf', {})).toThrow(/--slice-duration must be a number of seconds > 0/);
    }
  });
});

describe('a run with --slice-duration 0.5 over 3 s', () => {
  it('writes slices whose requests and errors add up to the run\'s, each record in its slice; mmload report rebuilds the same', async () => {
    const dir = join(setup.work, 'run');
    const err = await profile(flags(dir, 3, 0.5));
    const summary = readJson(join(dir, 'summary.json'));
    const { issued, completed, failed } = summary.mmload.counts as { issued: number; completed: number; failed: number };
    expect(failed).toBeGreaterThan(0);
    const expected = countsBySlice(join(dir, 'records.jsonl'), 500_000_000n);
    expect(expected.length).toBeGreaterThanOrEqual(6);

    // aiperf's JSON: per slice, request_count (successes) and error_request_count as the records say.
    const json = readJson(join(dir, 'profile_export_aiperf_timeslices.json')) as { timeslices: Record<string, any>[]; input_config: any };
    expect(json.input_config.artifacts.slice_duration).toBe(0.5);
    expect(json.timeslices.map((t) => t.timeslice_index)).toEqual(expected.map((_, i) => i));
    expect(json.timeslices.map((t) => [t.request_count?.avg ?? 0, t.error_request_count?.avg ?? 0])).toEqual(expected);
    for (const t of json.timeslices) {
      if (t.request_count) expect(t.request_throughput.avg).toBeCloseTo(t.request_count.avg / t.benchmark_duration.avg, 6);
    }

    // summary.json's list: the same counts, adding up to the run's, slices back to back over the run.
    const list = summary.mmload.time_slices as TimeSlicesJson;
    expect(list.slice_duration_sec).toBe(0.5);
    expect(list.slices.map((s) => [s.requests, s.errors])).toEqual(expected);
    // Each slice carries its epoch key, floor(start / S), which server metrics' slices are keyed by too.
    const starts = readFileSync(join(dir, 'records.jsonl'), 'utf8').trim().split('\n').map((line) => BigInt(/"request_start_ns":(\d+)/.exec(line)![1]!));
    expect(list.slices.map((s) => s.key)).toEqual([...new Set(starts.map((ns) => Number(ns / 500_000_000n)))].sort((a, b) => a - b));
    expect(list.slices.reduce((n, s) => n + s.requests, 0)).toBe(completed);
    expect(list.slices.reduce((n, s) => n + s.errors, 0)).toBe(failed);
    expect(completed + failed).toBe(issued);
    expect(list.slices[0]!.start_sec).toBe(0);
    expect(list.slices.at(-1)!.end_sec).toBeCloseTo(summary.benchmark_duration.avg, 1);
    for (const s of list.slices) {
      expect(s.end_sec - s.start_sec).toBeLessThanOrEqual(0.5 + 1e-9);
      if (s.requests > 0) expect(s.ttft_p99_ms).toBeGreaterThanOrEqual(s.ttft_p50_ms!);
    }

    // report.html draws TTFT and output throughput per slice, one point per slice that has them.
    const html = readFileSync(join(dir, 'report.html'), 'utf8');
    const chart = /data-chart="slice-ttft"[\s\S]*?<\/svg>/.exec(html)?.[0] ?? '';
    expect(chart.match(/<circle/g)?.length).toBe(2 * list.slices.filter((s) => s.ttft_p50_ms !== undefined).length);
    expect(html).toContain('data-chart="slice-output-throughput"');

    // aiperf's CSV: the same request counts, in its layout.
    const csv = readFileSync(join(dir, 'profile_export_aiperf_timeslices.csv'), 'utf8');
    expect(csv.startsWith('Timeslice,Metric,Unit,Stat,Value\r\n')).toBe(true);
    const requestCounts = csv.split('\r\n').filter((line) => line.includes(',Request Count,requests,avg,'));
    expect(requestCounts.map((line) => Number(line.split(',')[4]))).toEqual(expected.map(([ok]) => ok).filter((ok) => ok > 0));
    expect(err.filter((line) => /time slice/.test(line))).toEqual([
      `${expected.length} time slices of 0.5 s: profile_export_aiperf_timeslices.json, profile_export_aiperf_timeslices.csv`,
    ]);

    // mmload report: the slice duration comes from run.json, the slices from records.jsonl, the same as the run's.
    expect(readJson(join(dir, 'run.json')).files.sliceDurationSec).toBe(0.5);
    const rebuiltErr: string[] = [];
    expect(await rebuildRun(dir, { out: () => {}, err: (line) => rebuiltErr.push(line) })).toBe(0);
    expect(readFileSync(join(dir, 'profile_export_aiperf_timeslices.csv'), 'utf8')).toBe(csv);
    expect(readJson(join(dir, 'profile_export_aiperf_timeslices.json')).timeslices).toEqual(json.timeslices);
    expect(readJson(join(dir, 'summary.json')).mmload.time_slices.slices.map((s: { requests: number; errors: number }) => [s.requests, s.errors])).toEqual(expected);
    expect(rebuiltErr[0]).toMatch(/^\d+ time slices of 0\.5 s: /);
  });

  it('with --export-level summary: the slices still, from records kept aside and removed after', async () => {
    const dir = join(setup.work, 'summary-level');
    await profile(flags(dir, 1, 0.5, { 'export-level': 'summary', 'profile-export-prefix': 'trial' }));
    const files = readdirSync(dir);
    expect(files).toEqual(expect.arrayContaining(['trial_timeslices.json', 'trial_timeslices.csv', 'trial.json']));
    expect(files.filter((name) => name.endsWith('.jsonl') || name.startsWith('.'))).toEqual([]);
    const summary = readJson(join(dir, 'summary.json'));
    const slices = summary.mmload.time_slices.slices as { requests: number; errors: number }[];
    expect(slices.reduce((n, s) => n + s.requests + s.errors, 0)).toBe(summary.mmload.counts.issued);
    expect(existsSync(join(dir, 'records.jsonl'))).toBe(false);
  });
});

describe('a conversation turn\'s image ids', () => {
  it('name its history\'s images before its own, as its body sends them and the workload\'s planned figures count them', () => {
    const [a, b] = [Buffer.from('data:,a'), Buffer.from('data:,b')];
    const turn = (index: number, images: Buffer[], imageIds: number[]) => {
      const { request, message } = buildChatTurn({ index, model: 'm', texts: ['t'], images, imageIds, extraInputs: {} }, 'user');
      return { request, message, texts: ['t'], delayMs: 0, messageTokens: null };
    };
    const run = new ConversationRun({ id: 'c', withHistory: true, turns: [turn(0, [a], [0]), turn(1, [b, a], [1, 0])] }, 'x');
    expect(run.request(0).imageIds).toEqual([0]);
    run.answered(0, 'seen');
    const second = run.request(1);
    expect(second.images).toEqual([a, b, a]);
    expect(second.imageIds).toEqual([0, 1, 0]);
  });
});

interface RecordLine {
  metadata: { x_request_id: string; image_ids?: number[] };
}

/** The image URLs of a chat body the server received, in order. */
function urlsOf(body: unknown): string[] {
  const messages = (body as { messages: { content: unknown }[] }).messages;
  return messages.flatMap(({ content }) => (Array.isArray(content) ? content : []))
    .flatMap((part: { type: string; image_url?: { url: string } }) => (part.type === 'image_url' ? [part.image_url!.url] : []));
}

const sum = (slices: TimeSlicesJson['slices'], key: 'image_slots' | 'planned_image_hits') => slices.reduce((n, s) => n + s[key], 0);

describe('a run of 40 requests × 2 images of a pool of 10, sliced every 40 ms', () => {
  it('names each request\'s images in its record, and its slices\' planned hits add up to the workload\'s planned hit rate', async () => {
    const dir = join(setup.work, 'images');
    await profile(flags(dir, 0, 0.04, {
      'benchmark-duration': undefined, 'request-count': 40, 'images-per-request': 2, 'images-pool': 10, 'image-size': [32, 32], 'output-tokens': 3,
    }));
    const summary = readJson(join(dir, 'summary.json'));
    expect(summary.mmload.counts.failed).toBeGreaterThan(0);

    // Each record's image_ids name the images the server received in that request: one id per distinct URL, and back.
    const lines = readFileSync(join(dir, 'records.jsonl'), 'utf8').trim().split('\n').map((line) => JSON.parse(line) as RecordLine);
    expect(lines).toHaveLength(40);
    const bodies = new Map(setup.server.log.map((entry) => [entry.xRequestId, entry.body]));
    const urlOfId = new Map<number, string>();
    const idOfUrl = new Map<string, number>();
    for (const { metadata } of lines) {
      const urls = urlsOf(bodies.get(metadata.x_request_id));
      expect(metadata.image_ids).toHaveLength(2);
      metadata.image_ids!.forEach((id, k) => {
        expect(urlOfId.get(id) ?? urls[k]).toBe(urls[k]);
        expect(idOfUrl.get(urls[k]!) ?? id).toBe(id);
        urlOfId.set(id, urls[k]!);
        idOfUrl.set(urls[k]!, id);
      });
    }
    expect(urlOfId.size).toBe(10);

    // Summed over the slices, the planned hits are the workload's: every entry sent once (in any order), failures too.
    const workload = summary.mmload.workload as { image_slots: number; planned_hit_rate: number };
    expect(workload.planned_hit_rate).toBeCloseTo((80 - 10) / 80, 12);
    const slices = (summary.mmload.time_slices as TimeSlicesJson).slices;
    expect(slices.length).toBeGreaterThanOrEqual(2);
    expect(sum(slices, 'image_slots')).toBe(workload.image_slots);
    expect(sum(slices, 'planned_image_hits') / sum(slices, 'image_slots')).toBeCloseTo(workload.planned_hit_rate, 12);
    for (const s of slices) expect(s.planned_hit_rate).toBeCloseTo(s.planned_image_hits / s.image_slots, 12);
    // The pool fills up: the first slice misses more than the last.
    expect(slices[0]!.planned_hit_rate!).toBeLessThan(slices.at(-1)!.planned_hit_rate!);

    // aiperf's profile_export.jsonl keeps aiperf's keys only.
    const aiperfLines = readFileSync(join(dir, 'profile_export.jsonl'), 'utf8');
    expect(aiperfLines.trim().split('\n')).toHaveLength(40);
    expect(aiperfLines).not.toContain('image_ids');

    // mmload report rebuilds the same figures from records.jsonl; so does a merge of the records split in two shards.
    const figures = (list: TimeSlicesJson['slices']) => list.map((s) => [s.image_slots, s.planned_image_hits]);
    expect(await rebuildRun(dir, { out: () => {}, err: () => {} })).toBe(0);
    expect(figures(readJson(join(dir, 'summary.json')).mmload.time_slices.slices)).toEqual(figures(slices));
    const records = readFileSync(join(dir, 'records.jsonl'), 'utf8').trim().split('\n');
    const shards = [0, 1].map((k) => join(setup.work, `shard-${k}.jsonl`));
    shards.forEach((path, k) => writeFileSync(path, records.filter((_, i) => i % 2 === k).map((line) => `${line}\n`).join('')));
    const merged = join(setup.work, 'merged.jsonl');
    await mergeRecordFiles(shards, merged);
    const mergedSlices = await timeSlicesOf(merged, options(0.04));
    expect(mergedSlices.map((s) => [s.imageSlots, s.plannedImageHits])).toEqual(figures(slices));
  });
});
