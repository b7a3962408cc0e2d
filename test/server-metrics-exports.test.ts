// aiperf's server metrics exports from scrapes at known times: the JSON's stats and timeslices, the CSV's sections, the
// JSONL's lines, and the histogram percentile estimates against aiperf's own outputs.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EndpointTally, type Scrape } from '../src/server-metrics/endpoint-tally.js';
import { endpointInfo, exportMetrics } from '../src/server-metrics/export-metrics.js';
import { serverMetricsCsv } from '../src/server-metrics/export-csv.js';
import { serverMetricsJson, type ServerMetricsExport } from '../src/server-metrics/export-json.js';
import { parseFamilies } from '../src/server-metrics/families.js';
import { estimatePercentiles, learnInterval, type BucketLearning } from '../src/server-metrics/histogram-percentiles.js';
import { jsonlLine } from '../src/server-metrics/jsonl-line.js';

const URL = 'http://127.0.0.1:8000/metrics';
/** The baseline scrape, 250 ms into a whole second, then one every 500 ms. */
const T0 = 1_700_000_000_250;

/** Scrape k of the endpoint: a gauge, a counter that restarts, a histogram, an info gauge, and what aiperf leaves out. */
function body(k: number): string {
  const queue = [5, 1, 4, 2, 8, 8][k];
  const requests = [100, 110, 125, 5, 20, 20][k];
  const [le01, le1, inf, sum] = [[10, 20, 20, 5], [12, 25, 26, 9.6], [14, 30, 32, 14.2], [15, 31, 33, 14.25], [15, 31, 33, 14.25], [15, 31, 33, 14.25]][k]!;
  return [
    '# HELP demo_queue Requests waiting, in the queue.', '# TYPE demo_queue gauge', `demo_queue{pool="a"} ${queue}`,
    '# HELP demo_requests_total Requests served.', '# TYPE demo_requests_total counter', `demo_requests_total{pool="a",code="200"} ${requests}`,
    '# HELP demo_requests_created Requests served.', '# TYPE demo_requests_created gauge', 'demo_requests_created{pool="a",code="200"} 1.7e9',
    '# HELP demo_latency_seconds Latency of a request.', '# TYPE demo_latency_seconds histogram',
    `demo_latency_seconds_bucket{le="0.1"} ${le01}`, `demo_latency_seconds_bucket{le="1.0"} ${le1}`, `demo_latency_seconds_bucket{le="+Inf"} ${inf}`,
    `demo_latency_seconds_sum ${sum}`, `demo_latency_seconds_count ${inf}`,
    '# HELP demo_build_info Build, with a comma.', '# TYPE demo_build_info gauge', 'demo_build_info{version="1.2.3",commit="abc"} 1',
    '# TYPE demo_rpc_seconds summary', 'demo_rpc_seconds{quantile="0.5"} 0.2', 'demo_rpc_seconds_sum 3', 'demo_rpc_seconds_count 10',
    'process_uptime_seconds 12',
  ].join('\n');
}

function scrape(k: number): Scrape {
  const at = T0 + k * 500;
  return { families: parseFamilies(body(k)), sentEpochMs: at - 2, firstByteEpochMs: at, receivedEpochMs: at + 1, duplicate: k === 5 };
}

function tallied(sliceSeconds: number | null): EndpointTally {
  const endpoint = new EndpointTally(URL, sliceSeconds);
  for (let k = 0; k < 6; k++) endpoint.add(scrape(k));
  return endpoint;
}

function exported(sliceSeconds: number | null): ServerMetricsExport {
  const endpoint = tallied(sliceSeconds);
  return {
    endpointsConfigured: [URL], endpointsSuccessful: [URL], startEpochMs: T0, endEpochMs: T0 + 2500,
    endpointInfo: new Map([[URL, endpointInfo(endpoint)!]]), metrics: exportMetrics([endpoint], sliceSeconds),
  };
}

const HEAD = { aiperfVersion: '0.8.0', benchmarkId: 'b-1', inputConfig: { endpoint: { urls: ['http://127.0.0.1:8000'] } } };

