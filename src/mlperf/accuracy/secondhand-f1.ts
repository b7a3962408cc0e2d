// The second-hand score: binary F1 of is_secondhand with true as the positive class (0 when there is nothing to score).

/** F1 = 2·TP / (2·TP + FP + FN) over (predicted, true) pairs; 0 when no pair is a true or predicted positive. */
export function secondhandF1(pairs: Iterable<{ readonly predicted: boolean; readonly truth: boolean }>): number {
  let truePositives = 0;
  let wrong = 0;
  for (const { predicted, truth } of pairs) {
    if (predicted && truth) truePositives++;
    else if (predicted !== truth) wrong++;
  }
  const denominator = 2 * truePositives + wrong;
  return denominator === 0 ? 0 : (2 * truePositives) / denominator;
}
