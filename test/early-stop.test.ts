// The pieces that keep a lost server from becoming a flood: a slot's backoff, the lost-server watch, the failure threshold.
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import type { ErrorType, RequestRecord } from '../src/client/request-record.js';
import { BACKOFF_CAP_MS, BACKOFF_FIRST_MS, SlotBackoff, isConnectionFailure } from '../src/executors/connection-backoff.js';
import { ConcurrencyExecutor } from '../src/executors/concurrency-executor.js';
import { FailureThreshold, failureThresholdFloor } from '../src/executors/failure-threshold.js';
import { ServerLostWatch } from '../src/executors/server-lost-watch.js';
import { watchEarlyStops, type EarlyStop } from '../src/run/early-stop.js';
import { resolveLoad } from '../src/commands/profile/resolve-load.js';
import type { LoadFlags } from '../src/commands/profile/load-options.js';
import type { PreparedRequest } from '../src/workload/prepared-request.js';

/** A settled record: ok (headers at headersMs), or failed with `type` (no headers unless given). */
function record(outcome: { type?: ErrorType; headersMs?: number | null; endMs?: number; phase?: RequestRecord['phase'] } = {}): RequestRecord {
  const endMs = outcome.endMs ?? performance.now();
  const headersMs = outcome.headersMs !== undefined ? outcome.headersMs : outcome.type === undefined ? endMs : null;
  return {
    requestIndex: 0, phase: outcome.phase ?? 'profiling', xRequestId: 'x', intendedMs: null, startMs: endMs, bodySentMs: null, headersMs,
    chunkMs: [], chunkTokens: [], endMs, streamed: false, status: headersMs === null ? null : 200, usage: null, contentText: null,
    reasoningText: null, finishReason: null, bodyBytes: 0, responseBytes: 0,
    error: outcome.type === undefined ? null : { code: null, type: outcome.type, message: outcome.type },
  };
}

const refused = () => record({ type: 'connection_refused' });

describe('SlotBackoff', () => {
  it('doubles from 50 ms to the 1 s cap over consecutive connection failures, and resets on any response with headers', () => {
    const backoff = new SlotBackoff();
    const waits = Array.from({ length: 7 }, () => backoff.after(refused()));
    expect(waits).toEqual([50, 100, 200, 400, 800, 1000, 1000]);
    expect(BACKOFF_FIRST_MS).toBe(50);
    expect(BACKOFF_CAP_MS).toBe(1000);
    // An HTTP 503 has headers: the server is there, so no wait and the next failure starts over at 50 ms.
    expect(backoff.after(record({ type: 'http_error', headersMs: 1 }))).toBe(0);
    expect(backoff.after(record({ type: 'connection_error' }))).toBe(50);
    expect(backoff.after(record())).toBe(0);
    expect(backoff.after(refused())).toBe(50);
  });

  it('sends at once after failures that are not connection-level, keeping the state it had', () => {
    const backoff = new SlotBackoff();
    backoff.after(refused());
    expect(backoff.after(record({ type: 'timeout' }))).toBe(0);
    expect(backoff.after(record({ type: 'cancelled' }))).toBe(0);
    expect(backoff.after(refused())).toBe(100);
  });

  it('counts a reset or socket error only before any response headers as connection-level', () => {
    expect(isConnectionFailure(record({ type: 'connection_error' }))).toBe(true);
    expect(isConnectionFailure(record({ type: 'stream_reset', headersMs: 1 }))).toBe(false);
    expect(isConnectionFailure(record({ type: 'timeout' }))).toBe(false);
  });
});

const requests: PreparedRequest[] = [{ index: 0, body: [], bodyBytes: 0, promptTexts: [], images: [], expectedIsl: null, timestampMs: null } as unknown as PreparedRequest];

describe('ConcurrencyExecutor after connection failures', () => {
  it('gives the request sent after a backoff the time it would have gone as its intended time; others have none', async () => {
    const sends: { intendedMs: number | null; startMs: number }[] = [];
    const result = await new ConcurrencyExecutor(1).run({ requests, count: 4, durationMs: undefined }, 'profiling', async (_r, _p, intendedMs) => {
      sends.push({ intendedMs, startMs: performance.now() });
      return sends.length <= 2 ? refused() : record(); // two refused, then the server is back
    });
    expect(result.issued).toBe(4);
    expect(sends.map((s) => s.intendedMs === null)).toEqual([true, false, false, true]);
    // Sent after the wait that began at its intended time: the wait is its schedule lag.
    for (const s of sends.slice(1, 3)) expect(s.startMs).toBeGreaterThan(s.intendedMs!);
  });

  it('stop() ends a backoff wait at once: nothing more is issued', async () => {
    const executor = new ConcurrencyExecutor(2);
    let sent = 0;
    const run = executor.run({ requests, count: 1000, durationMs: undefined }, 'profiling', async () => {
      sent++;
      return refused();
    });
    await sleep(120); // both lanes are in their backoff by now
    const before = sent;
    executor.stop();
    const result = await run;
    expect(result.stopped).toBe(true);
    expect(sent).toBe(before);
    expect(result.issued).toBe(sent);
  });
});

