// MLPerf LoadGen's validity rules for the Offline and Server scenarios, as pure functions of the issued queries.
import { EARLY_STOPPING_CONFIDENCE, earlyStoppingPasses, minQueriesForEarlyStopping } from './early-stopping.js';
import { summariseLatencies } from './latency-summary.js';
import { floorIndexOfSorted } from './percentile.js';
import { allAnsweredReason, earlyStoppingReason, minDurationReason, minQueriesReason, percentileReason } from './reasons.js';
import type { MlperfSample, OfflineInput, OfflineVerdict, ServerInput, ServerVerdict } from './verdict-types.js';

/** Latencies of the answered queries, end to end from the scheduled arrival. */
function answeredLatencies(samples: readonly MlperfSample[]): number[] {
  const latencies: number[] = [];
  for (const sample of samples) if (sample.ok) latencies.push(sample.endMs - sample.scheduledMs);
  return latencies;
}

/** Per second, or 0 when the time span is empty (a run of one query has no rate). */
const perSecond = (count: number, spanMs: number): number => (count > 0 && spanMs > 0 ? count / (spanMs / 1000) : 0);

/**
 * Offline: every sample issued at once; result = samples / (last completion − first issue). Valid when the run
 * lasts the minimum duration and covers the minimum sample count (LoadGen's rules), and, our addition, when
 * no sample failed: LoadGen's SUT answers every sample, and a fast error would otherwise inflate samples/s.
 */
export function judgeOffline(input: OfflineInput): OfflineVerdict {
  const { samples, firstIssueMs, minDurationMs, minQueryCount } = input;
  let lastEndMs = firstIssueMs;
  let failedCount = 0;
  for (const sample of samples) {
    lastEndMs = Math.max(lastEndMs, sample.endMs);
    if (!sample.ok) failedCount++;
  }
  const durationMs = lastEndMs - firstIssueMs;
  const checks = {
    minDuration: durationMs >= minDurationMs,
    minQueries: samples.length >= minQueryCount,
    performance: null,
    earlyStopping: null,
    allAnswered: failedCount === 0,
  };
  const reasons: string[] = [];
  if (!checks.minDuration) reasons.push(minDurationReason('Offline', durationMs, minDurationMs));
  if (!checks.minQueries) reasons.push(minQueriesReason('Offline', samples.length, minQueryCount));
  if (!checks.allAnswered) reasons.push(allAnsweredReason(failedCount, samples.length));
  return {
    scenario: 'Offline', valid: reasons.length === 0, reasons, result: perSecond(samples.length, durationMs),
    queryCount: samples.length, failedCount, durationMs, minDurationMs, minQueryCount,
    latency: summariseLatencies(answeredLatencies(samples)), checks,
  };
}

/**
 * Server: Poisson arrivals, latency from the scheduled arrival. Valid when the target-percentile latency is
 * within the target, early stopping proves that percentile, the last arrival was scheduled at or after the
 * minimum duration and enough queries were issued (LoadGen's four rules). A failed query counts as over the
 * target: in the percentile it ranks after every answered one, and it adds to early stopping's over-latency
 * count. A latency equal to the target meets it, as in LoadGen.
 */
export function judgeServer(input: ServerInput): ServerVerdict {
  const { samples, targetLatencyMs, percentile, minDurationMs, minQueryCount, firstScheduledMs } = input;
  const count = samples.length;
  const ranked = new Float64Array(count); // failed queries as +Infinity
  let failedCount = 0;
  let overLatencyCount = 0;
  let lastIssued: MlperfSample | undefined;
  for (let i = 0; i < count; i++) {
    const sample = samples[i] as MlperfSample;
    const latency = sample.ok ? sample.endMs - sample.scheduledMs : Number.POSITIVE_INFINITY;
    ranked[i] = latency;
    if (!sample.ok) failedCount++;
    if (latency > targetLatencyMs) overLatencyCount++;
    if (lastIssued === undefined || sample.scheduledMs >= lastIssued.scheduledMs) lastIssued = sample;
  }
  ranked.sort();
  const atPercentile = count === 0 ? null : floorIndexOfSorted(ranked, percentile);
  const targetPercentileLatencyMs = atPercentile === null || atPercentile === Number.POSITIVE_INFINITY ? null : atPercentile;
  const durationMs = lastIssued === undefined ? 0 : lastIssued.scheduledMs - firstScheduledMs;
  const lastIssuedCompletionMs = lastIssued === undefined ? 0 : lastIssued.endMs - firstScheduledMs;
  const earlyStopping = {
    overLatencyCount,
    queriesNeeded: minQueriesForEarlyStopping(overLatencyCount, percentile),
    confidence: EARLY_STOPPING_CONFIDENCE,
    passed: earlyStoppingPasses(count, overLatencyCount, percentile),
  };
  const checks = {
    minDuration: durationMs >= minDurationMs,
    minQueries: count >= minQueryCount,
    // With no query there is no percentile to exceed (LoadGen's figure stays 0); the other rules fail such a run.
    performance: atPercentile === null || atPercentile <= targetLatencyMs,
    earlyStopping: earlyStopping.passed,
    allAnswered: null,
  };
  const reasons: string[] = [];
  if (!checks.minDuration) reasons.push(minDurationReason('Server', durationMs, minDurationMs));
  if (!checks.minQueries) reasons.push(minQueriesReason('Server', count, minQueryCount));
  if (!checks.performance) reasons.push(percentileReason(percentile, targetPercentileLatencyMs, targetLatencyMs, failedCount));
  if (!checks.earlyStopping) reasons.push(earlyStoppingReason(percentile, count, overLatencyCount, earlyStopping.queriesNeeded));
  return {
    scenario: 'Server', valid: reasons.length === 0, reasons, result: perSecond(count - 1, lastIssuedCompletionMs),
    queryCount: count, failedCount, durationMs, minDurationMs, minQueryCount,
    latency: summariseLatencies(answeredLatencies(samples)), checks,
    targetQps: input.targetQps, targetLatencyMs, percentile, targetPercentileLatencyMs,
    scheduledQps: perSecond(count - 1, durationMs), lastIssuedCompletionMs, earlyStopping,
  };
}