describe('server_metrics_export.json', () => {
  const text = serverMetricsJson(exported(1), HEAD);
  const json = JSON.parse(text);

  it('has aiperf\'s layout: versions and id, a summary of the endpoints, metrics by name, input_config', () => {
    expect(Object.keys(json)).toEqual(['schema_version', 'aiperf_version', 'benchmark_id', 'summary', 'metrics', 'input_config']);
    expect(json).toMatchObject({ schema_version: '1.0', aiperf_version: '0.8.0', benchmark_id: 'b-1', input_config: HEAD.inputConfig });
    expect(Object.keys(json.summary)).toEqual(['endpoints_configured', 'endpoints_successful', 'start_time', 'end_time', 'endpoint_info']);
    expect(json.summary.endpoint_info[URL]).toEqual({
      total_fetches: 6, first_fetch_ns: 1700000000250000000, last_fetch_ns: 1700000002750000000, avg_fetch_latency_ms: 3,
      unique_updates: 5, first_update_ns: 1700000000250000000, last_update_ns: 1700000002250000000, duration_seconds: 2,
      avg_update_interval_ms: 500, median_update_interval_ms: 500,
    });
    // Epoch ns are written whole, beyond a double's precision.
    expect(text).toContain('"first_fetch_ns": 1700000000250000000');
    // _created and _uptime families and summaries are left out, as aiperf leaves them.
    expect(Object.keys(json.metrics)).toEqual(['demo_build_info', 'demo_latency_seconds', 'demo_queue', 'demo_requests']);
  });

  it('a counter: its increase since the baseline (the restart\'s new value counted whole), its rate, per slice too', () => {
    expect(json.metrics.demo_requests).toEqual({
      type: 'counter', description: 'Requests served.', unit: 'requests',
      series: [{
        endpoint_url: URL, labels: { code: '200', pool: 'a' },
        stats: { total: 45, rate: 18, rate_avg: 20, rate_min: 20, rate_max: 20, rate_std: 0 },
        timeslices: [
          { start_ns: 1700000000250000000, end_ns: 1700000001000000000, is_complete: false, total: 10, rate: 10 / 0.75 },
          { start_ns: 1700000001000000000, end_ns: 1700000002000000000, total: 20, rate: 20 },
          { start_ns: 1700000002000000000, end_ns: 1700000002750000000, is_complete: false, total: 15, rate: 15 / 0.75 },
        ],
      }],
    });
  });

  it('a gauge: every value after the baseline, NumPy\'s percentiles, and per slice avg, min and max', () => {
    const [series] = json.metrics.demo_queue.series;
    expect(json.metrics.demo_queue).toMatchObject({ type: 'gauge', description: 'Requests waiting, in the queue.' });
    expect(series.stats).toMatchObject({ avg: 4.6, min: 1, max: 8, p25: 2, p50: 4, p75: 8, p99: 8 });
    expect(series.stats.std).toBeCloseTo(Math.sqrt(43.2 / 4), 12);
    expect(series.timeslices.map(({ avg, min, max }: Record<string, number>) => [avg, min, max])).toEqual([[1, 1, 1], [3, 2, 4], [8, 8, 8]]);
  });

  it('a histogram: bucket, sum and count deltas, aiperf\'s percentile estimates, and each slice\'s deltas and estimates', () => {
    const [series] = json.metrics.demo_latency_seconds.series;
    expect(json.metrics.demo_latency_seconds.type).toBe('histogram');
    expect(series.labels).toBeUndefined();
    expect(series.buckets).toEqual({ '0.1': 5, '1.0': 11, '+Inf': 13 });
    expect(series.stats).toMatchObject({ count: 13, sum: expect.closeTo(9.25, 12), avg: expect.closeTo(9.25 / 13, 12), count_rate: 13 / 2.5 });
    const estimates = [1, 5, 10, 25, 50, 75, 90, 95, 99].map((p) => series.stats[`p${p}_estimate`]);
    expect(estimates).toEqual([...estimates].sort((a, b) => a - b));
    expect(estimates[0]).toBeGreaterThanOrEqual(0);
    expect(estimates[8]).toBeGreaterThan(1); // two observations past the last finite bound
    expect(series.timeslices.map(({ count, buckets }: { count: number; buckets: object }) => [count, buckets])).toEqual([
      [6, { '0.1': 2, '1.0': 5, '+Inf': 6 }], [7, { '0.1': 3, '1.0': 6, '+Inf': 7 }], [0, { '0.1': 0, '1.0': 0, '+Inf': 0 }],
    ]);
    expect(series.timeslices[1].sum).toBeCloseTo(4.65, 12);
    expect(series.timeslices[0].p50_estimate).toBeGreaterThan(0);
    expect(series.timeslices[2]).not.toHaveProperty('p50_estimate');
  });

  it('without --slice-duration: no timeslices and no rate_* figures', () => {
    const plain = JSON.parse(serverMetricsJson(exported(null), { ...HEAD, benchmarkId: null }));
    expect(plain).not.toHaveProperty('benchmark_id');
    expect(plain.metrics.demo_requests.series[0]).toEqual({ endpoint_url: URL, labels: { code: '200', pool: 'a' }, stats: { total: 45, rate: 18 } });
    expect(plain.metrics.demo_queue.series[0]).not.toHaveProperty('timeslices');
  });
});

