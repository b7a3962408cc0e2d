// The fixed-concurrency executor keeps exactly N requests in flight and accounts for every issued request.
import { describe, expect, it } from 'vitest';
import { ConcurrencyExecutor } from '../src/executors/concurrency-executor.js';
import type { PhasePlan } from '../src/executors/executor.js';
import type { RequestRecord } from '../src/client/request-record.js';
import type { PreparedRequest } from '../src/workload/prepared-request.js';

const requests = (n: number): PreparedRequest[] =>
  Array.from({ length: n }, (_, index) => ({ index, body: [], bodyBytes: 0, promptTexts: [], images: [], imageIds: [], expectedIsl: null, requestedOsl: null, timestampMs: null }));

/** A plan of n requests; count defaults to n, and `null` means no count (a duration-bound run). */
const plan = (n: number, count: number | null = n, durationMs?: number): PhasePlan => ({ requests: requests(n), count: count ?? undefined, durationMs });

function fakeRecord(request: PreparedRequest, phase: RequestRecord['phase']): RequestRecord {
  return {
    requestIndex: request.index, phase, xRequestId: `r${request.index}`, intendedMs: null, startMs: 0, bodySentMs: null, headersMs: null,
    chunkMs: [], chunkTokens: [], endMs: 0, streamed: true, status: 200, usage: null, contentText: null, reasoningText: null, finishReason: null,
    bodyBytes: 0, responseBytes: 0, error: null,
  };
}

describe('ConcurrencyExecutor', () => {
  it('holds exactly N in flight until the tail, and sends every request once in order', async () => {
    const inFlightAtEachSend: number[] = [];
    const sent: number[] = [];
    let inFlight = 0;
    const executor = new ConcurrencyExecutor(8);
    const result = await executor.run(plan(100), 'profiling', async (request, phase) => {
      inFlight++;
      sent.push(request.index);
      await new Promise((r) => setTimeout(r, 1 + (request.index % 5)));
      inFlightAtEachSend.push(inFlight);
      inFlight--;
      return fakeRecord(request, phase);
    });
    expect(sent).toEqual(Array.from({ length: 100 }, (_, i) => i));
    expect(result.issued).toBe(100);
    expect(result.stopped).toBe(false);
    expect(Math.max(...inFlightAtEachSend)).toBe(8);
    // Every completion before the last 8 saw a full pipe: a new request starts as soon as one settles.
    expect(inFlightAtEachSend.slice(0, 92).every((n) => n === 8)).toBe(true);
  });

  it('stop() ends issuing; issued requests still settle and are all returned', async () => {
    const executor = new ConcurrencyExecutor(4);
    let started = 0;
    const result = await executor.run(plan(50), 'profiling', async (request, phase) => {
      started++;
      if (started === 10) executor.stop();
      await new Promise((r) => setTimeout(r, 2));
      return fakeRecord(request, phase);
    });
    expect(result.stopped).toBe(true);
    expect(result.issued).toBe(started);
  });

  it('uses no more lanes than requests', async () => {
    let maxInFlight = 0;
    let inFlight = 0;
    await new ConcurrencyExecutor(64).run(plan(3), 'warmup', async (request, phase) => {
      maxInFlight = Math.max(maxInFlight, ++inFlight);
      await new Promise((r) => setTimeout(r, 2));
      inFlight--;
      return fakeRecord(request, phase);
    });
    expect(maxInFlight).toBe(3);
  });

  it('cycles the plan\'s requests, the same objects, when the count exceeds them', async () => {
    const sent: number[] = [];
    const result = await new ConcurrencyExecutor(2).run(plan(3, 7), 'profiling', async (request, phase) => {
      sent.push(request.index);
      return fakeRecord(request, phase);
    });
    expect(sent).toEqual([0, 1, 2, 0, 1, 2, 0]);
    expect(result.issued).toBe(7);
  });

  it('with a duration and no count, issues until the deadline, then lets the in-flight ones settle', async () => {
    let inFlight = 0;
    const issuedAt: number[] = [];
    const settledAt: number[] = [];
    const result = await new ConcurrencyExecutor(3).run(plan(5, null, 60), 'profiling', async (request, phase) => {
      issuedAt.push(performance.now());
      inFlight++;
      await new Promise((r) => setTimeout(r, 5));
      inFlight--;
      settledAt.push(performance.now());
      return fakeRecord(request, phase);
    });
    expect(result.stopped).toBe(false);
    expect(result.issued).toBeGreaterThan(6); // several rounds of 3 in 60 ms
    expect(inFlight).toBe(0);
    // The executor's deadline is 60 ms after its start, which is no later than the first issue: nothing is issued past
    // that point, and what settles past it was in flight then (at most 3), however late a busy machine runs the timers.
    const deadline = issuedAt[0]! + 60;
    expect(issuedAt.filter((t) => t > deadline)).toEqual([]);
    expect(settledAt.filter((t) => t > deadline).length).toBeLessThanOrEqual(3);
  });
});
