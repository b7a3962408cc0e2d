// The simulator's MLPerf Q3VL answers: catalogue requests recognised, the truth read from them, answer shares, determinism, the expected score.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerCatalogue, siblingsOf, type AnswerKind } from '../src/sim/catalogue-answer.js';
import { findTruth, parseCatalogueText } from '../src/sim/catalogue-request.js';
import { expectedCatalogueScore } from '../src/sim/expected-score.js';
import { parsePythonStringList } from '../src/sim/python-list.js';
import { simArgs, startSimChild } from '../src/sim/sim-child.js';
import { resolveSimOptions } from '../src/sim/sim-options.js';
import { startSim, type RunningSim } from '../src/sim/sim-server.js';
import type { TraceRecord } from '../src/sim/sim-trace.js';
import { loadTokenizer } from '../src/tokenizer/load-tokenizer.js';
import type { CatalogueSample } from '../src/workload/catalogue/catalogue-sample.js';
import { pythonListRepr } from '../src/workload/catalogue/python-repr.js';
import { q3vlImage, q3vlRequest, q3vlUserText, type Q3vlImage } from '../src/workload/catalogue/q3vl-request.js';
import { shareText } from '../src/workload/request-body.js';
import { inMemory } from './helpers/in-memory.js';

const MODEL = 'Qwen/Qwen3-VL-235B-A22B-Instruct';
const work = mkdtempSync(join(tmpdir(), 'mmload-sim-mlperf-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const CAMERAS = 'Cameras & Optics > Cameras > Video Cameras';
const CARDIO = 'Sporting Goods > Fitness & General Exercise Equipment > Cardio > Cardio Machine Accessories & Parts > Treadmill Accessories & Parts';
const DECOY = 'Home & Garden > Lawn & Garden > Outdoor Power Equipment Accessories > Grass Edger Accessories > Edger Belts';

/** Hand-made catalogue rows: their brand (the title's first word), true path, candidates, and the leaf the title names. */
const ROWS = [
  { brand: 'Acme', name: '360-Degree Video Cameras', truth: `${CAMERAS} > 360-Degree Video Cameras`,
    candidates: [`${CAMERAS} > Action Cameras`, CAMERAS, `${CAMERAS} > 360-Degree Video Cameras`, `${CAMERAS} > Camcorders`,
      'Cameras & Optics > Cameras > Digital Cameras > Mirrorless Cameras', "Kids' Toys > Dolls", DECOY] },
  { brand: 'Runfast', name: 'Treadmill Belts', truth: `${CARDIO} > Treadmill Belts`,
    candidates: [DECOY, `${CARDIO} > Treadmill Decks`, `${CARDIO} > Treadmill Belts`, `${CARDIO} > Treadmill Motors`, CARDIO, 'Café > Bar "Tools"\\x'] },
  // No sibling among the candidates: every wrong answer is the parent.
  { brand: 'Brainy', name: 'Puzzles', truth: 'Toys & Games > Puzzles', candidates: ['Toys & Games', 'Home & Garden > Decor > Clocks', 'Toys & Games > Puzzles'] },
  // Depth 1: no parent, every wrong answer another top level.
  { brand: 'Zoom', name: 'Vehicles & Parts', truth: 'Vehicles & Parts', candidates: ['Apparel & Accessories > Shoes', 'Vehicles & Parts', 'Media'] },
] as const;

/** Description k: some with code and fences, one with a heading of the layout inside it. */
function description(k: number): string {
  if (k % 5 === 0) return `Item ${k}.\n\`\`\`json\n['A > B']\n\`\`\`\n\nThe following are the possible product categories:\n\`\`\`json\n['X']\n\`\`\`\nmore`;
  if (k % 3 === 0) return `<style>.x{color:red}</style><script>var s = "\`\`\`";</script> item ${k}`;
  return `A fine product, number ${k}.`;
}

function sampleOf(k: number, overrides: Partial<CatalogueSample> = {}): CatalogueSample {
  const row = ROWS[k % ROWS.length]!;
  return {
    title: `${row.brand} ${row.name} #${k}`, description: description(k), candidates: row.candidates, category: row.truth,
    brand: row.brand, isSecondhand: false, image: Buffer.alloc(0), ...overrides,
  };
}

let image: Q3vlImage;
beforeAll(async () => {
  const jpeg = await sharp({ create: { width: 64, height: 48, channels: 3, background: { r: 200, g: 80, b: 10 } } }).jpeg().toBuffer();
  image = await q3vlImage(jpeg, 0);
});

function bodyOf(sample: CatalogueSample, extra: Record<string, unknown> = {}): string {
  const prepared = q3vlRequest(0, sample, image, { model: MODEL, systemPrompt: shareText('Answer with one JSON object.'), schema: null }, null);
  return JSON.stringify({ ...JSON.parse(Buffer.concat(inMemory(prepared.body)).toString()), ...extra });
}

interface Reply {
  content: string;
  completionTokens: number;
  finish: string;
}

async function post(url: string, body: string, id: string): Promise<Reply> {
  const res = await request(`${url}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-request-id': id }, body });
  const json = (await res.body.json()) as { choices: { message: { content: string }; finish_reason: string }[]; usage: { completion_tokens: number } };
  expect(res.statusCode).toBe(200);
  return { content: json.choices[0]!.message.content, completionTokens: json.usage.completion_tokens, finish: json.choices[0]!.finish_reason };
}

async function postAll(url: string, bodies: readonly string[], prefix: string): Promise<Reply[]> {
  const replies: Reply[] = [];
  for (let start = 0; start < bodies.length; start += 50) {
    replies.push(...await Promise.all(bodies.slice(start, start + 50).map((body, i) => post(url, body, `${prefix}-${start + i}`))));
  }
  return replies;
}

function readTrace(path: string): Map<string, TraceRecord> {
  const records = readFileSync(path, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as TraceRecord);
  return new Map(records.map((record) => [record.x_request_id!, record]));
}

/** The answer's kind as the scorer would see it: unparsable, the truth, its parent, else a sibling. */
function kindOf(content: string, truth: string): AnswerKind {
  let category: string;
  try {
    category = (JSON.parse(content) as { category: string }).category;
  } catch {
    return 'unparsable';
  }
  return category === truth ? 'truth' : truth.startsWith(`${category} > `) ? 'parent' : 'sibling';
}

/** I, P, T of one answer, as the reference scores it (unparsable: padded to the truth's depth). */
function figures(content: string, truth: string): [number, number, number] {
  const t = truth.split(' > ').map((level) => level.trim());
  let p: string[];
  try {
    p = (JSON.parse(content) as { category: string }).category.split(' > ').map((level) => level.trim());
  } catch {
    return [0, t.length, t.length];
  }
  let i = 0;
  while (i < Math.min(p.length, t.length) && p[i] === t[i]) i++;
  return [i, p.length, t.length];
}

/** |count − n·p| within five standard deviations of a binomial: never flakes, still catches a wrong share. */
function expectBinomial(count: number, n: number, p: number): void {
  expect(Math.abs(count - n * p)).toBeLessThanOrEqual(5 * Math.sqrt(n * p * (1 - p)) + 1e-9);
}

describe('reading a catalogue request', () => {
  it('parses the candidate list as Python prints it, escapes and both quotes', () => {
    const items = ['A > B', "Men's > C", 'say "hi"', `it's "x"`, 'Café > D', 'a\\b\t\n\r\u0001\u007f\u00a0', ''];
    expect(parsePythonStringList(pythonListRepr(items))).toEqual(items);
    expect(parsePythonStringList(`['\\u2028', '\\U0001f600']`)).toEqual(['\u2028', '😀']);
    expect(parsePythonStringList('[]')).toEqual([]);
    for (const bad of ['', '[', "['a'", "['a',]", "['a','b']", '["a\']', "['\\q']", "['\\x4']", '[1, 2]', "['a'] ", "['\\U00110000']"]) {
      expect(parsePythonStringList(bad), bad).toBeNull();
    }
  });

  it('reads title, description and candidates from the reference\'s layout, code fences in the description and all', () => {
    for (const k of [0, 3, 7]) {
      const sample = sampleOf(k);
      expect(parseCatalogueText(q3vlUserText(sample))).toEqual({
        userText: q3vlUserText(sample), title: sample.title, description: sample.description, candidates: sample.candidates,
      });
    }
    const empty = { title: '', description: '', candidates: ['A'] };
    expect(parseCatalogueText(q3vlUserText(empty))).toMatchObject(empty);
    const text = q3vlUserText(sampleOf(1));
    expect(parseCatalogueText(text.slice(0, -1))).toBeNull();
    expect(parseCatalogueText(`Hi. ${text}`)).toBeNull();
    expect(parseCatalogueText(q3vlUserText({ ...sampleOf(1), candidates: [] }))).toBeNull();
    expect(parseCatalogueText(text.replace("['", '["'))).toBeNull();
  });

  it('finds the truth: the candidate whose leaf the title names, the longest of several; none when the title names none', () => {
    expect(findTruth('Acme 360-Degree Video Cameras #1', ROWS[0].candidates)).toBe(ROWS[0].truth);
    expect(findTruth('Runfast Treadmill Belts', ROWS[1].candidates)).toBe(ROWS[1].truth);
    expect(findTruth('A gadget', ROWS[0].candidates)).toBeNull();
  });
});

