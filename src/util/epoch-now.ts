// The wall-clock time in epoch milliseconds, at the monotonic clock's sub-millisecond precision, and as epoch nanoseconds.

export function epochNow(): number {
  return performance.timeOrigin + performance.now();
}

/** Monotonic ms to integer epoch nanoseconds (microsecond precision: the clock's useful resolution). */
export function epochNs(ms: number, timeOrigin: number): bigint {
  return BigInt(Math.round((timeOrigin + ms) * 1000)) * 1000n;
}
