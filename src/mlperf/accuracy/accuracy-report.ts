// What `mmload evaluate` shows and saves of a score: the console table and accuracy.json's content.
import { passesAccuracyGate, Q3VL_F1_TARGET, Q3VL_REFERENCE_F1 } from './accuracy-gate.js';
import type { AccuracyScores } from './score-accuracy.js';

const figure = (value: number): string => value.toFixed(6);

/** The table: counts, the category scores, brand and second-hand, then PASS or FAIL against the gate. */
export function accuracyTable(scores: AccuracyScores): string[] {
  const rows: [string, string][] = [
    ['Samples', String(scores.samples)],
    ['Unparsable answers', String(scores.unparsable)],
    ['Hierarchical precision (hP)', figure(scores.category.precision)],
    ['Hierarchical recall (hR)', figure(scores.category.recall)],
    ['Hierarchical F1 (hF1)', figure(scores.category.f1)],
    ['Brand score', figure(scores.brand)],
    ['Second-hand F1', figure(scores.secondhandF1)],
  ];
  const labelWidth = Math.max(...rows.map(([label]) => label.length));
  const valueWidth = Math.max(...rows.map(([, value]) => value.length));
  const verdict = passesAccuracyGate(scores.category.f1) ? 'PASS' : 'FAIL';
  const comparison = passesAccuracyGate(scores.category.f1) ? '>=' : '<';
  return [
    'MLPerf Q3VL accuracy',
    ...rows.map(([label, value]) => `  ${label.padEnd(labelWidth)}  ${value.padStart(valueWidth)}`),
    `Result: ${verdict} (hF1 ${figure(scores.category.f1)} ${comparison} ${figure(Q3VL_F1_TARGET)} = ${Q3VL_REFERENCE_F1} x 0.99)`,
  ];
}

/** accuracy.json: every figure, unrounded, for scripts. */
export function accuracyJson(scores: AccuracyScores, sources: { readonly accuracyLog: string; readonly dataset: string }): Record<string, unknown> {
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
    accuracy_log: sources.accuracyLog,
    dataset: sources.dataset,
  };
}
