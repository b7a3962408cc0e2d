// Decides a sweep's next point from the points run so far: scan upward, bisect an SLO bracket, stop when saturated.

export type SweepAxis = 'concurrency' | 'request-rate';

/** The values a sweep scans upward: a given list (ascending), or doubling from start while at most max. */
export type ScanPlan =
  | { readonly kind: 'list'; readonly values: readonly number[] }
  | { readonly kind: 'geometric'; readonly start: number; readonly max: number };

export type PointPhase = 'scan' | 'bisect';

/** What the planner needs of a finished point. */
export interface PointOutcome {
  readonly value: number;
  readonly phase: PointPhase;
  readonly requestThroughput: number | null;
  readonly requestLatencyP50: number | null;
  /** null when the sweep has no SLO (or the point was interrupted or stopped early). */
  readonly meetsSlo: boolean | null;
}

export type NextStep = { readonly value: number; readonly phase: PointPhase } | { readonly stop: string };

/** Saturated: throughput rose less than this share over the previous point ... */
export const SATURATION_THROUGHPUT_GAIN = 0.05;
/** ... while p50 request latency rose more than this share. */
export const SATURATION_LATENCY_GAIN = 0.2;
/** A request-rate bracket is narrow enough when its top is within this share of its bottom ... */
export const RATE_BRACKET = 0.05;
/** ... or after this many bisection points. */
export const MAX_RATE_BISECTIONS = 4;

export function axisName(axis: SweepAxis): string {
  return axis === 'concurrency' ? 'concurrency' : 'request rate';
}

/**
 * The next point to run, or why to stop. Points are scanned in ascending order; with an SLO, the first scanned
 * point that misses it after one that meets it opens a bracket, bisected (integers for concurrency) until narrow.
 */
export function nextStep(plan: ScanPlan, axis: SweepAxis, done: readonly PointOutcome[]): NextStep {
  const scanned = done.filter((p) => p.phase === 'scan');
  const name = axisName(axis);
  const missed = scanned.findIndex((p) => p.meetsSlo === false);
  if (missed === 0) return { stop: `the lowest ${name}, ${scanned[0]!.value}, already misses the SLO` };
  if (missed > 0) {
    const probes = done.filter((p) => p.phase === 'bisect');
    return bisect(axis, scanned[missed - 1]!.value, scanned[missed]!.value, probes);
  }
  const last = scanned.at(-1);
  const previous = scanned.at(-2);
  const saturation = last && previous ? saturated(previous, last) : null;
  if (saturation) return { stop: `saturated at ${name} ${last!.value}: ${saturation}` };
  const value = scanValue(plan, scanned.length);
  if (value !== undefined) return { value, phase: 'scan' };
  return { stop: plan.kind === 'list' ? 'every listed value was run' : `the next value would pass --search-max ${plan.max}` };
}

/** Narrows [meets, misses] with the bisection points run so far, in run order; each lies inside the bracket it split. */
function bisect(axis: SweepAxis, meets: number, misses: number, probes: readonly PointOutcome[]): NextStep {
  let low = meets;
  let high = misses;
  for (const probe of probes) {
    if (probe.meetsSlo === true) low = probe.value;
    else high = probe.value;
  }
  const narrow = axis === 'concurrency' ? high - low <= 1 : high <= low * (1 + RATE_BRACKET) || probes.length >= MAX_RATE_BISECTIONS;
  if (narrow) return { stop: `SLO limit bracketed: ${axisName(axis)} ${low} meets it, ${high} misses it` };
  const middle = axis === 'concurrency' ? Math.floor((low + high) / 2) : Number(((low + high) / 2).toPrecision(4));
  return { value: middle, phase: 'bisect' };
}

/** Why `last` shows saturation against `previous`, or null when it does not (or the figures are missing). */
function saturated(previous: PointOutcome, last: PointOutcome): string | null {
  const before = previous.requestThroughput ?? 0;
  const throughputGain = before > 0 ? (last.requestThroughput ?? 0) / before - 1 : Number.POSITIVE_INFINITY;
  if (previous.requestLatencyP50 === null || last.requestLatencyP50 === null || previous.requestLatencyP50 <= 0) return null;
  const latencyGain = last.requestLatencyP50 / previous.requestLatencyP50 - 1;
  if (throughputGain >= SATURATION_THROUGHPUT_GAIN || latencyGain <= SATURATION_LATENCY_GAIN) return null;
  const percent = (gain: number) => `${gain >= 0 ? '+' : ''}${(gain * 100).toFixed(1)}%`;
  return `request throughput ${percent(throughputGain)} over ${previous.value} while p50 request latency ${percent(latencyGain)}`;
}

function scanValue(plan: ScanPlan, index: number): number | undefined {
  if (plan.kind === 'list') return plan.values[index];
  const value = plan.start * 2 ** index;
  return value <= plan.max ? value : undefined;
}
