// LoadGen's early-stopping rule for the Server scenario: a binomial bound proving the target latency percentile.

/** The confidence LoadGen proves the percentile at (it is fixed there, not a setting). */
export const EARLY_STOPPING_CONFIDENCE = 0.99;

function checkArguments(percentile: number, confidence: number): void {
  if (!(percentile > 0 && percentile < 1)) throw new RangeError(`percentile ${percentile} is outside (0, 1)`);
  if (!(confidence > 0 && confidence < 1)) throw new RangeError(`confidence ${confidence} is outside (0, 1)`);
}

function checkCount(name: string, value: number): void {
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`${name} must be a whole number >= 0, got ${value}`);
}

/**
 * ln P(X <= t) for X ~ Binomial(n, 1 - p): the chance of at most t over-latency queries among n if each query
 * were over with probability exactly 1 - p. Summed term by term in log space (ln C(n, k) grows by one ratio per
 * step), so n in the millions neither overflows nor underflows; the cost is O(t).
 */
function logProbAtMostOver(n: number, t: number, p: number): number {
  if (t >= n) return 0;
  const logRatioStep = Math.log1p(-p) - Math.log(p);
  let logTerm = n * Math.log(p); // k = 0: every query under the target
  let logMax = logTerm;
  let scaledSum = 1; // sum of exp(logTerm_k - logMax) so far
  for (let k = 0; k < t; k++) {
    logTerm += Math.log((n - k) / (k + 1)) + logRatioStep;
    if (logTerm > logMax) {
      scaledSum = scaledSum * Math.exp(logMax - logTerm) + 1;
      logMax = logTerm;
    } else {
      scaledSum += Math.exp(logTerm - logMax);
    }
  }
  return logMax + Math.log(scaledSum);
}

/**
 * Binomial early stopping (LoadGen's rule): with N queries of which t exceed the target latency, is the
 * target percentile p proven at confidence c (default 0.99)? i.e. P(X <= t) < 1 - c for X ~ Binomial(N, 1 - p).
 * The comparison is strict, as in LoadGen's search (equality never happens in practice); t > N is an error.
 */
export function earlyStoppingPasses(n: number, overLatency: number, percentile: number, confidence = EARLY_STOPPING_CONFIDENCE): boolean {
  checkArguments(percentile, confidence);
  checkCount('query count', n);
  checkCount('over-latency count', overLatency);
  if (overLatency > n) throw new RangeError(`${overLatency} over-latency queries out of only ${n}`);
  return logProbAtMostOver(n, overLatency, percentile) < Math.log1p(-confidence);
}

/**
 * The smallest N that would pass with t over-latency queries (t = 0 at p99/c99 → 459, the reference's number).
 * LoadGen asks for h queries under the target besides the t over it and reports h + t; this is that h + t.
 * Passing is monotone in N, so a doubling search brackets the answer and a binary search finds it.
 */
export function minQueriesForEarlyStopping(overLatency: number, percentile: number, confidence = EARLY_STOPPING_CONFIDENCE): number {
  checkArguments(percentile, confidence);
  checkCount('over-latency count', overLatency);
  const threshold = Math.log1p(-confidence);
  const passes = (n: number): boolean => logProbAtMostOver(n, overLatency, percentile) < threshold;
  let failing = overLatency; // with every query over the target nothing is proven
  let step = Math.max(1, Math.ceil(threshold / Math.log(percentile)));
  while (!passes(failing + step)) {
    failing += step;
    step *= 2;
  }
  let passing = failing + step;
  while (passing - failing > 1) {
    const middle = failing + Math.floor((passing - failing) / 2);
    if (passes(middle)) passing = middle;
    else failing = middle;
  }
  return passing;
}
