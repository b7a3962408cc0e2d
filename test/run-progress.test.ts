// Live progress: what the line says for known counts, rates over the last tick, and the ETA of count and duration runs.
import { describe, expect, it } from 'vitest';
import { progressText, type ProgressCounts } from '../src/run/run-progress.js';

const counts = (issued: number, settled: number, failed: number, outputTokens: number): ProgressCounts => ({ issued, settled, failed, outputTokens });

describe('progressText', () => {
  it('gives done/total, in flight, rates over the last tick, errors and the ETA of a count-bound run', () => {
    const text = progressText(counts(404, 340, 2, 41_230), counts(350, 300, 1, 33_000), 2000, 12_300, { total: 1000, durationMs: undefined });
    expect(text).toBe('12.3 s · 340/1000 done · 64 in flight · 20.0 req/s · 4,115 tok/s · 2 errors · ETA 33 s');
  });

  it('counts down the duration of a time-bound run, and stops giving an ETA when done', () => {
    expect(progressText(counts(10, 9, 1, 90), counts(0, 0, 0, 0), 1000, 4000, { total: undefined, durationMs: 60_000 }))
      .toBe('4.0 s · 9 done · 1 in flight · 9.0 req/s · 90 tok/s · 1 error · ETA 56 s');
    expect(progressText(counts(5, 5, 0, 50), counts(5, 5, 0, 50), 1000, 9000, { total: 5, durationMs: undefined })).not.toMatch(/ETA/);
  });
});
