// Request-rate arrivals: exact distributions from the pure gap generator, then the executor's schedule in real time.
import { describe, expect, it } from 'vitest';
import { arrivalGaps, arrivalOffsets } from '../src/executors/arrival-gaps.js';
import { CATCH_UP_WINDOW_MS } from '../src/executors/open-loop-executor.js';
import { RateExecutor } from '../src/executors/rate-executor.js';
import type { PhasePlan, SendFn } from '../src/executors/executor.js';
import { createRecord } from '../src/client/new-record.js';
import type { PreparedRequest } from '../src/workload/prepared-request.js';

const take = (iterator: Iterator<number>, n: number): number[] => Array.from({ length: n }, () => iterator.next().value as number);
const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
const cv = (xs: number[]): number => {
  const m = mean(xs);
  return Math.sqrt(mean(xs.map((x) => (x - m) ** 2))) / m;
};

/** A plan of n requests; count defaults to n, and `null` means no count (a duration-bound run). */
const plan = (n: number, count: number | null = n, durationMs?: number): PhasePlan => ({
  requests: Array.from({ length: n }, (_, index): PreparedRequest => ({ index, body: [], bodyBytes: 0, promptTexts: [], images: [], imageIds: [], expectedIsl: null, requestedOsl: null, timestampMs: null })),
  count: count ?? undefined,
  durationMs,
});

interface Sent { index: number; intendedMs: number; startMs: number }

/** A send that settles after `holdMs` (0: at once). */
function fakeSend(sent: Sent[], holdMs = 0, onSend?: (n: number) => void): SendFn {
  return async (request, phase, intendedMs) => {
    const record = createRecord(request.index, phase, `r${sent.length}`, 0, intendedMs); // stamps startMs, as the client does
    sent.push({ index: request.index, intendedMs: intendedMs!, startMs: record.startMs });
    onSend?.(sent.length);
    if (holdMs > 0) await new Promise((r) => setTimeout(r, holdMs));
    record.endMs = performance.now();
    return record;
  };
}

describe('arrivalGaps', () => {
  it('constant: every gap is exactly 1000/rate', () => {
    expect(take(arrivalGaps('constant', 50, 1, 0), 1000).every((g) => g === 20)).toBe(true);
  });

  it('poisson: mean 1000/rate and coefficient of variation 1 (n = 20,000, ±5%)', () => {
    const gaps = take(arrivalGaps('poisson', 40, 1, 7), 20_000);
    expect(mean(gaps)).toBeGreaterThan(25 * 0.95);
    expect(mean(gaps)).toBeLessThan(25 * 1.05);
    expect(cv(gaps)).toBeGreaterThan(0.95);
    expect(cv(gaps)).toBeLessThan(1.05);
  });

  it.each([0.25, 1, 4, 16])('gamma with smoothness %s: mean 1000/rate and CV 1/√smoothness (±5%)', (smoothness) => {
    const gaps = take(arrivalGaps('gamma', 200, smoothness, 3), 20_000);
    expect(Math.abs(mean(gaps) / 5 - 1)).toBeLessThan(0.05);
    expect(Math.abs(cv(gaps) * Math.sqrt(smoothness) - 1)).toBeLessThan(0.05);
    expect(gaps.every((g) => g > 0 && Number.isFinite(g))).toBe(true);
  });

  it('is deterministic per seed, and seeds differ', () => {
    expect(take(arrivalGaps('gamma', 10, 2, 42), 50)).toEqual(take(arrivalGaps('gamma', 10, 2, 42), 50));
    expect(take(arrivalGaps('poisson', 10, 1, 42), 50)).not.toEqual(take(arrivalGaps('poisson', 10, 1, 43), 50));
  });

  it('rejects a rate or smoothness that is not positive', () => {
    expect(() => arrivalGaps('constant', 0, 1, 0)).toThrow(RangeError);
    expect(() => arrivalGaps('gamma', 5, -1, 0)).toThrow(RangeError);
    expect(() => new RateExecutor({ rate: 5, mode: 'poisson', smoothness: 3, seed: 0 })).toThrow(/gamma/);
    expect(() => new RateExecutor({ rate: 5, mode: 'constant', seed: 0, concurrencyCap: 0 })).toThrow(RangeError);
  });
});

describe('arrivalOffsets', () => {
  it('without a ramp: 0, then the running sum of the gaps', () => {
    expect(take(arrivalOffsets(arrivalGaps('constant', 4, 1, 0)), 4)).toEqual([0, 250, 500, 750]);
  });

  it('with a ramp: longer gaps first, full rate after, and the count by time t equals the integral of the rate', () => {
    const rampMs = 1000;
    const offsets = take(arrivalOffsets(arrivalGaps('constant', 100, 1, 0), rampMs), 400);
    const gaps = offsets.slice(1).map((t, i) => t - offsets[i]!);
    expect(gaps[0]).toBeCloseTo(Math.sqrt(2 * rampMs * 10), 9); // the first 10 ms of unramped schedule
    for (let i = 1; i < 40; i++) expect(gaps[i]!).toBeLessThan(gaps[i - 1]!);
    expect(gaps.slice(60).every((g) => Math.abs(g - 10) < 1e-9)).toBe(true);
    const integral = (t: number): number => (t < rampMs ? (0.1 * t * t) / (2 * rampMs) : 0.1 * (t - rampMs / 2));
    for (const t of [95, 333, 777, 1234, 2345]) expect(offsets.filter((o) => o <= t).length).toBe(Math.floor(integral(t)) + 1);
  });

  it('with a ramp under Poisson arrivals: the count follows the integral within sampling noise', () => {
    const offsets = take(arrivalOffsets(arrivalGaps('poisson', 1000, 1, 5), 10_000), 20_000);
    for (const [t, expected] of [[5000, 1250], [10_000, 5000], [15_000, 10_000]] as const) {
      expect(Math.abs(offsets.filter((o) => o <= t).length / expected - 1)).toBeLessThan(0.1);
    }
  });
});

