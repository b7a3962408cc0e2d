// MLPerf Q3VL scoring: the spec's test vectors (parse cases, hierarchical F1, hex, accuracy.txt), Python's float repr and strip, brand and second-hand scores.
import { createHash } from 'node:crypto';
import { ratio } from 'fuzzball';
import { describe, expect, it } from 'vitest';
import { accuracyText } from '../src/mlperf/accuracy/accuracy-text.js';
import { passesAccuracyGate, Q3VL_F1_TARGET } from '../src/mlperf/accuracy/accuracy-gate.js';
import { parseProductAnswer } from '../src/mlperf/accuracy/answer-parse.js';
import { brandMatches, fuzzyRatio } from '../src/mlperf/accuracy/brand-score.js';
import { categoryCounts, hierarchicalScores, paddedCategory } from '../src/mlperf/accuracy/hierarchical-f1.js';
import { pythonFloatRepr } from '../src/mlperf/accuracy/python-float-repr.js';
import { pythonStrip } from '../src/mlperf/accuracy/python-strip.js';
import { secondhandF1 } from '../src/mlperf/accuracy/secondhand-f1.js';

const answer = (isSecondhand: string): string => `{"category": "A > B", "brand": "x", "is_secondhand": ${isSecondhand}}`;

describe('pythonFloatRepr', () => {
  it("writes what Python's repr(float) writes", () => {
    const cases: [number, string][] = [
      [0.8, '0.8'],
      [0.8000000000000002, '0.8000000000000002'],
      [2 / 3, '0.6666666666666666'],
      [1, '1.0'],
      [0, '0.0'],
      [-0, '-0.0'],
      [-0.5, '-0.5'],
      [100, '100.0'],
      [123.456, '123.456'],
      [0.0001, '0.0001'],
      [0.00012345, '0.00012345'],
      [0.00001, '1e-05'],
      [1.5e-5, '1.5e-05'],
      [1e-7, '1e-07'],
      [5e-324, '5e-324'],
      [1e15, '1000000000000000.0'],
      [9999999999999998, '9999999999999998.0'],
      [1e16, '1e+16'],
      [1.5e16, '1.5e+16'],
      [123456789012345680, '1.2345678901234568e+17'],
      [1e22, '1e+22'],
      [1.7976931348623157e308, '1.7976931348623157e+308'],
    ];
    for (const [value, repr] of cases) expect(pythonFloatRepr(value), String(value)).toBe(repr);
  });
});

describe('pythonStrip', () => {
  it("strips what str.strip() strips: \\x1c–\\x1f and \\x85 too, but not U+FEFF (unlike trim())", () => {
    expect(pythonStrip(' \t\n\x0b\x0c\r\x1c\x1d\x1e\x1f\x85\xa0\u2003\u3000Nike\u2028 ')).toBe('Nike');
    expect(pythonStrip('\ufeffNike\ufeff')).toBe('\ufeffNike\ufeff');
    expect(pythonStrip('a b')).toBe('a b');
  });
});

