// The hierarchical F1 the simulator's answers should score, from the true depths and --mlperf-answer-accuracy/--mlperf-unparsable-rate.
import type { AnswerRates } from './catalogue-answer.js';

/** A sample as the simulator's answers see it: its true depth, and whether a sibling of the truth is among its candidates. */
export interface TruthShape {
  readonly depth: number;
  readonly hasSibling: boolean;
}

/** Expected sums over the samples, the micro-averaged figures of those sums, and the spread of hF1. */
export interface ExpectedScore {
  readonly sumI: number;
  readonly sumP: number;
  readonly sumT: number;
  readonly hP: number;
  readonly hR: number;
  readonly hF1: number;
  /** Standard deviation of the hF1 one run scores (delta method over the independent per-sample draws). */
  readonly hF1StdDev: number;
}

/**
 * Per sample of true depth d, with q = (1−u)·P and w = (1−u)·(1−P): truth (q): I=P=T=d; sibling (w/2): I=d−1, P=T=d;
 * parent (w/2): I=P=d−1, T=d; unparsable (u): I=0, P=T=d. Without a sibling among the candidates the sibling half
 * answers the parent too; a depth-1 truth has no parent, so all of w is a sibling (I=0, P=T=1). A plain number is a
 * depth with a sibling. hF1 = 2·ΣI/(ΣP+ΣT), the F1 of hP = ΣI/ΣP and hR = ΣI/ΣT, here of the expected sums.
 */
export function expectedCatalogueScore(samples: readonly (number | TruthShape)[], rates: AnswerRates): ExpectedScore {
  let sumI = 0, sumP = 0, sumT = 0, varI = 0, varP = 0, covIP = 0;
  for (const sample of samples) {
    const { depth: d, hasSibling } = typeof sample === 'number' ? { depth: sample, hasSibling: true } : sample;
    const outcomes = sampleOutcomes(d, hasSibling, rates);
    const mean = (f: (o: Outcome) => number): number => outcomes.reduce((sum, o) => sum + o.share * f(o), 0);
    const meanI = mean((o) => o.i);
    const meanP = mean((o) => o.p);
    sumI += meanI;
    sumP += meanP;
    sumT += d;
    varI += mean((o) => o.i * o.i) - meanI * meanI;
    varP += mean((o) => o.p * o.p) - meanP * meanP;
    covIP += mean((o) => o.i * o.p) - meanI * meanP;
  }
  const hP = sumP === 0 ? 0 : sumI / sumP;
  const hR = sumT === 0 ? 0 : sumI / sumT;
  const denominator = sumP + sumT;
  // hF1 = 2X/(Y+T): its gradient in (X, Y) at the means, applied to the covariance of (ΣI, ΣP).
  const dX = denominator === 0 ? 0 : 2 / denominator;
  const dY = denominator === 0 ? 0 : (-2 * sumI) / (denominator * denominator);
  const variance = dX * dX * varI + dY * dY * varP + 2 * dX * dY * covIP;
  return { sumI, sumP, sumT, hP, hR, hF1: hP + hR === 0 ? 0 : (2 * hP * hR) / (hP + hR), hF1StdDev: Math.sqrt(Math.max(0, variance)) };
}

interface Outcome {
  readonly share: number;
  readonly i: number;
  readonly p: number;
}

function sampleOutcomes(d: number, hasSibling: boolean, { accuracy, unparsableRate: u }: AnswerRates): Outcome[] {
  const truth = (1 - u) * accuracy;
  const wrong = (1 - u) * (1 - accuracy);
  if (d === 1) return [{ share: u, i: 0, p: 1 }, { share: truth, i: 1, p: 1 }, { share: wrong, i: 0, p: 1 }];
  const sibling = hasSibling ? wrong / 2 : 0;
  return [
    { share: u, i: 0, p: d },
    { share: truth, i: d, p: d },
    { share: sibling, i: d - 1, p: d },
    { share: wrong - sibling, i: d - 1, p: d - 1 },
  ];
}
