// The fixed-concurrency executor keeps exactly N requests in flight and accounts for every issued request.
import { describe, expect, it } from 'vitest';
import { ConcurrencyExecutor } from '../src/executors/concurrency-executor.js';
import type { RequestRecord } from '../src/client/request-record.js';
import type { PreparedRequest } from '../src/workload/prepared-request.js';

const requests = (n: number): PreparedRequest[] =>
  Array.from({ length: n }, (_, index) => ({ index, body: [], bodyBytes: 0, promptTexts: [], images: [], expectedIsl: null }));

function fakeRecord(request: PreparedRequest, phase: RequestRecord['phase']): RequestRecord {
  return {
    requestIndex: request.index, phase, xRequestId: `r${request.index}`, startMs: 0, bodySentMs: null, headersMs: null,
    chunkMs: [], chunkTokens: [], endMs: 0, status: 200, usage: null, outputText: null, finishReason: null,
    bodyBytes: 0, responseBytes: 0, error: null,
  };
}

describe('ConcurrencyExecutor', () => {
  it('holds exactly N in flight until the tail, and sends every request once in order', async () => {
    const inFlightAtEachSend: number[] = [];
    const sent: number[] = [];
    let inFlight = 0;
    const executor = new ConcurrencyExecutor(8);
    const result = await executor.run(requests(100), 'profiling', async (request, phase) => {
      inFlight++;
      sent.push(request.index);
      await new Promise((r) => setTimeout(r, 1 + (request.index % 5)));
      inFlightAtEachSend.push(inFlight);
      inFlight--;
      return fakeRecord(request, phase);
    });
    expect(sent).toEqual(Array.from({ length: 100 }, (_, i) => i));
    expect(result.records).toHaveLength(100);
    expect(result.stopped).toBe(false);
    expect(Math.max(...inFlightAtEachSend)).toBe(8);
    // Every completion before the last 8 saw a full pipe: a new request starts as soon as one settles.
    expect(inFlightAtEachSend.slice(0, 92).every((n) => n === 8)).toBe(true);
  });

  it('stop() ends issuing; issued requests still settle and are all returned', async () => {
    const executor = new ConcurrencyExecutor(4);
    let started = 0;
    const result = await executor.run(requests(50), 'profiling', async (request, phase) => {
      started++;
      if (started === 10) executor.stop();
      await new Promise((r) => setTimeout(r, 2));
      return fakeRecord(request, phase);
    });
    expect(result.stopped).toBe(true);
    expect(result.records).toHaveLength(started);
    expect(result.records.every((r) => r !== undefined)).toBe(true);
  });

  it('uses no more lanes than requests', async () => {
    let maxInFlight = 0;
    let inFlight = 0;
    await new ConcurrencyExecutor(64).run(requests(3), 'warmup', async (request, phase) => {
      maxInFlight = Math.max(maxInFlight, ++inFlight);
      await new Promise((r) => setTimeout(r, 2));
      inFlight--;
      return fakeRecord(request, phase);
    });
    expect(maxInFlight).toBe(3);
  });
});