describe('the answers, drawn', () => {
  const draw = (k: number, accuracy: number, unparsableRate: number, seed = 1, overrides: Partial<CatalogueSample> = {}) =>
    answerCatalogue(parseCatalogueText(q3vlUserText(sampleOf(k, overrides)))!, { accuracy, unparsableRate }, seed);

  it('answer wrong with a sibling or the parent (only the parent without a sibling; depth 1: another top level)', () => {
    const seen = new Map<string, Set<string>>();
    for (let k = 0; k < 200; k++) {
      const answer = draw(k, 0, 0);
      const row = ROWS[k % ROWS.length]!;
      expect(answer).toMatchObject({ truth: row.truth, truthKnown: true });
      expect(JSON.parse(answer.text)).toEqual({ category: answer.category, brand: row.brand, is_secondhand: false });
      const kinds = seen.get(row.truth) ?? new Set();
      kinds.add(`${answer.kind} ${answer.category}`);
      seen.set(row.truth, kinds);
    }
    expect([...seen.get(ROWS[0].truth)!].sort()).toEqual([`parent ${CAMERAS}`, `sibling ${CAMERAS} > Action Cameras`, `sibling ${CAMERAS} > Camcorders`]);
    expect([...seen.get(ROWS[1].truth)!].sort()).toEqual([`parent ${CARDIO}`, `sibling ${CARDIO} > Treadmill Decks`, `sibling ${CARDIO} > Treadmill Motors`]);
    expect([...seen.get(ROWS[2].truth)!]).toEqual(['parent Toys & Games']);
    expect([...seen.get(ROWS[3].truth)!].sort()).toEqual(['sibling Apparel & Accessories', 'sibling Media']);
    expect(siblingsOf(ROWS[2].truth, ROWS[2].candidates)).toEqual([]);
    // A depth-1 truth with no other top level among its candidates: "Other".
    expect(draw(3, 0, 0, 1, { candidates: ['Vehicles & Parts', 'Vehicles & Parts > Boats'] }).category).toBe('Other');
  });

  it('unparsable answers fail JSON parsing, every one of them', () => {
    const texts = Array.from({ length: 60 }, (_, k) => draw(k, 1, 1));
    for (const answer of texts) {
      expect(answer.kind).toBe('unparsable');
      expect(() => JSON.parse(answer.text)).toThrow();
    }
    expect(new Set(texts.map((answer) => answer.text.slice(0, 3))).size).toBeGreaterThan(1);
  });

  it('the title gives the brand (first word) and the second-hand flag; a title naming no candidate: the first stands in', () => {
    expect(JSON.parse(draw(0, 1, 0, 1, { title: 'Acme Used 360-Degree Video Cameras' }).text)).toMatchObject({ brand: 'Acme', is_secondhand: true });
    expect(JSON.parse(draw(0, 1, 0, 1, { description: 'Refurbished by us.' }).text)).toMatchObject({ is_secondhand: true });
    expect(JSON.parse(draw(0, 1, 0, 1, { description: 'Can be used outdoors.' }).text)).toMatchObject({ is_secondhand: false });
    expect(draw(0, 1, 0, 1, { title: 'Acme gadget' })).toMatchObject({ truthKnown: false, truth: ROWS[0].candidates[0], kind: 'truth', category: ROWS[0].candidates[0] });
  });
});

