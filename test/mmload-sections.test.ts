// summary.json's workload and client-health sections read back (by merge) to exactly what was written.
import { describe, expect, it } from 'vitest';
import { clientHealthFromJson, clientHealthToJson, workloadFromJson, workloadToJson } from '../src/report/mmload-sections.js';
import type { ClientHealth } from '../src/client/client-health.js';
import type { WorkloadInfo } from '../src/workload/prepared-request.js';

const workload: WorkloadInfo = { imageSlots: 40, distinctImages: 8, plannedHitRate: 0.8, distinctImageBytes: 440_000, expectedIsl: { avg: 3100.5, min: 3000, max: 3202 } };
const delay = { p50: 0.1, p99: 0.9, max: 2.5 };
const health: ClientHealth = { eventLoopDelayMs: delay, workerEventLoopDelayMs: [delay, { ...delay, max: 7 }], cpuCores: 0.42, cpuMs: 4200, clientLimited: false, reasons: [] };

describe('summary.json sections', () => {
  it('read back what they wrote, through JSON', () => {
    const roundTrip = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;
    expect(workloadFromJson(roundTrip(workloadToJson(workload)))).toEqual(workload);
    expect(workloadFromJson(roundTrip(workloadToJson({ ...workload, plannedHitRate: null, expectedIsl: null })))).toEqual({ ...workload, plannedHitRate: null, expectedIsl: null });
    expect(clientHealthFromJson(roundTrip(clientHealthToJson(health)))).toEqual(health);
    const limited = { ...health, clientLimited: true, reasons: ['event-loop delay p99 12.0 ms > 10 ms'] };
    expect(clientHealthFromJson(roundTrip(clientHealthToJson(limited)))).toEqual(limited);
  });

  it('write snake_case keys, and read a summary from before worker threads and cpu_ms', () => {
    expect(Object.keys(clientHealthToJson(health))).toEqual(['event_loop_delay_ms', 'worker_event_loop_delay_ms', 'cpu_cores', 'cpu_ms', 'client_limited', 'reasons']);
    const { worker_event_loop_delay_ms: _workers, cpu_ms: _cpu, ...older } = clientHealthToJson(health);
    expect(clientHealthFromJson(older)).toEqual({ ...health, workerEventLoopDelayMs: [], cpuMs: 0 });
  });
});
