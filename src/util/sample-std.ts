// The sample standard deviation (n − 1) aiperf reports, 0 for a single value.

/** Of `values` whose mean is `mean`. */
export function sampleStd(values: ArrayLike<number>, mean: number): number {
  if (values.length < 2) return 0;
  let squares = 0;
  for (let i = 0; i < values.length; i++) squares += (values[i]! - mean) ** 2;
  return Math.sqrt(squares / (values.length - 1));
}
