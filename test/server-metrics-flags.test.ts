// --server-metrics [URL…], --no-server-metrics, --server-metrics-formats and the collection interval, as aiperf means them.
import { describe, expect, it } from 'vitest';
import { aiperfFlagPass } from '../src/cli/aiperf-flag-pass.js';
import { resolveServerMetrics } from '../src/commands/profile/server-metrics-flags.js';
import { serverMetricsUrls } from '../src/run/run-config.js';
import { serverMetricsFileNames } from '../src/report/aiperf-file-names.js';

const resolve = (flags: Parameters<typeof resolveServerMetrics>[0], env: NodeJS.ProcessEnv = {}) => {
  const problems: string[] = [];
  return { config: resolveServerMetrics(flags, env, problems), problems };
};
const targets = [{ origin: 'http://a:8000', path: '/v1/chat/completions', modelsPath: '/v1/models' }, { origin: 'http://b:8000', path: '/v1/chat/completions', modelsPath: '/v1/models' }];

describe('--server-metrics', () => {
  it('is on by default: each --url\'s /metrics every 0.333 s, json and csv written', () => {
    const { config, problems } = resolve({});
    expect(problems).toEqual([]);
    expect(config).toEqual({ extraUrls: [], formats: ['json', 'csv'], intervalMs: 333 });
    expect(serverMetricsUrls({ targets }, config!)).toEqual(['http://a:8000/metrics', 'http://b:8000/metrics']);
  });

  it('adds the endpoints it is given (host:port or URL, /metrics appended unless there, queries kept), each once', () => {
    const { config, problems } = resolve({ 'server-metrics': ['node1:8081', 'https://node2:9090/metrics/', 'http://a:8000', 'host:9000/v1?token=t'] });
    expect(problems).toEqual([]);
    expect(serverMetricsUrls({ targets }, config!)).toEqual([
      'http://a:8000/metrics', 'http://b:8000/metrics', 'http://node1:8081/metrics', 'https://node2:9090/metrics', 'http://host:9000/v1/metrics?token=t',
    ]);
  });

  it('--no-server-metrics turns it off; both at once, a non-URL, an unknown format or parquet are refused', () => {
    expect(resolve({ 'server-metrics': [false] })).toEqual({ config: null, problems: [] });
    expect(resolve({ 'server-metrics': false }).config).toBeNull();
    expect(resolve({ 'server-metrics': ['node1:8081', false] }).problems).toEqual(['give --server-metrics URLs or --no-server-metrics, not both']);
    expect(resolve({ 'server-metrics': ['node1'] }).problems).toEqual(['--server-metrics takes Prometheus endpoints (host:port or an http(s) URL), not "node1"']);
    expect(resolve({ 'server-metrics-formats': ['json', 'parquet'] }).problems).toEqual([
      '--server-metrics-formats parquet is not supported: mmload writes json, csv and jsonl (the jsonl holds every scrape)']);
    expect(resolve({ 'server-metrics-formats': ['xml'] }).problems).toEqual(['--server-metrics-formats takes json, csv, jsonl (got "xml")']);
    expect(resolve({ 'server-metrics-formats': ['JSONL', 'json,jsonl'] }).config!.formats).toEqual(['jsonl', 'json']);
  });

  it('takes aiperf\'s AIPERF_SERVER_METRICS_COLLECTION_INTERVAL (seconds), within its bounds', () => {
    expect(resolve({}, { AIPERF_SERVER_METRICS_COLLECTION_INTERVAL: '1' }).config!.intervalMs).toBe(1000);
    expect(resolve({}, { AIPERF_SERVER_METRICS_COLLECTION_INTERVAL: '0' }).problems).toEqual([
      'AIPERF_SERVER_METRICS_COLLECTION_INTERVAL must be seconds between 0.001 and 300 (got 0)']);
  });

  it('passes aiperf\'s command line through, and names the files as aiperf does under a prefix', () => {
    const argv = ['profile', '--server-metrics', 'node1:8081', 'node2:8081', '--server-metrics-formats', 'json', 'jsonl', '-m', 'x'];
    expect(aiperfFlagPass(argv)).toEqual({ argv, notices: [] });
    expect(aiperfFlagPass(['profile', '--no-server-metrics']).argv).toEqual(['profile', '--no-server-metrics']);
    expect(serverMetricsFileNames(undefined)).toEqual({ json: 'server_metrics_export.json', csv: 'server_metrics_export.csv', jsonl: 'server_metrics_export.jsonl' });
    expect(serverMetricsFileNames('/tmp/my_benchmark.json')).toEqual({ json: 'my_benchmark_server_metrics.json', csv: 'my_benchmark_server_metrics.csv', jsonl: 'my_benchmark_server_metrics.jsonl' });
  });
});
