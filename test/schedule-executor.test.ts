// Trace replay: requests go at their given offsets from the phase start, in order, shifted when asked.
import { describe, expect, it } from 'vitest';
import { ScheduleExecutor } from '../src/executors/schedule-executor.js';
import type { PhasePlan, SendFn } from '../src/executors/executor.js';
import { createRecord } from '../src/client/new-record.js';
import type { PreparedRequest } from '../src/workload/prepared-request.js';

const plan = (n: number, count = n): PhasePlan => ({
  requests: Array.from({ length: n }, (_, index): PreparedRequest => ({ index, body: [], bodyBytes: 0, promptTexts: [], images: [], imageIds: [], expectedIsl: null, requestedOsl: null, timestampMs: null })),
  count,
  durationMs: undefined,
});

interface Sent { index: number; intendedMs: number; startMs: number }

/** A send that settles after `holdMs`. */
function fakeSend(sent: Sent[], holdMs = 0): SendFn {
  return async (request, phase, intendedMs) => {
    const record = createRecord(request.index, phase, `r${sent.length}`, 0, intendedMs); // stamps startMs, as the client does
    sent.push({ index: request.index, intendedMs: intendedMs!, startMs: record.startMs });
    if (holdMs > 0) await new Promise((r) => setTimeout(r, holdMs));
    record.endMs = performance.now();
    return record;
  };
}

const relative = (sent: Sent[], key: 'intendedMs' | 'startMs', from: number): number[] => sent.map((s) => s[key] - from);

describe('ScheduleExecutor', () => {
  it('sends request i at offset i from the phase start, in order, never early', async () => {
    const sent: Sent[] = [];
    const offsetsMs = [0, 30, 30, 45.5, 120];
    const began = performance.now();
    const result = await new ScheduleExecutor({ offsetsMs }).run(plan(5), 'profiling', fakeSend(sent));
    expect(sent.map((s) => s.index)).toEqual([0, 1, 2, 3, 4]);
    const phaseStart = sent[0]!.intendedMs; // offset 0
    expect(phaseStart).toBeGreaterThanOrEqual(began);
    relative(sent, 'intendedMs', phaseStart).forEach((t, i) => expect(t).toBeCloseTo(offsetsMs[i]!, 6));
    relative(sent, 'startMs', phaseStart).forEach((t, i) => expect(t).toBeGreaterThanOrEqual(offsetsMs[i]! - 0.1));
    expect(result.issued).toBe(5);
  });

  it('waits for the first offset unless auto-offset shifts it to 0', async () => {
    const late: Sent[] = [];
    let began = performance.now();
    await new ScheduleExecutor({ offsetsMs: [150, 160] }).run(plan(2), 'profiling', fakeSend(late));
    expect(late[0]!.startMs - began).toBeGreaterThanOrEqual(150 - 0.1);

    const shifted: Sent[] = [];
    began = performance.now();
    await new ScheduleExecutor({ offsetsMs: [5_000, 5_020, 5_050], autoOffset: true }).run(plan(3), 'profiling', fakeSend(shifted));
    expect(performance.now() - began).toBeLessThan(2_000); // not 5 s
    const first = shifted[0]!.intendedMs;
    relative(shifted, 'intendedMs', first).forEach((t, i) => expect(t).toBeCloseTo([0, 20, 50][i]!, 6));
    relative(shifted, 'startMs', first).forEach((t, i) => expect(t).toBeGreaterThanOrEqual([0, 20, 50][i]! - 0.1));
  });

  it('ends at the plan\'s count or when the offsets run out, whichever comes first', async () => {
    expect((await new ScheduleExecutor({ offsetsMs: [0, 1, 2, 3] }).run(plan(4, 2), 'profiling', fakeSend([]))).issued).toBe(2);
    const sent: Sent[] = [];
    expect((await new ScheduleExecutor({ offsetsMs: [0, 1, 2] }).run(plan(2, 10), 'profiling', fakeSend(sent))).issued).toBe(3);
    expect(sent.map((s) => s.index)).toEqual([0, 1, 0]); // the plan's requests cycle
  });

  it('with a cap, a due request waits for a slot and keeps its intended time', async () => {
    const sent: Sent[] = [];
    const executor = new ScheduleExecutor({ offsetsMs: [0, 0, 0, 0], concurrencyCap: 1 });
    await executor.run(plan(4), 'profiling', fakeSend(sent, 25));
    expect(new Set(sent.map((s) => s.intendedMs)).size).toBe(1);
    // Each waited for the one before it (>= 25 ms each), so the last started >= 75 ms after its intended time.
    expect(sent[3]!.startMs - sent[3]!.intendedMs).toBeGreaterThanOrEqual(70);
    expect(executor.lastSchedule!.lateBeyondWindow).toBeGreaterThanOrEqual(1);
  });

  it('rejects offsets that decrease, are negative, or are not numbers', () => {
    expect(() => new ScheduleExecutor({ offsetsMs: [0, 20, 10] })).toThrow(/decrease/);
    expect(() => new ScheduleExecutor({ offsetsMs: [-5, 0] })).toThrow(RangeError);
    expect(() => new ScheduleExecutor({ offsetsMs: [0, Number.NaN] })).toThrow(RangeError);
    expect(() => new ScheduleExecutor({ offsetsMs: [100, 50], autoOffset: true })).toThrow(RangeError);
  });
});
