// The brand score: the share of answers whose brand is within fuzzy ratio 90 of the true one.
import { distance } from 'fuzzball';
import { pythonStrip } from './python-strip.js';

/** What the reference scores as the brand of an unparsable answer. */
export const PREDICTED_BRAND_PAD = '<|__PRED_BRAND_PAD__|>';

/** A brand counts as right above this ratio. */
const BRAND_RATIO_THRESHOLD = 90;

// The Indel distance (insertions and deletions only: a substitution costs 2, the cost fuzzball's own ratios use) over
// code points, strings as given. fuzzball's typings leave out `subcost`, which its distance() reads.
const INDEL = { subcost: 2, full_process: false, astral: true, normalize: false };

/**
 * The fuzzy ratio as rapidfuzz's fuzz.ratio computes it: (1 − indel distance / (length₁ + length₂)) × 100, lengths in
 * code points, 100 for two empty strings. Not rounded (fuzzball's own ratio() rounds to an integer).
 */
export function fuzzyRatio(a: string, b: string): number {
  const lengths = [...a].length + [...b].length;
  if (lengths === 0) return 100;
  return (1 - distance(a, b, INDEL) / lengths) * 100;
}

/** Whether the predicted brand matches: both stripped and lower-cased, their ratio above 90. */
export function brandMatches(predicted: string, truth: string): boolean {
  return fuzzyRatio(pythonStrip(predicted).toLowerCase(), pythonStrip(truth).toLowerCase()) > BRAND_RATIO_THRESHOLD;
}