describe('server_metrics_export.csv', () => {
  it('writes the comments, the gauge, counter and histogram sections with label columns, then the _info labels as rows', () => {
    const lines = serverMetricsCsv(exported(null), HEAD).split(/\r?\n/);
    expect(lines.slice(0, 6)).toEqual(['# AIPerf Server Metrics Export (CSV)', '# aiperf_version: 0.8.0', '# schema_version: 1.0', '# benchmark_id: b-1',
      '# Note: Same benchmark_id and version appear in JSON and Parquet exports', '#']);
    expect(lines.slice(6)).toEqual([
      'Endpoint,Type,Metric,Unit,avg,min,max,std,p1,p5,p10,p25,p50,p75,p90,p95,p99,pool,Description',
      '127.0.0.1:8000,gauge,demo_queue,,4.6000,1.0000,8.0000,3.2863,1.0400,1.2000,1.4000,2.0000,4.0000,8.0000,8.0000,8.0000,8.0000,a,"Requests waiting, in the queue."',
      '',
      'Endpoint,Type,Metric,Unit,total,rate,rate_avg,rate_min,rate_max,rate_std,code,pool,Description',
      '127.0.0.1:8000,counter,demo_requests,requests,45.0000,18.0000,,,,,200,a,Requests served.',
      '',
      expect.stringMatching(/^Endpoint,Type,Metric,Unit,count,count_rate,sum,sum_rate,avg,p1_estimate,.*,p99_estimate,Description,buckets$/),
      // The estimates are aiperf's own for this scrape series (its compute_estimated_percentiles gives the same digits).
      '127.0.0.1:8000,histogram,demo_latency_seconds,seconds,13,5.2000,9.2500,3.7000,0.7115,0.0124,0.0220,0.0340,0.0700,0.3250,0.7750,0.9850,2.4800,4.2560,Latency of a request.,0.1=5;1.0=11;+Inf=13',
      '',
      'Endpoint,Metric,Key,Value,Description',
      '127.0.0.1:8000,demo_build_info,commit,abc,"Build, with a comma."',
      '127.0.0.1:8000,demo_build_info,version,1.2.3,"Build, with a comma."',
      '',
    ]);
  });
});

describe('server_metrics_export.jsonl', () => {
  it('is one slim line per scrape: epoch ns times, every kept family but _info ones, labels sorted, histograms whole', () => {
    const line = jsonlLine(URL, scrape(1));
    expect(line.endsWith('\n')).toBe(true);
    expect(line).toContain('"timestamp_ns":1700000000750000000');
    const parsed = JSON.parse(line);
    expect(Object.keys(parsed)).toEqual(['endpoint_url', 'timestamp_ns', 'endpoint_latency_ns', 'metrics', 'request_sent_ns', 'first_byte_ns']);
    expect(parsed).toMatchObject({ endpoint_url: URL, endpoint_latency_ns: 3_000_000 });
    expect(parsed.metrics).toEqual({
      demo_queue: [{ labels: { pool: 'a' }, value: 1 }],
      demo_requests: [{ labels: { code: '200', pool: 'a' }, value: 110 }],
      demo_latency_seconds: [{ buckets: { '0.1': 12, '1.0': 25, '+Inf': 26 }, sum: 9.6, count: 26 }],
    });
  });
});

describe('histogram percentile estimates', () => {
  it('equal aiperf\'s (its compute_estimated_percentiles on the same scrape series, recorded in the fixture)', () => {
    const recorded = JSON.parse(readFileSync(join(import.meta.dirname, 'fixtures', 'server-metrics', 'aiperf-histogram-percentiles.json'), 'utf8'));
    for (const c of recorded.cases as { les: string[]; sums: number[]; counts: number[]; buckets: number[][]; expected: number[] }[]) {
      const model = { les: c.les, learned: c.les.map((): BucketLearning | null => null) };
      for (let i = 1; i < c.sums.length; i++) {
        learnInterval(model, c.buckets[i]!.map((v, j) => v - c.buckets[i - 1]![j]!), c.counts[i]! - c.counts[i - 1]!, c.sums[i]! - c.sums[i - 1]!);
      }
      const last = c.sums.length - 1;
      const got = estimatePercentiles(model, c.buckets[last]!.map((v, j) => v - c.buckets[0]![j]!), c.sums[last]! - c.sums[0]!, c.counts[last]! - c.counts[0]!)!;
      [1, 5, 10, 25, 50, 75, 90, 95, 99].forEach((p, k) => expect(got[`p${p}_estimate` as keyof typeof got]).toBeCloseTo(c.expected[k]!, 10));
    }
  });
});
