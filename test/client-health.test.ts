// Client health: a blocked event loop is seen and flagged, so a report can say mmload itself limited the run.
import { describe, expect, it } from 'vitest';
import { CLIENT_LIMITS, watchClientHealth } from '../src/client/client-health.js';

describe('watchClientHealth', () => {
  it('flags a run whose event loop was blocked longer than the limit', async () => {
    const watch = watchClientHealth();
    for (let i = 0; i < 5; i++) {
      const until = performance.now() + 4 * CLIENT_LIMITS.eventLoopDelayP99Ms;
      while (performance.now() < until); // mmload stuck: nothing else can run
      await new Promise((r) => setTimeout(r, 10));
    }
    const health = watch.stop();
    expect(health.eventLoopDelayMs.max).toBeGreaterThan(3 * CLIENT_LIMITS.eventLoopDelayP99Ms);
    expect(health.clientLimited).toBe(true);
    expect(health.reasons.join(' ')).toMatch(/event-loop delay p99/);
    expect(health.cpuCores).toBeGreaterThan(0.3); // the busy loops burned CPU
  });

  it('reports delay percentiles and CPU use as plain numbers, the sampling interval not counted as delay', async () => {
    const watch = watchClientHealth();
    await new Promise((r) => setTimeout(r, 200));
    const health = watch.stop();
    // An idle loop: Node's histogram counts each whole 5 ms sampling interval, which must be taken off.
    expect(health.eventLoopDelayMs.p50).toBeLessThan(4);
    for (const v of [health.eventLoopDelayMs.p50, health.eventLoopDelayMs.p99, health.eventLoopDelayMs.max, health.cpuCores]) {
      expect(Number.isFinite(v)).toBe(true);
      expect(v).toBeGreaterThanOrEqual(0);
    }
  });
});
