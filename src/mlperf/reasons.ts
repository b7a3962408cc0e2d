// The wording of each INVALID reason: one sentence naming the rule, the measured figure, and the flag that sets it.

const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;

/** "99th", "99.9th", "50th": a fraction as LoadGen names its percentiles. */
export function percentileName(p: number): string {
  return `${Number((p * 100).toFixed(4))}th`;
}

/** Offline measures first issue to last completion; Server measures to the last scheduled arrival, as LoadGen does. */
export function minDurationReason(scenario: 'Offline' | 'Server', durationMs: number, minDurationMs: number): string {
  const measured = scenario === 'Offline' ? 'the run took' : 'the last query was scheduled at';
  return `min duration not met: ${measured} ${seconds(durationMs)}, under the ${seconds(minDurationMs)} minimum (--min-duration)`;
}

export function minQueriesReason(scenario: 'Offline' | 'Server', count: number, minQueryCount: number): string {
  const unit = scenario === 'Offline' ? 'samples' : 'queries';
  return `min query count not met: ${count} ${unit} issued, fewer than the ${minQueryCount} required (--min-query-count)`;
}

export function allAnsweredReason(failedCount: number, count: number): string {
  return `${failedCount} of ${count} samples failed: every sample must be answered for the throughput to count`;
}

/** latencyMs null: the percentile falls on a failed query, which counts as over the target. */
export function percentileReason(p: number, latencyMs: number | null, targetLatencyMs: number, failedCount: number): string {
  const target = `the ${targetLatencyMs} ms target (reduce --server-target-qps)`;
  return latencyMs === null
    ? `${percentileName(p)} percentile latency over ${target}: it falls on a failed query (${failedCount} failed, each counted as over the target)`
    : `${percentileName(p)} percentile latency ${latencyMs.toFixed(1)} ms is over ${target}`;
}

export function earlyStoppingReason(p: number, count: number, overLatencyCount: number, queriesNeeded: number): string {
  return `early stopping not satisfied: ${overLatencyCount} of ${count} queries over the target or failed; proving the ` +
    `${percentileName(p)} percentile needs at least ${queriesNeeded} queries with that many over ` +
    `(${queriesNeeded - count} more, each under the target)`;
}
