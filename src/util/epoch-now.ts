// The wall-clock time in epoch milliseconds, at the monotonic clock's sub-millisecond precision.

export function epochNow(): number {
  return performance.timeOrigin + performance.now();
}
