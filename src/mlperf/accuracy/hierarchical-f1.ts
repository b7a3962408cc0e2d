// The Category Hierarchical F1 that gates a Q3VL submission: category paths compared level by level, micro-averaged.
import { pythonStrip } from './python-strip.js';

/** The string between the levels of a category path. */
export const CATEGORY_SEPARATOR = ' > ';

/** What the reference puts in each level of an unparsable answer's category: it matches no true level. */
const PREDICTED_CATEGORY_PAD = '<|__PRED_CATEGORY_PAD__|>';

/** One answer's share of the sums: levels in common from the top, levels predicted, levels true. */
export interface CategoryCounts {
  readonly intersection: number;
  readonly predicted: number;
  readonly truth: number;
}

export interface HierarchicalScores {
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
}

function levels(path: string): string[] {
  return path.split(CATEGORY_SEPARATOR).map(pythonStrip);
}

/** Both paths split on " > " and each level stripped; the intersection is the longest common prefix, compared exactly. */
export function categoryCounts(predicted: string, truth: string): CategoryCounts {
  const predictedLevels = levels(predicted);
  const trueLevels = levels(truth);
  let intersection = 0;
  while (intersection < Math.min(predictedLevels.length, trueLevels.length) && predictedLevels[intersection] === trueLevels[intersection]) {
    intersection++;
  }
  return { intersection, predicted: predictedLevels.length, truth: trueLevels.length };
}

/** The category the reference scores for an unparsable answer: as many pad levels as the truth has, none matching. */
export function paddedCategory(truth: string): string {
  return Array.from({ length: truth.split(CATEGORY_SEPARATOR).length }, () => PREDICTED_CATEGORY_PAD).join(CATEGORY_SEPARATOR);
}

/** Micro-averaged: hP = ΣI/ΣP, hR = ΣI/ΣT (0 for a zero denominator), hF1 = 2·hP·hR/(hP+hR) (0 when both are 0). */
export function hierarchicalScores(counts: readonly CategoryCounts[]): HierarchicalScores {
  let intersection = 0;
  let predicted = 0;
  let truth = 0;
  for (const count of counts) {
    intersection += count.intersection;
    predicted += count.predicted;
    truth += count.truth;
  }
  const precision = predicted > 0 ? intersection / predicted : 0;
  const recall = truth > 0 ? intersection / truth : 0;
  const f1 = precision + recall === 0 ? 0 : (2 * (precision * recall)) / (precision + recall);
  return { precision, recall, f1 };
}
