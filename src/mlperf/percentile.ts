// MLPerf LoadGen's percentile: no interpolation, the value at index floor(p * N) of the sorted latencies.

/**
 * The floor-index percentile of values already sorted ascending: sorted[floor(p * N)], the index clamped to
 * N - 1 (so p = 1 is the maximum). p * N is computed in doubles as LoadGen does, so indices match its own.
 */
export function floorIndexOfSorted(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) throw new RangeError('a percentile of no values is undefined');
  if (!(p >= 0 && p <= 1)) throw new RangeError(`percentile ${p} is outside [0, 1]`);
  return sorted[Math.min(Math.floor(p * sorted.length), sorted.length - 1)] as number;
}

/** Values sorted ascending into a new typed array (numeric order; the input is left as it was). */
export function sortedCopy(values: readonly number[]): Float64Array {
  return Float64Array.from(values).sort();
}

/** MLPerf's floor-index percentile: sorted[floor(p * N)] (p in [0,1]); clamp the index to N-1. */
export function floorIndexPercentile(values: readonly number[], p: number): number {
  return floorIndexOfSorted(sortedCopy(values), p);
}