describe('parseProductAnswer', () => {
  it('reads the one JSON object with exactly category, brand and is_secondhand', () => {
    expect(parseProductAnswer('{"category": "A > B", "brand": "x", "is_secondhand": false}')).toEqual({ category: 'A > B', brand: 'x', isSecondhand: false });
    expect(parseProductAnswer(' \n\t{"is_secondhand": true, "brand": "x", "category": "A > B"}\r\n ')).toEqual({ category: 'A > B', brand: 'x', isSecondhand: true });
    expect(parseProductAnswer('{"category": "Caf\\u00e9 \\"Nord\\" > B", "brand": "x\\ny", "is_secondhand": false}')).toEqual({ category: 'Café "Nord" > B', brand: 'x\ny', isSecondhand: false });
  });

  it('keeps the last of duplicate keys', () => {
    expect(parseProductAnswer('{"category": "A", "brand": "x", "is_secondhand": false, "category": "A > B", "brand": 7}')).toBeNull();
    expect(parseProductAnswer('{"category": 1, "brand": "x", "is_secondhand": "maybe", "category": "A > B", "is_secondhand": "on"}')).toEqual({ category: 'A > B', brand: 'x', isSecondhand: true });
  });

  it('accepts the boolean forms the reference accepts, in any case', () => {
    const truths = ['true', '1', '1.0', '"true"', '"yes"', '"on"', '"t"', '"y"', '"1"', '"TRUE"', '"Yes"', '"ON"', '"T"', '"Y"'];
    const falsities = ['false', '0', '0.0', '"false"', '"no"', '"off"', '"f"', '"n"', '"0"', '"False"', '"NO"', '"Off"', '"F"', '"N"'];
    for (const form of truths) expect(parseProductAnswer(answer(form))?.isSecondhand, form).toBe(true);
    for (const form of falsities) expect(parseProductAnswer(answer(form))?.isSecondhand, form).toBe(false);
  });

  it('rejects everything else the reference rejects', () => {
    const object = '{"category": "A > B", "brand": "x", "is_secondhand": false}';
    const rejected = [
      '```json\n' + object + '\n```',
      'Here it is: ' + object,
      object + ' Hope this helps.',
      object + object,
      object + '\n' + object,
      '',
      '   ',
      '\ufeff' + object,
      "{'category': 'A > B', 'brand': 'x', 'is_secondhand': false}",
      '{"category": "A > B", "brand": "x", "is_secondhand": false,}',
      '[' + object + ']',
      '{"category": "A > B", "brand": "x", "is_secondhand": false, "price": 3}',
      '{"category": "A > B", "brand": "x"}',
      '{"category": "A > B", "brand": null, "is_secondhand": false}',
      '{"category": "A > B", "brand": 42, "is_secondhand": false}',
      '{"category": ["A", "B"], "brand": "x", "is_secondhand": false}',
      '{"category": "\\ud800 > B", "brand": "x", "is_secondhand": false}',
      'null',
      '"A > B"',
    ];
    for (const text of rejected) expect(parseProductAnswer(text), JSON.stringify(text)).toBeNull();
    for (const form of ['2', '1.5', '-1', '"1.0"', '" true "', '"true "', 'null', '"maybe"', '""', '[]', '{}']) {
      expect(parseProductAnswer(answer(form)), form).toBeNull();
    }
  });
});

describe('hierarchical F1', () => {
  const f1Of = (pairs: [string, string][]) => hierarchicalScores(pairs.map(([predicted, truth]) => categoryCounts(predicted, truth)));

  it("gives the spec's vectors", () => {
    const cousin = categoryCounts('Cameras & Optics > Cameras > Digital Cameras > Point & Shoot Cameras', 'Cameras & Optics > Cameras > Video Cameras > 360-Degree Video Cameras');
    expect(cousin).toEqual({ intersection: 2, predicted: 4, truth: 4 });
    const belt = 'Sporting Goods > Fitness & General Exercise Equipment > Cardio > Cardio Machine Accessories & Parts > Treadmill Accessories & Parts > Treadmill Belts';
    const exact = categoryCounts(belt, belt);
    expect(exact).toEqual({ intersection: 6, predicted: 6, truth: 6 });
    const both = hierarchicalScores([cousin, exact]);
    expect(both).toEqual({ precision: 0.8, recall: 0.8, f1: 0.8000000000000002 });
    expect(pythonFloatRepr(both.f1)).toBe('0.8000000000000002');

    expect(f1Of([['A > B', 'A > B > C > D']])).toEqual({ precision: 1, recall: 0.5, f1: 0.6666666666666666 });
    expect(f1Of([['A > B > C > D > E', 'A > B > C > D']]).f1).toBeCloseTo(0.8889, 4);
    expect(categoryCounts('A > B > C > D > E', 'A > B > C > D')).toEqual({ intersection: 4, predicted: 5, truth: 4 });
  });

  it('pads an unparsable answer to the truth\'s depth, so it adds 0 to ΣI and the depth to ΣP and ΣT', () => {
    const truthA = 'A > B > C > D';
    const truthB = 'P > Q > R > S > T > U';
    const counts = [categoryCounts(paddedCategory(truthA), truthA), categoryCounts(paddedCategory(truthB), truthB)];
    expect(counts).toEqual([{ intersection: 0, predicted: 4, truth: 4 }, { intersection: 0, predicted: 6, truth: 6 }]);
    expect(hierarchicalScores(counts)).toEqual({ precision: 0, recall: 0, f1: 0 });
    expect(pythonFloatRepr(hierarchicalScores(counts).f1)).toBe('0.0');
    // The truth is split without stripping: "A >B" is one level.
    expect(paddedCategory('A >B').split(' > ')).toHaveLength(1);
  });

  it('splits on " > " exactly, strips each level as Python does, and compares case-sensitively', () => {
    expect(categoryCounts('A>B', 'A > B')).toEqual({ intersection: 0, predicted: 1, truth: 2 });
    expect(categoryCounts('a > b', 'A > B').intersection).toBe(0);
    expect(categoryCounts('A  >  B', 'A > B')).toEqual({ intersection: 2, predicted: 2, truth: 2 });
    expect(categoryCounts('A\x1f > B\x85', 'A > B').intersection).toBe(2);
    expect(categoryCounts('\ufeffA > B', 'A > B').intersection).toBe(0);
    expect(categoryCounts('', 'A')).toEqual({ intersection: 0, predicted: 1, truth: 1 });
    expect(categoryCounts('A > X > C', 'A > B > C').intersection).toBe(1); // a prefix, not a count of equal levels
  });

  it('is 0, not NaN, with nothing to score', () => {
    expect(hierarchicalScores([])).toEqual({ precision: 0, recall: 0, f1: 0 });
  });
});

