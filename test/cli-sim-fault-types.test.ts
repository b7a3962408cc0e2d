// End to end: mmload profile against `mmload sim` with a fault on records each failure by its type and loses no request.
import { describe, expect, it } from 'vitest';
import { errorTypesOf, profileAgainstSim } from './helpers/sim-fault-run.js';
import { useScratch } from './helpers/shared-setup.js';

const setup = useScratch('mmload-sim-fault-types-');

describe('mmload against mmload sim faults', () => {
  it('--reject-rate: 429s are http_error failures, never successes', async () => {
    const o = await profileAgainstSim(setup.work, { rejectRate: 0.4 });
    expect([...errorTypesOf(o)]).toEqual(['http_error:429']);
  });

  it('--fail-rate: 500 and 503 with the server message', async () => {
    const o = await profileAgainstSim(setup.work, { failRate: 0.5 });
    expect(errorTypesOf(o)).toEqual(new Set(['http_error:500', 'http_error:503']));
    expect(o.summary.error_summary.reduce((n, e) => n + e.count, 0)).toBe(o.records.filter((r) => r.error).length);
  });

  it('--reset-rate: connections dropped mid-stream are stream_reset', async () => {
    const o = await profileAgainstSim(setup.work, { resetRate: 0.4 });
    expect([...errorTypesOf(o)]).toEqual(['stream_reset:']);
  });

  it('--malformed-rate: a broken SSE event is malformed_sse', async () => {
    const o = await profileAgainstSim(setup.work, { malformedRate: 0.4 });
    expect([...errorTypesOf(o)]).toEqual(['malformed_sse:']);
  });
});