describe('ServerLostWatch', () => {
  it('fires once a spell of connection failures lasts the timeout, with the spell\'s start', async () => {
    const lost: number[] = [];
    const watch = new ServerLostWatch(30, (since) => lost.push(since));
    const first = refused();
    watch.observe(first);
    watch.observe(refused());
    await sleep(80);
    expect(lost).toEqual([first.endMs]);
    watch.dispose();
  });

  it('a response with headers after the spell began ends it; one whose headers came before does not', async () => {
    const lost: number[] = [];
    const watch = new ServerLostWatch(40, (since) => lost.push(since));
    const early = performance.now() - 5; // e.g. a long stream whose headers came before the server went away
    watch.observe(refused());
    watch.observe(record({ type: 'stream_reset', headersMs: early }));
    await sleep(80);
    expect(lost).toHaveLength(1);

    const back = new ServerLostWatch(40, (since) => lost.push(since));
    back.observe(refused());
    back.observe(record());
    await sleep(80);
    expect(lost).toHaveLength(1);
    back.dispose();
  });

  it('ignores failures older than the latest headers, and never fires after dispose()', async () => {
    const lost: number[] = [];
    const watch = new ServerLostWatch(20, (since) => lost.push(since));
    const now = performance.now();
    watch.observe(record({ headersMs: now }));
    watch.observe(record({ type: 'connection_refused', endMs: now - 1 }));
    watch.observe(refused());
    watch.dispose();
    await sleep(60);
    expect(lost).toEqual([]);
  });
});

describe('FailureThreshold (aiperf --failed-request-threshold)', () => {
  it('judges nothing before max(concurrency, 10) requests, then stops at the first share strictly above it', () => {
    expect(failureThresholdFloor(4)).toBe(10);
    expect(failureThresholdFloor(32)).toBe(32);
    const threshold = new FailureThreshold(0.5, 10);
    const crossings = Array.from({ length: 12 }, (_, i) => threshold.settled(i % 2 === 0 || i >= 10));
    // 9 settled: 5 failed (above half, but under the floor); 10: 5/10 = 0.5 is not above; 11: 6/11 is.
    expect(crossings.slice(0, 10)).toEqual(Array(10).fill(null));
    expect(crossings[10]).toEqual({ failed: 6, total: 11, threshold: 0.5 });
  });

  it('with 0, any failure past the floor stops; with 1, nothing does', () => {
    const zero = new FailureThreshold(0, 10);
    const one = new FailureThreshold(1, 10);
    for (let i = 0; i < 9; i++) zero.settled(false);
    expect(zero.settled(true)).toEqual({ failed: 1, total: 10, threshold: 0 });
    for (let i = 0; i < 20; i++) expect(one.settled(true)).toBeNull();
    expect(() => new FailureThreshold(1.5, 10)).toThrow(RangeError);
  });
});

describe('watchEarlyStops', () => {
  it('counts only profiled requests toward the threshold and reports the first reason once', () => {
    const stops: EarlyStop[] = [];
    const watch = watchEarlyStops({ serverLostTimeoutMs: 0, failedRequestThreshold: 0.1, concurrency: 1 }, (s) => stops.push(s));
    for (let i = 0; i < 20; i++) watch.observe(record({ type: 'http_error', headersMs: 1, phase: 'warmup' }));
    expect(stops).toEqual([]);
    for (let i = 0; i < 12; i++) watch.observe(record({ type: 'http_error', headersMs: 1 }));
    expect(stops).toHaveLength(1);
    expect(stops[0]!.reason).toBe('failed_request_threshold');
    expect(stops[0]!.message).toMatch(/^10 of 10 profiled requests failed \(100\.0%\), more than --failed-request-threshold 0\.1 \(10\.0%\)/);
    expect(watch.stop).toBe(stops[0]);
    watch.dispose();
  });

  it('says since when the server was unreachable', async () => {
    const stops: EarlyStop[] = [];
    const watch = watchEarlyStops({ serverLostTimeoutMs: 20, failedRequestThreshold: undefined, concurrency: 1 }, (s) => stops.push(s));
    watch.observe(refused());
    await sleep(60);
    expect(stops).toHaveLength(1);
    expect(stops[0]!.reason).toBe('server_lost');
    expect(stops[0]!.message).toMatch(/^server unreachable since \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6} \(0 s, --server-lost-timeout\)/);
    watch.dispose();
  });
});

describe('the flags', () => {
  const resolve = (flags: Partial<LoadFlags>) => {
    const problems: string[] = [];
    const load = resolveLoad({
      'benchmark-grace-period': 30, 'fixed-schedule-auto-offset': false, 'target-latency-ms': 1000, 'target-latency-percentile': 99,
      'min-duration': 0, 'min-query-count': 0, ...flags,
    }, 1, problems);
    return { load, problems };
  };

  it('--server-lost-timeout is 30 s unless given, 0 turns it off, and a negative value is refused', () => {
    expect(resolve({}).load.serverLostTimeoutMs).toBe(30_000);
    expect(resolve({ 'server-lost-timeout': 0 })).toMatchObject({ load: { serverLostTimeoutMs: 0 }, problems: [] });
    expect(resolve({ 'server-lost-timeout': -1 }).problems).toEqual(['--server-lost-timeout must be a number of seconds >= 0 (0: never stop; got -1)']);
  });

  it('--failed-request-threshold is a fraction from 0 to 1, none unless given', () => {
    expect(resolve({}).load.failedRequestThreshold).toBeUndefined();
    expect(resolve({ 'failed-request-threshold': 0 })).toMatchObject({ load: { failedRequestThreshold: 0 }, problems: [] });
    expect(resolve({ 'failed-request-threshold': 1.5 }).problems).toEqual(['--failed-request-threshold must be a fraction from 0 to 1 (got 1.5)']);
  });
});