describe('the expected score', () => {
  it('matches hand-computed sums', () => {
    expect(expectedCatalogueScore([4, 6], { accuracy: 1, unparsableRate: 0 })).toEqual({ sumI: 10, sumP: 10, sumT: 10, hP: 1, hR: 1, hF1: 1, hF1StdDev: 0 });
    expect(expectedCatalogueScore([4, 6], { accuracy: 0.3, unparsableRate: 1 })).toMatchObject({ sumI: 0, sumP: 10, sumT: 10, hF1: 0, hF1StdDev: 0 });
    // Always wrong at depth 4: I = 3; P = 4 (sibling) or 3 (parent), evenly; hF1 = 2·3/(3.5 + 4).
    const wrong = expectedCatalogueScore([4], { accuracy: 0, unparsableRate: 0 });
    expect(wrong).toMatchObject({ sumI: 3, sumP: 3.5, sumT: 4 });
    expect(wrong.hF1).toBeCloseTo(0.8, 12);
    expect(wrong.hF1StdDev).toBeCloseTo((6 / 7.5 ** 2) * 0.5, 12);
    expect(expectedCatalogueScore([{ depth: 3, hasSibling: false }], { accuracy: 0, unparsableRate: 0 })).toMatchObject({ sumI: 2, sumP: 2, sumT: 3, hF1: 0.8 });
    expect(expectedCatalogueScore([1], { accuracy: 0.5, unparsableRate: 0 })).toMatchObject({ sumI: 0.5, sumP: 1, sumT: 1, hF1: 0.5 });
    // P = 0.8, u = 0.1 at depth 5: I = 0.72·5 + 0.18·4, P = 5 − 0.09.
    const mixed = expectedCatalogueScore([5], { accuracy: 0.8, unparsableRate: 0.1 });
    expect(mixed.sumI).toBeCloseTo(4.32, 12);
    expect(mixed.sumP).toBeCloseTo(4.91, 12);
    expect(mixed.hF1).toBeCloseTo(8.64 / 9.91, 12);
  });
});

