// Running totals over a run's profiling records: distributions, counters, errors and token sources; serialisable and mergeable.
import type { RequestRecord } from '../client/request-record.js';
import { DISTRIBUTION_METRICS, VALUE_METRICS } from './catalog.js';
import type { DistributionTag, ValueTag } from './catalog.js';
import { meetsSlos } from './goodput.js';
import type { Slos } from './goodput.js';
import { Distribution, type EncodedDistribution } from './histogram.js';
import { REQUEST_VALUE_TAGS, REQUEST_VALUES, deriveRequestMetrics, responseEndMs, type RequestMetrics } from './request-metrics.js';
import type { DistributionResult, ErrorCount, ValueResult } from './metric-results.js';
import type { SourceCounts, TokenCounts, TokenSource } from './token-counts.js';

/** Sends closer together than this span have no rate worth reporting (a burst, not a schedule). */
const MIN_RATE_SPAN_MS = 1;
/** aiperf's thresholds: a usage figure more than 10% from the client's count is a discrepancy (strictly greater). */
const USAGE_DISCREPANCY_PCT = 10;
/** An OSL off the requested cap by more than min(5% of it, 50 tokens) is a mismatch (strictly greater). */
const OSL_MISMATCH_PCT = 5;
const OSL_MISMATCH_MAX_TOKENS = 50;

/**
 * RunTotals in a form that survives JSON (summary.json's mmload.totals), so shards run elsewhere merge exactly.
 * Times are epoch ms: shards on other machines share no monotonic clock, only (NTP-synchronised) wall time. A time
 * or total that has no value (no request had it) is absent, never null.
 */
export interface EncodedRunTotals {
  readonly issued: number;
  readonly completed: number;
  readonly failed: number;
  readonly good: number;
  readonly startEpochMs?: number;
  readonly lastStartEpochMs?: number;
  readonly endEpochMs?: number;
  /** The earliest start and latest response end of a successful request: aiperf's benchmark duration. */
  readonly okStartEpochMs?: number;
  readonly okEndEpochMs?: number;
  readonly totalOsl?: number;
  readonly totalIsl?: number;
  readonly totalOutputTokens?: number;
  readonly totalReasoningTokens?: number;
  readonly totalErrorIsl?: number;
  /** Successes whose usage was compared with the client's counts, and those more than the threshold apart. */
  readonly usageCompared: number;
  readonly usageDiscrepancies: number;
  /** Successes that asked for a token cap, and those whose OSL missed it. */
  readonly oslChecked: number;
  readonly oslMismatches: number;
  readonly errors: readonly ErrorCount[];
  readonly sources: { readonly osl: SourceCounts; readonly isl: SourceCounts };
  readonly distributions: Partial<Record<DistributionTag, EncodedDistribution>>;
}

