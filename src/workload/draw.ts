// aiperf's positive normal integer draws (lengths, sizes), seeded per purpose and per index.
import { roundHalfEven } from '../model/qwen3-vl-tokens.js';
import { createRandom, deriveSeed, type Random } from '../util/seeded-random.js';

/** A normal distribution of a positive integer: stddev 0 means exactly the mean (rounded). */
export interface Draw {
  readonly mean: number;
  readonly stddev: number;
}

/** Rejection tries before falling back to the mean, as aiperf does. */
const MAX_TRIES = 10_000;

export function exactly(value: number): Draw {
  return { mean: value, stddev: 0 };
}

/**
 * One integer of `draw`: with stddev ≤ 0, max(1, round-half-even(mean)); else a normal sample redrawn until
 * it is ≥ 0 (the mean, floored at 0, after MAX_TRIES), then max(1, ceil(sample)).
 */
export function drawInteger(draw: Draw, random: Random): number {
  const fixed = fixedValue(draw);
  if (fixed !== undefined) return fixed;
  for (let attempt = 0; attempt < MAX_TRIES; attempt++) {
    const sample = draw.mean + draw.stddev * standardNormal(random);
    if (sample >= 0) return Math.max(1, Math.ceil(sample));
  }
  return Math.max(1, Math.ceil(Math.max(0, draw.mean)));
}

/** The one value of a draw without a stddev, max(1, round-half-even(mean)); undefined when it varies. */
export function fixedValue(draw: Draw): number | undefined {
  return draw.stddev > 0 ? undefined : Math.max(1, roundHalfEven(draw.mean));
}

/**
 * Integers of `draw` by index, on stream `stream` of the run's `seed`: index i has a generator of its own,
 * so its value depends neither on how many were drawn before nor on any other purpose's draws.
 */
export function drawsByIndex(draw: Draw, seed: number, stream: number): (index: number) => number {
  const base = deriveSeed(seed, stream);
  return (index) => drawInteger(draw, createRandom(deriveSeed(base, index)));
}

/** "4300" or "4300±200". */
export function describeDraw(draw: Draw): string {
  return draw.stddev > 0 ? `${draw.mean}±${draw.stddev}` : `${draw.mean}`;
}

/** Box-Muller: one standard normal sample from two uniforms (the first kept away from 0). */
export function standardNormal(random: Random): number {
  const u = 1 - random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}