describe('mmload sim --mlperf-answer-accuracy', () => {
  const N = 400;
  let bodies: string[];
  let sim: RunningSim;
  let replies: Reply[];
  let trace: Map<string, TraceRecord>;

  beforeAll(async () => {
    const path = join(work, 'trace.jsonl');
    bodies = Array.from({ length: N }, (_, k) => bodyOf(sampleOf(k)));
    sim = await startSim({ port: 0, model: MODEL, speed: 1000, seed: 7, mlperfAnswerAccuracy: 0.7, mlperfUnparsableRate: 0.1, trace: path });
    try {
      replies = await postAll(sim.url, bodies, 'r');
    } finally {
      await sim.close();
    }
    trace = readTrace(path);
  }, 120_000);

  it('answers every catalogue request with the kind its trace records, in the shares asked for', async () => {
    const tokenizer = await loadTokenizer();
    const counts: Record<AnswerKind, number> = { truth: 0, sibling: 0, parent: 0, unparsable: 0 };
    replies.forEach((reply, k) => {
      const row = ROWS[k % ROWS.length]!;
      const kind = kindOf(reply.content, row.truth);
      expect(trace.get(`r-${k}`)!.mlperf_answer).toMatchObject({ kind, truth: row.truth, truth_known: true });
      expect(reply.completionTokens).toBe(tokenizer.count(reply.content));
      expect(trace.get(`r-${k}`)!.output_tokens).toBe(reply.completionTokens);
      expect(reply.finish).toBe('stop');
      if (kind !== 'unparsable') expect(JSON.parse(reply.content)).toMatchObject({ brand: row.brand, is_secondhand: false });
      counts[kind]++;
    });
    expectBinomial(counts.unparsable, N, 0.1);
    expectBinomial(counts.truth, N, 0.9 * 0.7);
    // Rows 0–1 split wrong answers evenly between sibling and parent; row 2 has only the parent, row 3 only siblings.
    expectBinomial(counts.sibling, N, 0.9 * 0.3 * 0.5);
    expectBinomial(counts.parent, N, 0.9 * 0.3 * 0.5);
  });

  it('scores, as the reference scores, within noise of the expected hF1', () => {
    let sumI = 0, sumP = 0, sumT = 0;
    replies.forEach((reply, k) => {
      const [i, p, t] = figures(reply.content, ROWS[k % ROWS.length]!.truth);
      sumI += i;
      sumP += p;
      sumT += t;
    });
    const shapes = Array.from({ length: N }, (_, k) => {
      const { truth, candidates } = ROWS[k % ROWS.length]!;
      return { depth: truth.split(' > ').length, hasSibling: siblingsOf(truth, candidates).length > 0 };
    });
    const expected = expectedCatalogueScore(shapes, { accuracy: 0.7, unparsableRate: 0.1 });
    expect(sumT).toBe(expected.sumT);
    expect(Math.abs((2 * sumI) / (sumP + sumT) - expected.hF1)).toBeLessThanOrEqual(5 * expected.hF1StdDev);
    expect(expected.hF1StdDev).toBeGreaterThan(0.005);
    expect(expected.hF1StdDev).toBeLessThan(0.03);
  });

  it('answers a request the same way whatever its arrival order; another seed answers differently', async () => {
    const again = await startSim({ port: 0, model: MODEL, speed: 1000, seed: 7, mlperfAnswerAccuracy: 0.7, mlperfUnparsableRate: 0.1 });
    const other = await startSim({ port: 0, model: MODEL, speed: 1000, seed: 8, mlperfAnswerAccuracy: 0.7, mlperfUnparsableRate: 0.1 });
    try {
      const first = [...bodies.slice(0, 40)].reverse();
      expect((await postAll(again.url, first, 'a')).map((reply) => reply.content)).toEqual(replies.slice(0, 40).map((reply) => reply.content).reverse());
      const reseeded = await postAll(other.url, first, 'o');
      expect(reseeded.filter((reply, i) => reply.content !== replies[39 - i]!.content).length).toBeGreaterThan(0);
    } finally {
      await again.close();
      await other.close();
    }
  }, 60_000);

  it('streams the same answer over its chunks, cuts it at max_tokens, and answers other requests as before', async () => {
    const path = join(work, 'other.jsonl');
    const tokenizer = await loadTokenizer();
    const exact = await startSim({ port: 0, model: MODEL, speed: 1000, seed: 7, mlperfAnswerAccuracy: 1, trace: path });
    try {
      const sample = sampleOf(1);
      const whole = await post(exact.url, bodyOf(sample), 'whole');
      expect(JSON.parse(whole.content)).toEqual({ category: ROWS[1].truth, brand: 'Runfast', is_secondhand: false });
      expect(whole.content).toBe(`{"category": ${JSON.stringify(ROWS[1].truth)}, "brand": "Runfast", "is_secondhand": false}`);

      const res = await request(`${exact.url}/v1/chat/completions`, {
        method: 'POST', headers: { 'content-type': 'application/json' }, body: bodyOf(sample, { stream: true, stream_options: { include_usage: true } }),
      });
      const events = (await res.body.text()).split('\n\n').filter((event) => event.startsWith('data: {')).map((event) => JSON.parse(event.slice(6)));
      const deltas = events.flatMap((event) => event.choices).filter((choice) => choice.delta.role === undefined);
      expect(deltas.map((choice) => choice.delta.content).join('')).toBe(whole.content);
      expect(deltas.length).toBe(tokenizer.count(whole.content));
      expect(events.at(-1).usage.completion_tokens).toBe(whole.completionTokens);

      const cut = await post(exact.url, bodyOf(sample, { max_tokens: 5 }), 'cut');
      expect(cut).toMatchObject({ completionTokens: 5, finish: 'length' });
      expect(whole.content.startsWith(cut.content)).toBe(true);
      expect(() => JSON.parse(cut.content)).toThrow();

      const plain = await post(exact.url, JSON.stringify({ messages: [{ role: 'user', content: 'Hello there.' }], max_tokens: 4, ignore_eos: true }), 'plain');
      expect(plain.content).toBe(' tok tok tok tok');
      const broken = await post(exact.url, bodyOf(sample).replace("['", "['\\\\q"), 'broken');
      expect(broken.content).toMatch(/^( tok)+$/);
    } finally {
      await exact.close();
    }
    const records = readTrace(path);
    expect(records.get('plain')!.mlperf_answer).toBeNull();
    expect(records.get('broken')!.mlperf_answer).toBeNull();
    expect(records.get('whole')!.mlperf_answer).toEqual({ kind: 'truth', truth: ROWS[1].truth, truth_known: true, category: ROWS[1].truth });
  });
});

