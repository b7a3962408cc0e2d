// Axis arithmetic for the report's charts: round tick steps, and the "nines" percentile axis of HdrHistogram's plots.

export interface Tick {
  readonly value: number;
  readonly label: string;
}

/** The 1-2-5 step at or above `raw`: 0.37 → 0.5, 1.2 → 2, 730 → 1000. */
export function niceStep(raw: number): number {
  if (!(raw > 0) || !Number.isFinite(raw)) return 1;
  const decade = 10 ** Math.floor(Math.log10(raw));
  const fraction = raw / decade;
  return (fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10) * decade;
}

/** Ticks from 0 covering [0, max] with about `target` steps; the last tick (never 0) is the axis end, at or above max. */
export function zeroBasedTicks(max: number, target: number, label: (value: number) => string): Tick[] {
  const step = niceStep((max > 0 ? max : 1) / target);
  const ticks: Tick[] = [];
  for (let i = 0; ; i++) {
    const value = Number((i * step).toPrecision(12));
    ticks.push({ value, label: label(value) });
    if (i > 0 && value >= max) return ticks;
  }
}

/** Position on the nines axis: log10(1 / (1 − p)), so 0% → 0, 90% → 1, 99% → 2, 99.9% → 3. */
export function ninesPosition(percentile: number): number {
  return -Math.log10(1 - percentile / 100);
}

/** The percentile at a nines-axis position (the inverse of ninesPosition). */
export function percentileAt(position: number): number {
  return 100 * (1 - 10 ** -position);
}

/** One tick per decade of nines up to `maxPosition` rounded up: 0%, 90%, 99%, 99.9%, … */
export function ninesTicks(maxPosition: number): Tick[] {
  const ticks: Tick[] = [];
  for (let n = 0; n <= Math.max(1, Math.ceil(maxPosition - 1e-9)); n++) {
    ticks.push({ value: n, label: `${Number(percentileAt(n).toFixed(n))}%` });
  }
  return ticks;
}
