// Scores an accuracy log against the catalogue's truth as the reference does: every record counts, unparsable ones padded.
import type { CatalogueTruth } from '../../workload/catalogue/catalogue-sample.js';
import { UsageError } from '../../util/exit-codes.js';
import { createRandom } from '../../util/seeded-random.js';
import type { AccuracyLogEntry } from './accuracy-log-reader.js';
import { parseProductAnswer, type ProductAnswer } from './answer-parse.js';
import { brandMatches, PREDICTED_BRAND_PAD } from './brand-score.js';
import { categoryCounts, hierarchicalScores, paddedCategory, type HierarchicalScores } from './hierarchical-f1.js';
import { secondhandF1 } from './secondhand-f1.js';

/**
 * The seed of the coin an unparsable answer's is_secondhand is drawn with (the reference draws it at random too):
 * fixed, so the same log always scores the same.
 */
export const UNPARSABLE_SECONDHAND_SEED = 15;

export interface AccuracyScores {
  /** Records scored: every record of the log. */
  readonly samples: number;
  /** Answers that are not the JSON object the schema asks for, scored as padding. */
  readonly unparsable: number;
  /** Category Hierarchical precision, recall and F1, micro-averaged: the F1 is the gated figure. */
  readonly category: HierarchicalScores;
  /** The share of answers whose brand is within fuzzy ratio 90 of the true one. */
  readonly brand: number;
  /** Binary F1 of is_secondhand, true as the positive class. */
  readonly secondhandF1: number;
}

/**
 * Scores each record against row `qsl_idx` of the truth. An unparsable answer predicts pad levels as deep as the
 * truth (adding 0 to ΣI and the truth's depth to ΣP and ΣT), a pad brand, and a seeded coin for is_secondhand.
 * A qsl_idx outside the dataset is a UsageError naming the record.
 */
export function scoreAccuracy(entries: readonly AccuracyLogEntry[], truths: readonly CatalogueTruth[]): AccuracyScores {
  const coin = createRandom(UNPARSABLE_SECONDHAND_SEED);
  let unparsable = 0;
  let brandsMatched = 0;
  const counts = [];
  const secondhand = [];
  for (const entry of entries) {
    const truth = truths[entry.qslIdx];
    if (truth === undefined) {
      throw new UsageError(`accuracy log record ${entry.index} (seq_id ${entry.seqId}): qsl_idx ${entry.qslIdx} is outside the dataset (${truths.length} samples)`);
    }
    let answer: ProductAnswer | null = parseProductAnswer(entry.answer);
    if (answer === null) {
      unparsable++;
      answer = { category: paddedCategory(truth.category), brand: PREDICTED_BRAND_PAD, isSecondhand: coin() < 0.5 };
    }
    counts.push(categoryCounts(answer.category, truth.category));
    if (brandMatches(answer.brand, truth.brand)) brandsMatched++;
    secondhand.push({ predicted: answer.isSecondhand, truth: truth.isSecondhand });
  }
  return {
    samples: entries.length,
    unparsable,
    category: hierarchicalScores(counts),
    brand: entries.length === 0 ? 0 : brandsMatched / entries.length,
    secondhandF1: secondhandF1(secondhand),
  };
}
