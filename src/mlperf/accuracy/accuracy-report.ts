// What `mmload evaluate` shows and saves of a score: the figures (accuracy.json's, and summary.json's mlperf_accuracy), their rows and verdict.
import { passesAccuracyGate, Q3VL_F1_TARGET, Q3VL_REFERENCE_F1 } from './accuracy-gate.js';
import type { AccuracyScores } from './score-accuracy.js';

/** Every figure of a score, unrounded, under accuracy.json's names. */
export interface AccuracyFigures {
  readonly samples: number;
  readonly unparsable: number;
  readonly hierarchical_precision: number;
  readonly hierarchical_recall: number;
  readonly hierarchical_f1: number;
  readonly brand_score: number;
  readonly secondhand_f1: number;
  readonly f1_target: number;
  readonly passed: boolean;
}

const figure = (value: number): string => value.toFixed(6);

export function accuracyFigures(scores: AccuracyScores): AccuracyFigures {
  return {
    samples: scores.samples,
    unparsable: scores.unparsable,
    hierarchical_precision: scores.category.precision,
    hierarchical_recall: scores.category.recall,
    hierarchical_f1: scores.category.f1,
    brand_score: scores.brand,
    secondhand_f1: scores.secondhandF1,
    f1_target: Q3VL_F1_TARGET,
    passed: passesAccuracyGate(scores.category.f1),
  };
}

/** Labelled figures, as the console table and report.html show them: counts, the category scores, brand and second-hand. */
export function accuracyRows(figures: AccuracyFigures): [string, string][] {
  return [
    ['Samples', String(figures.samples)],
    ['Unparsable answers', String(figures.unparsable)],
    ['Hierarchical precision (hP)', figure(figures.hierarchical_precision)],
    ['Hierarchical recall (hR)', figure(figures.hierarchical_recall)],
    ['Hierarchical F1 (hF1)', figure(figures.hierarchical_f1)],
    ['Brand score', figure(figures.brand_score)],
    ['Second-hand F1', figure(figures.secondhand_f1)],
  ];
}

/** PASS or FAIL, with the hF1 against the gate. */
export function accuracyVerdict(figures: AccuracyFigures): string {
  const comparison = figures.passed ? '>=' : '<';
  return `Result: ${figures.passed ? 'PASS' : 'FAIL'} (hF1 ${figure(figures.hierarchical_f1)} ${comparison} ${figure(figures.f1_target)} = ${Q3VL_REFERENCE_F1} x 0.99)`;
}

/** The table: the rows aligned, then the verdict. */
export function accuracyTable(figures: AccuracyFigures): string[] {
  const rows = accuracyRows(figures);
  const labelWidth = Math.max(...rows.map(([label]) => label.length));
  const valueWidth = Math.max(...rows.map(([, value]) => value.length));
  return [
    'MLPerf Q3VL accuracy',
    ...rows.map(([label, value]) => `  ${label.padEnd(labelWidth)}  ${value.padStart(valueWidth)}`),
    accuracyVerdict(figures),
  ];
}

/** accuracy.json: every figure, unrounded, for scripts, and what was scored. */
export function accuracyJson(figures: AccuracyFigures, sources: { readonly accuracyLog: string; readonly dataset: string }): Record<string, unknown> {
  return { ...figures, accuracy_log: sources.accuracyLog, dataset: sources.dataset };
}