describe('brand score', () => {
  it("computes rapidfuzz's fuzz.ratio: the normalised Indel similarity × 100, unrounded", () => {
    expect(fuzzyRatio('this is a test', 'this is a test!')).toBe(96.55172413793103); // rapidfuzz's documented value
    expect(fuzzyRatio('lewenstein', 'levenshtein')).toBeCloseTo(85.714285714, 8); // Indel distance 3 of 21
    expect(fuzzyRatio('', '')).toBe(100);
    expect(fuzzyRatio('', 'a')).toBe(0);
    expect(fuzzyRatio('😀abc', '😀abd')).toBe(75); // code points, as Python counts them
  });

  it('counts a ratio of 90.48 as above 90, where fuzzball\'s own rounded ratio() says 90', () => {
    const truth = 'abcdefghijklmnopqrstu';
    const predicted = 'abXdefghijklmnopqrsYu'; // two substitutions: Indel distance 4 of 42
    expect(ratio(truth, predicted, { full_process: false })).toBe(90);
    expect(fuzzyRatio(truth, predicted)).toBeCloseTo(90.476190476, 8);
    expect(brandMatches(predicted, truth)).toBe(true);
  });

  it('compares stripped, lower-cased brands with a ratio above 90', () => {
    expect(brandMatches('  NIKE\n', 'Nike')).toBe(true);
    expect(brandMatches('Adodas', 'Adidas')).toBe(false); // 83.3
    expect(brandMatches('Samsung Electronic', 'Samsung Electronics')).toBe(true); // 97.3
    expect(brandMatches('', '')).toBe(true);
    expect(brandMatches('<|__PRED_BRAND_PAD__|>', 'Nike')).toBe(false);
  });
});

describe('second-hand F1', () => {
  it('is binary F1 with true as the positive class', () => {
    const pairs = [
      { predicted: true, truth: true },
      { predicted: true, truth: false },
      { predicted: false, truth: true },
      { predicted: false, truth: false },
      { predicted: false, truth: false },
    ];
    expect(secondhandF1(pairs)).toBe(0.5); // 2·1 / (2·1 + 1 + 1)
    expect(secondhandF1([{ predicted: true, truth: true }, { predicted: false, truth: false }])).toBe(1);
  });

  it('is 0 when nothing is a positive, as scikit-learn reports it', () => {
    expect(secondhandF1([{ predicted: false, truth: false }])).toBe(0);
    expect(secondhandF1([])).toBe(0);
  });
});

describe('accuracy.txt', () => {
  it("is the reference's layout with the spec's hash, no newline at the end", () => {
    expect(accuracyText(0.8)).toBe('Results\n\n{"f1": 0.8}\n\nhash=817e96a3367c5a042d9c85dd893914a0540f4d89c53dd66fad6867bb39381293');
    const s = '{"f1": 1.0}';
    expect(accuracyText(1)).toBe(`Results\n\n${s}\n\nhash=${createHash('sha256').update(s).digest('hex')}`);
    expect(accuracyText(0.00001)).toContain('{"f1": 1e-05}');
  });

  it('gates at 0.7903 × 0.99 = 0.782397', () => {
    expect(Q3VL_F1_TARGET).toBe(0.782397);
    expect(passesAccuracyGate(0.782397)).toBe(true);
    expect(passesAccuracyGate(0.7823969)).toBe(false);
  });
});
