// Which time slice an instant falls in, as aiperf assigns them: whole multiples of the slice duration since the Unix epoch.

/** The slice key of an instant given in epoch milliseconds (performance.timeOrigin + performance.now()). */
export function sliceKeyOf(epochMs: number, sliceSeconds: number): number {
  return Math.floor(epochMs / (sliceSeconds * 1000));
}

/** The epoch-millisecond interval [startMs, endMs) a slice key covers. */
export function sliceBounds(key: number, sliceSeconds: number): { readonly startMs: number; readonly endMs: number } {
  const ms = sliceSeconds * 1000;
  return { startMs: key * ms, endMs: (key + 1) * ms };
}
