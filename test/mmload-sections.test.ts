// summary.json's sections that merge reads back (workload, client health, server metrics, totals): exactly what was written, in snake_case.
import { describe, expect, it } from 'vitest';
import {
  clientHealthFromJson, clientHealthToJson, serverMetricsFromJson, serverMetricsToJson, totalsFromJson, totalsToJson, workloadFromJson, workloadToJson,
  type ServerMetricsJson, type TotalsJson,
} from '../src/report/mmload-sections.js';
import type { ClientHealth } from '../src/client/client-health.js';
import { RunTotals, type EncodedRunTotals } from '../src/metrics/run-totals.js';
import type { ServerMetricsSummary } from '../src/server-metrics/summary-types.js';
import type { WorkloadInfo } from '../src/workload/prepared-request.js';

const workload: WorkloadInfo = { imageSlots: 40, distinctImages: 8, plannedHitRate: 0.8, distinctImageBytes: 440_000, expectedIsl: { avg: 3100.5, min: 3000, max: 3202 } };
const delay = { p50: 0.1, p99: 0.9, max: 2.5 };
const health: ClientHealth = { eventLoopDelayMs: delay, workerEventLoopDelayMs: [delay, { ...delay, max: 7 }], cpuCores: 0.42, cpuMs: 4200, clientLimited: false, reasons: [] };
const server: ServerMetricsSummary = {
  url: 'http://127.0.0.1:8000/metrics', scrapes: 3, available: true,
  mmCache: { queries: 10, hits: 8, hitRate: 0.8 }, prefixCache: null,
  dynamoEmbeddingCache: { hits: 3, misses: 1, evictions: 0, hitRate: 0.75 },
  running: [{ t: 0, value: 2 }], waiting: [{ t: 0, value: 0 }], serverTtft: { count: 10, meanMs: 41.5 },
};
const roundTrip = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

describe('summary.json sections', () => {
  it('read back what they wrote, through JSON', () => {
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

describe('summary.json server metrics and totals', () => {
  it('write snake_case names and read back what they wrote', () => {
    const json = serverMetricsToJson(server);
    expect(json).toMatchObject({ mm_cache: { hit_rate: 0.8 }, prefix_cache: null, dynamo_embedding_cache: { hit_rate: 0.75 }, server_ttft: { mean_ms: 41.5 } });
    expect(serverMetricsFromJson(roundTrip(json))).toEqual(server);
    const totals = new RunTotals().encode(0);
    const encoded = { ...totals, startEpochMs: 1000, okEndEpochMs: 2000, totalOsl: 30 };
    const written = totalsToJson(encoded);
    expect(written).toMatchObject({ start_epoch_ms: 1000, ok_end_epoch_ms: 2000, total_osl: 30, usage_compared: 0, osl_mismatches: 0 });
    expect(totalsFromJson(roundTrip(written))).toEqual(encoded);
  });

  it('keep metric tags as they are, and read totals and server metrics written before the snake_case names', () => {
    const distributions: EncodedRunTotals['distributions'] = { time_to_first_token: { unit: 'ms', count: 1, sum: 5, m2: 0, min: 5, max: 5, hdr: 'HIST', values: [5] } };
    const encoded: EncodedRunTotals = { ...new RunTotals().encode(0), startEpochMs: 1000, distributions };
    expect(totalsToJson(encoded).distributions).toEqual(distributions);
    expect(totalsFromJson(roundTrip(encoded) as unknown as TotalsJson)).toEqual(encoded);
    expect(serverMetricsFromJson(roundTrip(server) as unknown as ServerMetricsJson)).toEqual(server);
  });
});