describe('RateExecutor', () => {
  it('sends each request once, in order, at exactly the scheduled intended time and never before it', async () => {
    const sent: Sent[] = [];
    const result = await new RateExecutor({ rate: 400, mode: 'poisson', seed: 9 }).run(plan(10, 60), 'profiling', fakeSend(sent));
    expect(sent.map((s) => s.index)).toEqual(Array.from({ length: 60 }, (_, i) => i % 10));
    expect(result.issued).toBe(60);
    const schedule = take(arrivalOffsets(arrivalGaps('poisson', 400, 1, 9)), 60);
    sent.forEach((s, i) => {
      expect(s.intendedMs - sent[0]!.intendedMs).toBeCloseTo(schedule[i]!, 6);
      expect(s.startMs).toBeGreaterThanOrEqual(s.intendedMs - 0.1);
    });
    expect(result.stopped).toBe(false);
  });

  it('a duration bounds the schedule itself: exactly the sends scheduled before it', async () => {
    const sent: Sent[] = [];
    const result = await new RateExecutor({ rate: 200, mode: 'constant', seed: 0 }).run(plan(3, null, 100), 'profiling', fakeSend(sent));
    expect(result.issued).toBe(20); // offsets 0, 5, …, 95 ms
    const capped = await new RateExecutor({ rate: 200, mode: 'constant', seed: 0 }).run(plan(3, 7, 100), 'warmup', fakeSend([]));
    expect(capped.issued).toBe(7); // the count comes first here
  });

  it('stop() ends issuing even in the middle of a long wait; issued requests settle and are returned', async () => {
    const executor = new RateExecutor({ rate: 1, mode: 'constant', seed: 0 });
    const sent: Sent[] = [];
    const began = performance.now();
    setTimeout(() => executor.stop(), 50);
    const result = await executor.run(plan(5), 'profiling', fakeSend(sent, 20));
    expect(result.stopped).toBe(true);
    expect(result.issued).toBe(1);
    expect(performance.now() - began).toBeLessThan(900); // the next send was 1 s away
  });

  it('with a cap of 2 and a slow server: never more than 2 in flight, and the waiting shows as growing lag', async () => {
    let inFlight = 0;
    let maxInFlight = 0;
    const sent: Sent[] = [];
    const slow = fakeSend(sent, 30);
    const executor = new RateExecutor({ rate: 200, mode: 'constant', seed: 0, concurrencyCap: 2 });
    await executor.run(plan(12), 'profiling', async (request, phase, intendedMs) => {
      maxInFlight = Math.max(maxInFlight, ++inFlight);
      const record = await slow(request, phase, intendedMs);
      inFlight--;
      return record;
    });
    expect(maxInFlight).toBe(2);
    const lag = sent.map((s) => s.startMs - s.intendedMs);
    // The intended times stay the schedule (5 ms apart) while request i waits for request i − 2 (>= 30 ms each).
    sent.forEach((s, i) => expect(s.intendedMs - sent[0]!.intendedMs).toBeCloseTo(5 * i, 6));
    expect(lag[11]!).toBeGreaterThan(90);
    expect(lag[11]!).toBeGreaterThan(lag[5]!);
    expect(executor.lastSchedule!.lateBeyondWindow).toBeGreaterThan(0);
  });

  it('a cap that holds requests past the duration leaves them unsent and counts them', async () => {
    const executor = new RateExecutor({ rate: 100, mode: 'constant', seed: 0, concurrencyCap: 1 });
    const result = await executor.run(plan(4, null, 100), 'profiling', fakeSend([], 50));
    expect(result.issued).toBeLessThanOrEqual(3);
    expect(result.issued + executor.lastSchedule!.unsent).toBe(10);
  });

  it('after a stalled loop, sends everything late in window-sized batches and counts what was beyond the window', async () => {
    let turn = 0;
    let ticking = true;
    const tick = (): void => {
      turn++;
      if (ticking) setImmediate(tick);
    };
    tick();
    const sent: Sent[] = [];
    const turns: number[] = [];
    const executor = new RateExecutor({ rate: 1000, mode: 'constant', seed: 0 });
    const stall = (n: number): void => {
      turns.push(turn);
      if (n === 5) for (const until = performance.now() + 200; performance.now() < until;); // block the loop 200 ms
    };
    await executor.run(plan(300), 'profiling', fakeSend(sent, 0, stall));
    ticking = false;
    expect(sent.map((s) => s.index)).toEqual(Array.from({ length: 300 }, (_, i) => i));
    sent.forEach((s, i) => expect(s.intendedMs - sent[0]!.intendedMs).toBeCloseTo(i, 6));
    expect(executor.lastSchedule!.lateBeyondWindow).toBeGreaterThan(100);
    expect(executor.lastSchedule!.maxLagMs).toBeGreaterThan(150);
    // Sends made in one loop turn never span more than the window of the schedule.
    const byTurn = new Map<number, number[]>();
    turns.forEach((t, i) => byTurn.set(t, [...(byTurn.get(t) ?? []), sent[i]!.intendedMs]));
    for (const due of byTurn.values()) expect(Math.max(...due) - Math.min(...due)).toBeLessThanOrEqual(CATCH_UP_WINDOW_MS);
    expect([...byTurn.values()].filter((due) => due.length > 10).length).toBeGreaterThanOrEqual(4); // ~200 due after the stall
  });
});
