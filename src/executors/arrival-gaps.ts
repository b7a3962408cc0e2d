// Inter-arrival gaps of the request-rate shapes (constant, Poisson, gamma), seeded and free of any clock.
import { createRandom, deriveSeed } from '../util/seeded-random.js';
import { gammaSampler } from './gamma-sampler.js';

/** aiperf's arrival patterns: evenly spaced, Poisson, or gamma with a chosen smoothness. */
export type ArrivalMode = 'constant' | 'poisson' | 'gamma';

/** Seed stream of arrival gaps, apart from the workload's streams. */
const ARRIVAL_STREAM = 0x61_72_72_69;

/**
 * An endless sequence of gaps in ms between successive sends, mean 1000/rate.
 * constant: exactly 1000/rate; poisson: exponential (CV 1); gamma: shape = smoothness (CV 1/√smoothness;
 * aiperf's --arrival-smoothness: 1 is Poisson, larger is more regular, smaller is burstier).
 * The same seed gives the same gaps.
 */
export function arrivalGaps(mode: ArrivalMode, rate: number, smoothness: number, seed: number): Generator<number, never> {
  if (!(rate > 0) || !Number.isFinite(rate)) throw new RangeError(`rate must be a positive number (got ${rate})`);
  if (!(smoothness > 0) || !Number.isFinite(smoothness)) throw new RangeError(`smoothness must be a positive number (got ${smoothness})`);
  const meanMs = 1000 / rate;
  if (mode === 'constant') return endless(() => meanMs);
  const random = createRandom(deriveSeed(seed, ARRIVAL_STREAM));
  // 1 − random() lies in (0, 1]: the logarithm is always finite.
  if (mode === 'poisson') return endless(() => -Math.log(1 - random()) * meanMs);
  return endless(gammaSampler(smoothness, meanMs / smoothness, random));
}

function* endless(draw: () => number): Generator<number, never> {
  for (;;) yield draw();
}

/**
 * Offsets in ms from the phase start of successive sends: the first at 0, then the running sum of the gaps.
 * With rampMs > 0 the rate rises linearly from 0 to its full value over rampMs: the gaps are laid on the
 * time axis where the integral of the rate, ∫r = rate·t²/(2·rampMs) and then rate·(t − rampMs/2), reaches
 * them, so the expected count by any time t is exactly that integral and nothing is rounded to a step.
 */
export function arrivalOffsets(gaps: Iterator<number>, rampMs = 0): Generator<number, void> {
  if (!(rampMs >= 0) || !Number.isFinite(rampMs)) throw new RangeError(`ramp must be a finite number of ms >= 0 (got ${rampMs})`);
  return rampedOffsets(gaps, rampMs);
}

function* rampedOffsets(gaps: Iterator<number>, rampMs: number): Generator<number, void> {
  let elapsed = 0; // the time the unramped schedule has reached
  for (;;) {
    if (rampMs === 0) yield elapsed;
    else yield elapsed < rampMs / 2 ? Math.sqrt(2 * rampMs * elapsed) : elapsed + rampMs / 2;
    const next = gaps.next();
    if (next.done === true) return;
    elapsed += next.value;
  }
}
