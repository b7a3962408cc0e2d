// `mmload evaluate`: scores a log written by the accuracy-log writer against a JSONL catalogue; bad input exits 2 with one line.
import { createHash } from 'node:crypto';
import { access, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openAccuracyLog } from '../src/mlperf/accuracy/accuracy-log-writer.js';
import { runCli } from './helpers/run-cli.js';

const TRUTHS = [
  { category: 'Cameras & Optics > Cameras > Video Cameras > 360-Degree Video Cameras', brand: 'Insta360', isSecondhand: false },
  {
    category: 'Sporting Goods > Fitness & General Exercise Equipment > Cardio > Cardio Machine Accessories & Parts > Treadmill Accessories & Parts > Treadmill Belts',
    brand: 'ProForm',
    isSecondhand: true,
  },
  { category: 'Home & Garden > Lawn & Garden > Outdoor Power Equipment Accessories', brand: 'Ryobi', isSecondhand: false },
  { category: 'Toys & Games > Puzzles', brand: 'Ravensburger', isSecondhand: false },
];

/** The answers by sample: a cousin leaf (2 of 4 levels), an exact match, a fenced object and an empty answer (both unparsable). */
const ANSWERS = [
  JSON.stringify({ category: 'Cameras & Optics > Cameras > Digital Cameras > Point & Shoot Cameras', brand: 'insta360', is_secondhand: false }),
  JSON.stringify({ category: TRUTHS[1]!.category, brand: 'Pro Form', is_secondhand: 'yes' }),
  '```json\n' + JSON.stringify({ category: TRUTHS[2]!.category, brand: 'Ryobi', is_secondhand: false }) + '\n```',
  '',
];

let dir: string;
let dataset: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mmload-evaluate-'));
  await mkdir(join(dir, 'images'));
  const lines = await Promise.all(
    TRUTHS.map(async (truth, i) => {
      await writeFile(join(dir, 'images', `${i}.jpg`), Buffer.from([0xff, 0xd8, 0xff, 0xd9]));
      return JSON.stringify({
        product_title: `Product ${i}`,
        product_description: `About product ${i}`,
        product_image: `images/${i}.jpg`,
        potential_product_categories: [truth.category, 'Toys & Games'],
        ground_truth_category: truth.category,
        ground_truth_brand: truth.brand,
        ground_truth_is_secondhand: truth.isSecondhand,
      });
    }),
  );
  dataset = join(dir, 'catalogue.jsonl');
  await writeFile(dataset, `${lines.join('\n')}\n`);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Writes a log of (qsl_idx, answer) records in the given completion order, in a folder of its own. */
async function writeLog(name: string, records: [number, string][]): Promise<string> {
  await mkdir(join(dir, name));
  const path = join(dir, name, 'mlperf_log_accuracy.json');
  const log = await openAccuracyLog(path);
  for (const [seqId, [qslIdx, answer]] of records.entries()) await log.add(seqId, qslIdx, answer);
  await log.close();
  return path;
}

const exists = (path: string) => access(path).then(() => true, () => false);

