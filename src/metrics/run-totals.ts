// Running totals over a run's profiling records: distributions, counters, errors and token sources.
import type { RequestRecord } from '../client/request-record.js';
import { DISTRIBUTION_METRICS, VALUE_METRICS } from './catalog.js';
import type { DistributionTag, ValueTag } from './catalog.js';
import { meetsSlos } from './goodput.js';
import type { Slos } from './goodput.js';
import { Distribution } from './histogram.js';
import { REQUEST_VALUE_TAGS, REQUEST_VALUES, deriveRequestMetrics, responseEndMs } from './request-metrics.js';
import type { DistributionResult, ErrorCount, ValueResult } from './summary.js';
import type { TokenCounts, TokenSource } from './token-counts.js';

/** Running totals over the profiling records. */
export class RunTotals {
  issued = 0;
  completed = 0;
  failed = 0;
  lastStart = -Infinity;
  good = 0;
  start = Infinity;
  end = -Infinity;
  totalOsl: number | null = null;
  totalIsl: number | null = null;
  totalErrorIsl: number | null = null;
  readonly errors = new Map<string, ErrorCount>();
  readonly oslSources: (TokenSource | null)[] = [];
  readonly islSources: (TokenSource | null)[] = [];
  private readonly distributions = new Map<DistributionTag, Distribution>();

  add(record: RequestRecord, tokens: TokenCounts, slos: Slos | undefined): void {
    this.issued += 1;
    this.start = Math.min(this.start, record.startMs);
    this.lastStart = Math.max(this.lastStart, record.startMs);
    // Every issued request, failed or not, went out when it went: how late against its schedule.
    if (record.intendedMs !== null) this.distribution('schedule_lag').record(Math.max(0, record.startMs - record.intendedMs));
    this.end = Math.max(this.end, responseEndMs(record));
    if (record.error) {
      this.failed += 1;
      const { code, type, message } = record.error;
      const key = JSON.stringify([code, type, message]);
      this.errors.set(key, { code, type, message, count: (this.errors.get(key)?.count ?? 0) + 1 });
      if (tokens.isl !== null) {
        this.distribution('error_isl').record(tokens.isl);
        this.totalErrorIsl = (this.totalErrorIsl ?? 0) + tokens.isl;
      }
      return;
    }
    this.completed += 1;
    const metrics = deriveRequestMetrics(record, tokens);
    for (const tag of REQUEST_VALUE_TAGS) {
      const value = REQUEST_VALUES[tag](metrics);
      if (value !== null) this.distribution(tag).record(value);
    }
    const chunkGaps = this.distribution('inter_chunk_latency');
    for (const gap of metrics.interChunkLatencyMs) chunkGaps.record(gap);
    if (tokens.osl !== null) this.totalOsl = (this.totalOsl ?? 0) + tokens.osl;
    if (tokens.isl !== null) this.totalIsl = (this.totalIsl ?? 0) + tokens.isl;
    this.oslSources.push(tokens.oslSource);
    this.islSources.push(tokens.islSource);
    if (slos && meetsSlos(metrics, slos)) this.good += 1;
  }

  distributionResults(): Partial<Record<DistributionTag, DistributionResult>> {
    const results: Partial<Record<DistributionTag, DistributionResult>> = {};
    for (const tag of Object.keys(DISTRIBUTION_METRICS) as DistributionTag[]) {
      const stats = this.distributions.get(tag)?.stats();
      if (stats) results[tag] = { unit: DISTRIBUTION_METRICS[tag].unit, stats };
    }
    return results;
  }

  valueResults(durationSec: number | null, withGoodput: boolean): Partial<Record<ValueTag, ValueResult>> {
    const perSec = (n: number | null): number | null => (n !== null && durationSec ? n / durationSec : null);
    const { totalOsl, totalIsl } = this;
    const values: Partial<Record<ValueTag, ValueResult>> = {};
    const put = (tag: ValueTag, value: number | null): void => {
      if (value !== null) values[tag] = { unit: VALUE_METRICS[tag].unit, value };
    };
    put('output_token_throughput', perSec(totalOsl));
    put('total_token_throughput', totalOsl !== null && totalIsl !== null ? perSec(totalOsl + totalIsl) : null);
    put('request_throughput', perSec(this.completed));
    // Sends per second between the first and the last send: what the load shape delivered.
    put('achieved_request_rate', this.issued > 1 ? ((this.issued - 1) * 1000) / (this.lastStart - this.start) : null);
    put('goodput', withGoodput ? perSec(this.good) : null);
    put('request_count', this.completed);
    put('good_request_count', withGoodput ? this.good : null);
    put('error_request_count', this.failed > 0 ? this.failed : null);
    put('benchmark_duration', durationSec);
    put('total_osl', totalOsl);
    put('total_isl', totalIsl);
    put('total_error_isl', this.totalErrorIsl);
    return values;
  }

  private distribution(tag: DistributionTag): Distribution {
    let d = this.distributions.get(tag);
    if (!d) this.distributions.set(tag, (d = new Distribution(DISTRIBUTION_METRICS[tag].unit)));
    return d;
  }
}
