// End to end: the `mmload sim` faults whose outcome depends on time (a stall past the request timeout, a slowly read body).
// The other faults, judged by type alone, are in cli-sim-fault-types.test.ts.
import { describe, expect, it } from 'vitest';
import { SLOW_READ_PAUSE_MS } from '../src/sim/sim-chat.js';
import { errorTypesOf, profileAgainstSim, type FaultOutcome } from './helpers/sim-fault-run.js';
import { useScratch } from './helpers/shared-setup.js';

const setup = useScratch('mmload-sim-faults-cli-');

describe('mmload against mmload sim faults', () => {
  it('--stall-rate past the request timeout: the stalled requests time out, the others succeed', async () => {
    const o = await profileAgainstSim(setup.work, { stallRate: 0.3, stallMs: 60_000 }, ['--request-timeout-seconds', '1']);
    expect([...errorTypesOf(o)]).toEqual(['timeout:']);
    expect(o.summary.request_count.avg).toBeGreaterThan(0);
  });

  it('--slow-read: every request succeeds, and TTFT carries the slowly read body', async () => {
    // The server pauses SLOW_READ_PAUSE_MS after every body chunk it reads, so it starts each request that much later.
    // (On loopback the kernel's socket buffers take whole bodies at once, so the client's upload stamp does not move.)
    const noise = ['--image-size', '256', '256', '--image-style', 'noise'];
    const calm = await profileAgainstSim(setup.work, { speed: 1 }, [], noise);
    const slow = await profileAgainstSim(setup.work, { slowRead: true, speed: 1 }, [], noise);
    expect(errorTypesOf(slow).size).toBe(0);
    const medianTtft = (o: FaultOutcome) => o.records.map((r) => r.metrics!.time_to_first_token!.value).sort((a, b) => a - b)[12]!;
    expect(medianTtft(slow)).toBeGreaterThan(medianTtft(calm) + SLOW_READ_PAUSE_MS);
  }, 60_000);
});