describe('the flags', () => {
  it('validate P and u, u only with P', () => {
    expect(resolveSimOptions({})).toMatchObject({ mlperfAnswerAccuracy: null, mlperfUnparsableRate: 0 });
    expect(() => resolveSimOptions({ mlperfAnswerAccuracy: 1.5 })).toThrow('mlperf-answer-accuracy must be in 0..1 (got 1.5)');
    expect(() => resolveSimOptions({ mlperfAnswerAccuracy: 0.5, mlperfUnparsableRate: -0.1 })).toThrow('mlperf-unparsable-rate must be in 0..1 (got -0.1)');
    expect(() => resolveSimOptions({ mlperfUnparsableRate: 0.1 })).toThrow(/mlperf-unparsable-rate needs mlperf-answer-accuracy/);
    expect(simArgs({ mlperfAnswerAccuracy: 0.8, mlperfUnparsableRate: 0.05 })).toEqual(['sim', '--port', '0', '--mlperf-answer-accuracy', '0.8', '--mlperf-unparsable-rate', '0.05']);
  });

  it('reach the `mmload sim` child, which answers with the truth at P = 1 and refuses P = 2 in one line', async () => {
    const child = await startSimChild({ model: MODEL, speed: 100, mlperfAnswerAccuracy: 1 });
    try {
      expect(JSON.parse((await post(child.url, bodyOf(sampleOf(0)), 'c')).content)).toMatchObject({ category: ROWS[0].truth });
    } finally {
      await child.stop();
    }
    await expect(startSimChild({ mlperfAnswerAccuracy: 2 })).rejects.toThrow(/mlperf-answer-accuracy must be in 0\.\.1 \(got 2\)/);
  }, 60_000);
});
