// The inputs and verdicts of MLPerf's validity rules: plain data, JSON-safe, so summary.json can hold a verdict.

/** One per issued query (one sample each); times in ms on one clock (performance.now()). */
export interface MlperfSample {
  readonly scheduledMs: number;
  readonly endMs: number;
  readonly ok: boolean;
}

export interface OfflineInput {
  readonly samples: readonly MlperfSample[];
  readonly firstIssueMs: number;
  readonly minDurationMs: number;
  /** Samples the run must cover (MLPerf: the whole dataset). */
  readonly minQueryCount: number;
}

export interface ServerInput {
  readonly samples: readonly MlperfSample[];
  readonly targetQps: number;
  readonly targetLatencyMs: number;
  /** The latency percentile that must meet the target, in (0, 1), e.g. 0.99. */
  readonly percentile: number;
  readonly minDurationMs: number;
  readonly minQueryCount: number;
  /** Time zero of the run: the scheduled arrival of the first query. */
  readonly firstScheduledMs: number;
}

/** The latency percentiles LoadGen reports, with their fractions. */
export const LATENCY_PERCENTILES = [
  ['p50', 0.5], ['p90', 0.9], ['p95', 0.95], ['p97', 0.97], ['p99', 0.99], ['p99.9', 0.999],
] as const;
export type LatencyPercentileLabel = (typeof LATENCY_PERCENTILES)[number][0];

/** Latency of the answered queries, end to end from the scheduled arrival (all zero when none was answered). */
export interface LatencySummaryMs {
  readonly count: number;
  readonly minMs: number;
  readonly maxMs: number;
  readonly meanMs: number;
  /** Floor-index percentiles: sorted[floor(p * N)]. */
  readonly percentilesMs: Readonly<Record<LatencyPercentileLabel, number>>;
}

/** Each rule's outcome; null where the rule does not apply to the scenario. */
export interface MlperfChecks {
  readonly minDuration: boolean;
  readonly minQueries: boolean;
  /** Server: the target-percentile latency within the target. */
  readonly performance: boolean | null;
  readonly earlyStopping: boolean | null;
  /** Offline: every sample answered (a failed sample was not processed). */
  readonly allAnswered: boolean | null;
}

interface VerdictBase {
  readonly valid: boolean;
  /** Why the run is INVALID, one sentence per broken rule; empty when valid. */
  readonly reasons: readonly string[];
  /** Offline: samples/s. Server: completed samples/s, LoadGen's (N - 1) / completion of the last-issued query. */
  readonly result: number;
  readonly queryCount: number;
  readonly failedCount: number;
  /** The duration judged against the minimum (Offline: first issue to last completion; Server: to the last scheduled arrival). */
  readonly durationMs: number;
  readonly minDurationMs: number;
  readonly minQueryCount: number;
  readonly latency: LatencySummaryMs;
  readonly checks: MlperfChecks;
}

export interface OfflineVerdict extends VerdictBase {
  readonly scenario: 'Offline';
}

export interface EarlyStoppingFigures {
  /** Queries over the target latency, failed ones included. */
  readonly overLatencyCount: number;
  /** The fewest queries that would prove the percentile with that many over the target. */
  readonly queriesNeeded: number;
  readonly confidence: number;
  readonly passed: boolean;
}

export interface ServerVerdict extends VerdictBase {
  readonly scenario: 'Server';
  readonly targetQps: number;
  readonly targetLatencyMs: number;
  readonly percentile: number;
  /** The target-percentile latency over every query, failed ones ranked last; null when it falls on a failed one (or none ran). */
  readonly targetPercentileLatencyMs: number | null;
  /** (N - 1) / the last scheduled arrival: the rate the schedule actually offered. */
  readonly scheduledQps: number;
  /** Completion of the last-issued query, from the first scheduled arrival: the result's denominator. */
  readonly lastIssuedCompletionMs: number;
  readonly earlyStopping: EarlyStoppingFigures;
}

export type MlperfVerdict = OfflineVerdict | ServerVerdict;