describe('mmload evaluate', () => {
  it('scores a passing log, prints the table and writes accuracy.txt and accuracy.json beside the log', async () => {
    const log = await writeLog('pass', [[1, ANSWERS[1]!], [0, ANSWERS[0]!]]);
    const { code, stdout, stderr } = await runCli(['evaluate', '--filename', log, '--dataset', dataset]);
    expect(stderr).not.toContain('error');
    expect(code).toBe(0);
    expect(stdout).toMatch(/Samples\s+2\n/);
    expect(stdout).toMatch(/Unparsable answers\s+0\n/);
    expect(stdout).toMatch(/Hierarchical precision \(hP\)\s+0\.800000\n/);
    expect(stdout).toMatch(/Hierarchical recall \(hR\)\s+0\.800000\n/);
    expect(stdout).toMatch(/Hierarchical F1 \(hF1\)\s+0\.800000\n/);
    expect(stdout).toMatch(/Brand score\s+1\.000000\n/);
    expect(stdout).toMatch(/Second-hand F1\s+1\.000000\n/);
    expect(stdout).toContain('Result: PASS (hF1 0.800000 >= 0.782397 = 0.7903 x 0.99)');
    // I, P, T = 2+6, 4+6, 4+6: the spec's 0.8000000000000002.
    const s = '{"f1": 0.8000000000000002}';
    expect(await readFile(join(dir, 'pass', 'accuracy.txt'), 'utf8')).toBe(`Results\n\n${s}\n\nhash=${createHash('sha256').update(s).digest('hex')}`);
    const json = JSON.parse(await readFile(join(dir, 'pass', 'accuracy.json'), 'utf8'));
    expect(json).toMatchObject({ samples: 2, unparsable: 0, hierarchical_f1: 0.8000000000000002, brand_score: 1, secondhand_f1: 1, passed: true, f1_target: 0.782397 });
    // Not a run's directory: nothing but the two files.
    expect(await exists(join(dir, 'pass', 'summary.json'))).toBe(false);
  });

  it('pads unparsable and empty answers into both totals, fails the gate, and writes to --output-dir', async () => {
    const log = await writeLog('fail', ANSWERS.map((answer, i) => [i, answer]));
    const out = join(dir, 'fail-results', 'nested');
    const { code, stdout } = await runCli(['evaluate', '--filename', log, '--dataset', dataset, '--output-dir', out]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/Samples\s+4\n/);
    expect(stdout).toMatch(/Unparsable answers\s+2\n/);
    // ΣI = 8, ΣP = ΣT = 4 + 6 + 3 + 2 = 15.
    expect(stdout).toMatch(/Hierarchical F1 \(hF1\)\s+0\.533333\n/);
    expect(stdout).toMatch(/Brand score\s+0\.500000\n/);
    expect(stdout).toContain('Result: FAIL (hF1 0.533333 < 0.782397');
    const json = JSON.parse(await readFile(join(out, 'accuracy.json'), 'utf8'));
    expect(json.hierarchical_precision).toBe(8 / 15);
    expect(json.passed).toBe(false);
    expect(await readFile(join(out, 'accuracy.txt'), 'utf8')).toMatch(/^Results\n\n\{"f1": 0\.533333333333333\d*\}\n\nhash=[0-9a-f]{64}$/);
    expect(await exists(join(dir, 'fail', 'accuracy.txt'))).toBe(false);
  });

  it('scores the same log the same way twice (the unparsable answers\' coin is seeded)', async () => {
    const log = await writeLog('twice', Array.from({ length: 40 }, (_, i) => [i % 4, i % 4 === 1 ? 'not json' : ANSWERS[i % 4]!] as [number, string]));
    const first = await runCli(['evaluate', '--filename', log, '--dataset', dataset]);
    const second = await runCli(['evaluate', '--filename', log, '--dataset', dataset]);
    expect(first.code).toBe(0);
    expect(second.stdout).toBe(first.stdout);
  });

  describe('refuses bad input with exit 2 and one line', () => {
    async function rawLog(name: string, text: string): Promise<string> {
      await mkdir(join(dir, name), { recursive: true });
      const path = join(dir, name, 'mlperf_log_accuracy.json');
      await writeFile(path, text);
      return path;
    }
    async function expectRefusal(args: string[], message: RegExp, noResultsIn?: string): Promise<void> {
      const { code, stdout, stderr } = await runCli(['evaluate', ...args]);
      expect(code, stderr).toBe(2);
      expect(stderr.trimEnd().split('\n'), stderr).toHaveLength(1);
      expect(stderr).toMatch(message);
      expect(stdout).toBe('');
      if (noResultsIn) expect(await exists(join(noResultsIn, 'accuracy.txt'))).toBe(false);
    }

    it('bad hex, invalid UTF-8, a qsl_idx outside the dataset, an empty log', async () => {
      const badHex = await rawLog('bad-hex', '[\n{ "seq_id" : 0, "qsl_idx" : 0, "data" : "7B" },\n{ "seq_id" : 1, "qsl_idx" : 1, "data" : "7B2" }\n]\n');
      await expectRefusal(['--filename', badHex, '--dataset', dataset], /record 1 \(seq_id 1, qsl_idx 1\): "data" is not hex/, join(dir, 'bad-hex'));
      const badUtf8 = await rawLog('bad-utf8', '[\n{ "seq_id" : 5, "qsl_idx" : 0, "data" : "7BFF7D" }\n]\n');
      await expectRefusal(['--filename', badUtf8, '--dataset', dataset], /record 0 \(seq_id 5, qsl_idx 0\): "data" is not valid UTF-8/, join(dir, 'bad-utf8'));
      const outside = await writeLog('outside', [[0, ANSWERS[0]!], [4, ANSWERS[0]!]]);
      await expectRefusal(['--filename', outside, '--dataset', dataset], /record 1 \(seq_id 1\): qsl_idx 4 is outside the dataset \(4 samples\)/, join(dir, 'outside'));
      const empty = await writeLog('empty', []);
      await expectRefusal(['--filename', empty, '--dataset', dataset], /the accuracy log has no records/);
    });

    it('a missing log or dataset, a malformed catalogue line, a missing column, a missing flag', async () => {
      const log = await writeLog('good', [[0, ANSWERS[0]!]]);
      await expectRefusal(['--filename', join(dir, 'absent.json'), '--dataset', dataset], /accuracy log not found/);
      await expectRefusal(['--filename', log, '--dataset', join(dir, 'absent.jsonl')], /catalogue file not found/, join(dir, 'good'));
      const malformed = join(dir, 'malformed.jsonl');
      await writeFile(malformed, `${(await readFile(dataset, 'utf8')).split('\n')[0]}\n{"product_title": "x",\n`);
      await expectRefusal(['--filename', log, '--dataset', malformed], /malformed\.jsonl:2: invalid JSON/, join(dir, 'good'));
      const noColumn = join(dir, 'no-column.jsonl');
      await writeFile(noColumn, (await readFile(dataset, 'utf8')).replace(/"ground_truth_brand":"Insta360",/, ''));
      await expectRefusal(['--filename', log, '--dataset', noColumn], /no-column\.jsonl:1: missing column "ground_truth_brand"/, join(dir, 'good'));
      await expectRefusal(['--filename', log], /Missing required argument: dataset/);
    });
  });
});
