// NumPy's default percentile (aiperf's): linear interpolation between the sorted values at rank p/100·(n − 1).

/** The value at `percentile` (0 to 100) of values sorted ascending; NaN when there are none. */
export function linearPercentile(sorted: ArrayLike<number>, percentile: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = (percentile / 100) * (sorted.length - 1);
  const below = Math.floor(rank);
  const above = Math.min(below + 1, sorted.length - 1);
  return sorted[below]! + (sorted[above]! - sorted[below]!) * (rank - below);
}