/** Running totals over the profiling records. */
export class RunTotals {
  issued = 0;
  completed = 0;
  failed = 0;
  lastStart = -Infinity;
  good = 0;
  start = Infinity;
  end = -Infinity;
  okStart = Infinity;
  okEnd = -Infinity;
  totalOsl: number | null = null;
  totalIsl: number | null = null;
  totalOutputTokens: number | null = null;
  totalReasoningTokens: number | null = null;
  totalErrorIsl: number | null = null;
  usageCompared = 0;
  usageDiscrepancies = 0;
  oslChecked = 0;
  oslMismatches = 0;
  readonly errors = new Map<string, ErrorCount>();
  readonly oslSources: SourceCounts = { server: 0, tokenizer: 0, unknown: 0 };
  readonly islSources: SourceCounts = { server: 0, tokenizer: 0, unknown: 0 };
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
      this.addError({ ...record.error, count: 1 });
      if (tokens.isl !== null) {
        this.distribution('error_isl').record(tokens.isl);
        this.totalErrorIsl = (this.totalErrorIsl ?? 0) + tokens.isl;
      }
      return;
    }
    this.completed += 1;
    this.okStart = Math.min(this.okStart, record.startMs);
    this.okEnd = Math.max(this.okEnd, responseEndMs(record));
    const metrics = deriveRequestMetrics(record, tokens);
    for (const tag of REQUEST_VALUE_TAGS) {
      const value = REQUEST_VALUES[tag](metrics);
      if (value !== null) this.distribution(tag).record(value);
    }
    const chunkGaps = this.distribution('inter_chunk_latency');
    for (const gap of metrics.interChunkLatencyMs) chunkGaps.record(gap);
    if (tokens.osl !== null) this.totalOsl = (this.totalOsl ?? 0) + tokens.osl;
    if (tokens.isl !== null) this.totalIsl = (this.totalIsl ?? 0) + tokens.isl;
    if (metrics.outputTokenCount !== null) this.totalOutputTokens = (this.totalOutputTokens ?? 0) + metrics.outputTokenCount;
    if (metrics.reasoningTokenCount !== null) this.totalReasoningTokens = (this.totalReasoningTokens ?? 0) + metrics.reasoningTokenCount;
    this.countDiscrepancies(metrics, tokens);
    countSource(this.oslSources, tokens.oslSource);
    countSource(this.islSources, tokens.islSource);
    if (slos && meetsSlos(metrics, slos)) this.good += 1;
  }

  /** aiperf's usage_discrepancy_count and osl_mismatch_count, over the successes each applies to. */
  private countDiscrepancies(metrics: RequestMetrics, tokens: TokenCounts): void {
    const prompt = metrics.usagePromptTokensDiffPct;
    const completion = metrics.usageCompletionTokensDiffPct;
    if (prompt !== null && completion !== null) {
      this.usageCompared += 1;
      const reasoning = metrics.usageReasoningTokensDiffPct;
      if (prompt > USAGE_DISCREPANCY_PCT || completion > USAGE_DISCREPANCY_PCT || (reasoning !== null && reasoning > USAGE_DISCREPANCY_PCT)) {
        this.usageDiscrepancies += 1;
      }
    }
    const requested = tokens.requestedOsl ?? null;
    if (requested !== null && requested > 0 && tokens.osl !== null) {
      this.oslChecked += 1;
      const allowed = Math.min((requested * OSL_MISMATCH_PCT) / 100, OSL_MISMATCH_MAX_TOKENS);
      if (Math.abs(tokens.osl - requested) > allowed) this.oslMismatches += 1;
    }
  }

  distributionResults(): Partial<Record<DistributionTag, DistributionResult>> {
    const results: Partial<Record<DistributionTag, DistributionResult>> = {};
    for (const tag of Object.keys(DISTRIBUTION_METRICS) as DistributionTag[]) {
      const stats = this.distributions.get(tag)?.stats();
      if (stats) results[tag] = { unit: DISTRIBUTION_METRICS[tag].unit, stats };
    }
    return results;
  }

  /** aiperf's benchmark duration: the earliest start to the latest response end of the successful requests. */
  okDurationSec(): number | null {
    return this.completed > 0 && this.okEnd > this.okStart ? (this.okEnd - this.okStart) / 1000 : null;
  }

  /**
   * `timeOrigin` turns the monotonic times into epoch ms. `openLoop`: the load shape sent on a schedule of its own, so
   * the rate it achieved means something (in a closed loop, sends follow the server and the rate is request throughput).
   */
  valueResults(withGoodput: boolean, timeOrigin: number, openLoop: boolean): Partial<Record<ValueTag, ValueResult>> {
    const durationSec = this.okDurationSec();
    const perSec = (n: number | null): number | null => (n !== null && durationSec ? n / durationSec : null);
    const { totalOsl, totalIsl } = this;
    const values: Partial<Record<ValueTag, ValueResult>> = {};
    const put = (tag: ValueTag, value: number | null): void => {
      if (value !== null) values[tag] = { unit: VALUE_METRICS[tag].unit, value };
    };
    put('output_token_throughput', perSec(totalOsl));
    put('total_token_throughput', totalOsl !== null && totalIsl !== null ? perSec(totalOsl + totalIsl) : null);
    put('request_throughput', perSec(this.completed));
    // Sends per second between the first and the last send: what an open-loop shape delivered.
    const sendSpanMs = this.lastStart - this.start;
    put('achieved_request_rate', openLoop && this.issued > 1 && sendSpanMs >= MIN_RATE_SPAN_MS ? ((this.issued - 1) * 1000) / sendSpanMs : null);
    put('goodput', withGoodput ? perSec(this.good) : null);
    put('request_count', this.completed > 0 ? this.completed : null);
    put('good_request_count', withGoodput ? this.good : null);
    put('error_request_count', this.failed > 0 ? this.failed : null);
    put('usage_discrepancy_count', this.usageCompared > 0 ? this.usageDiscrepancies : null);
    put('osl_mismatch_count', this.oslChecked > 0 ? this.oslMismatches : null);
    put('benchmark_duration', durationSec);
    put('min_request_timestamp', this.completed > 0 ? (timeOrigin + this.okStart) * 1e6 : null);
    put('max_response_timestamp', this.completed > 0 ? (timeOrigin + this.okEnd) * 1e6 : null);
    put('total_osl', totalOsl);
    put('total_isl', totalIsl);
    put('total_output_tokens', this.totalOutputTokens);
    put('total_reasoning_tokens', this.totalReasoningTokens);
    put('total_error_isl', this.totalErrorIsl);
    return values;
  }

  /** Adds another run's totals into these (a shard's, say): counts add, histograms merge exactly, times span both. */
  merge(other: RunTotals): void {
    this.issued += other.issued;
    this.completed += other.completed;
    this.failed += other.failed;
    this.good += other.good;
    this.start = Math.min(this.start, other.start);
    this.lastStart = Math.max(this.lastStart, other.lastStart);
    this.end = Math.max(this.end, other.end);
    this.okStart = Math.min(this.okStart, other.okStart);
    this.okEnd = Math.max(this.okEnd, other.okEnd);
    this.usageCompared += other.usageCompared;
    this.usageDiscrepancies += other.usageDiscrepancies;
    this.oslChecked += other.oslChecked;
    this.oslMismatches += other.oslMismatches;
    const plus = (a: number | null, b: number | null): number | null => (a === null ? b : b === null ? a : a + b);
    this.totalOsl = plus(this.totalOsl, other.totalOsl);
    this.totalIsl = plus(this.totalIsl, other.totalIsl);
    this.totalOutputTokens = plus(this.totalOutputTokens, other.totalOutputTokens);
    this.totalReasoningTokens = plus(this.totalReasoningTokens, other.totalReasoningTokens);
    this.totalErrorIsl = plus(this.totalErrorIsl, other.totalErrorIsl);
    for (const error of other.errors.values()) this.addError(error);
    for (const key of ['server', 'tokenizer', 'unknown'] as const) {
      this.oslSources[key] += other.oslSources[key];
      this.islSources[key] += other.islSources[key];
    }
    for (const [tag, distribution] of other.distributions) this.distribution(tag).add(distribution);
  }

  /** `timeOrigin` turns the monotonic times into epoch ms. */
  encode(timeOrigin: number): EncodedRunTotals {
    const epoch = (ms: number): number | null => (Number.isFinite(ms) ? timeOrigin + ms : null);
    const known = (entries: Record<string, number | null>) => Object.fromEntries(Object.entries(entries).filter(([, v]) => v !== null)) as Record<string, number>;
    return {
      issued: this.issued,
      completed: this.completed,
      failed: this.failed,
      good: this.good,
      ...known({
        startEpochMs: epoch(this.start),
        lastStartEpochMs: epoch(this.lastStart),
        endEpochMs: epoch(this.end),
        okStartEpochMs: epoch(this.okStart),
        okEndEpochMs: epoch(this.okEnd),
        totalOsl: this.totalOsl,
        totalIsl: this.totalIsl,
        totalOutputTokens: this.totalOutputTokens,
        totalReasoningTokens: this.totalReasoningTokens,
        totalErrorIsl: this.totalErrorIsl,
      }),
      usageCompared: this.usageCompared,
      usageDiscrepancies: this.usageDiscrepancies,
      oslChecked: this.oslChecked,
      oslMismatches: this.oslMismatches,
      errors: [...this.errors.values()],
      sources: { osl: { ...this.oslSources }, isl: { ...this.islSources } },
      distributions: Object.fromEntries([...this.distributions].map(([tag, d]) => [tag, d.encode()])),
    };
  }

  /** The inverse of encode(); its times are epoch ms, so summarise it with a time origin of 0. */
  static decode(encoded: EncodedRunTotals): RunTotals {
    const run = new RunTotals();
    run.issued = encoded.issued;
    run.completed = encoded.completed;
    run.failed = encoded.failed;
    run.good = encoded.good;
    run.start = encoded.startEpochMs ?? Infinity;
    run.lastStart = encoded.lastStartEpochMs ?? -Infinity;
    run.end = encoded.endEpochMs ?? -Infinity;
    run.okStart = encoded.okStartEpochMs ?? Infinity;
    run.okEnd = encoded.okEndEpochMs ?? -Infinity;
    run.totalOsl = encoded.totalOsl ?? null;
    run.totalIsl = encoded.totalIsl ?? null;
    run.totalOutputTokens = encoded.totalOutputTokens ?? null;
    run.totalReasoningTokens = encoded.totalReasoningTokens ?? null;
    run.totalErrorIsl = encoded.totalErrorIsl ?? null;
    run.usageCompared = encoded.usageCompared;
    run.usageDiscrepancies = encoded.usageDiscrepancies;
    run.oslChecked = encoded.oslChecked;
    run.oslMismatches = encoded.oslMismatches;
    for (const error of encoded.errors) run.addError(error);
    Object.assign(run.oslSources, encoded.sources.osl);
    Object.assign(run.islSources, encoded.sources.isl);
    for (const [tag, d] of Object.entries(encoded.distributions)) run.distributions.set(tag as DistributionTag, Distribution.decode(d));
    return run;
  }

  private addError({ code, type, message, count }: ErrorCount): void {
    const key = JSON.stringify([code, type, message]);
    this.errors.set(key, { code, type, message, count: (this.errors.get(key)?.count ?? 0) + count });
  }

  private distribution(tag: DistributionTag): Distribution {
    let d = this.distributions.get(tag);
    if (!d) this.distributions.set(tag, (d = new Distribution(DISTRIBUTION_METRICS[tag].unit)));
    return d;
  }
}

function countSource(counts: SourceCounts, source: TokenSource | null): void {
  if (source === null) counts.unknown += 1;
  else counts[source] += 1;
}
