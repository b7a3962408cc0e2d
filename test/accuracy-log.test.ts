// mlperf_log_accuracy.json: LoadGen's exact bytes from the writer, and the reader's strictness about hex and UTF-8.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readAccuracyLog } from '../src/mlperf/accuracy/accuracy-log-reader.js';
import { accuracyLogRecord, openAccuracyLog } from '../src/mlperf/accuracy/accuracy-log-writer.js';
import { UsageError } from '../src/util/exit-codes.js';

const VECTOR_ANSWER = '{"category": "A > B", "brand": "x", "is_secondhand": false}';
const VECTOR_HEX =
  '7B2263617465676F7279223A202241203E2042222C20226272616E64223A202278222C202269735F7365636F6E6468616E64223A2066616C73657D';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mmload-acclog-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('the accuracy log writer', () => {
  it("logs the spec's vector as its upper-case hex", () => {
    expect(accuracyLogRecord(true, 0, 0, VECTOR_ANSWER)).toBe(`\n{ "seq_id" : 0, "qsl_idx" : 0, "data" : "${VECTOR_HEX}" }`);
    expect(accuracyLogRecord(false, 1, 2, Buffer.from(VECTOR_ANSWER))).toBe(`,\n{ "seq_id" : 1, "qsl_idx" : 2, "data" : "${VECTOR_HEX}" }`);
  });

  it("writes LoadGen's exact bytes: [, records in the order added, an empty answer as \"\", then \\n]\\n", async () => {
    const path = join(dir, 'mlperf_log_accuracy.json');
    const log = await openAccuracyLog(path);
    await log.add(3, 17, VECTOR_ANSWER);
    await log.add(1, 4, '');
    await log.add(2, 0, Buffer.from('Café ☕', 'utf8'));
    await log.close();
    expect(await readFile(path, 'utf8')).toBe(
      '[\n' +
        `{ "seq_id" : 3, "qsl_idx" : 17, "data" : "${VECTOR_HEX}" },\n` +
        '{ "seq_id" : 1, "qsl_idx" : 4, "data" : "" },\n' +
        '{ "seq_id" : 2, "qsl_idx" : 0, "data" : "436166C3A920E29895" }\n' +
        ']\n',
    );
  });

  it('writes an empty log as [\\n]\\n', async () => {
    const path = join(dir, 'empty.json');
    await (await openAccuracyLog(path)).close();
    expect(await readFile(path, 'utf8')).toBe('[\n]\n');
  });

  it('round-trips many records through the reader, in order', async () => {
    const path = join(dir, 'many.json');
    const log = await openAccuracyLog(path);
    const answers = Array.from({ length: 5000 }, (_, i) => `{"category": "Näme ${i} > ${'x'.repeat(i % 300)}", "brand": "😀", "is_secondhand": ${i % 2 === 0}}`);
    for (const [i, answer] of answers.entries()) await log.add(i, answers.length - 1 - i, answer);
    await log.close();
    const entries = await readAccuracyLog(path);
    expect(entries).toHaveLength(answers.length);
    expect(entries.every((entry, i) => entry.index === i && entry.seqId === i && entry.qslIdx === answers.length - 1 - i && entry.answer === answers[i])).toBe(true);
  });

  it('takes many records added at once without waiting (as a run adds them): every one logged, one drain listener at a time', async () => {
    const path = join(dir, 'burst.json');
    const log = await openAccuracyLog(path);
    const warnings: Error[] = [];
    const onWarning = (warning: Error) => warnings.push(warning);
    process.on('warning', onWarning);
    try {
      const answer = 'y'.repeat(20_000);
      await Promise.all(Array.from({ length: 300 }, (_, i) => log.add(i, i, answer)));
      await log.close();
      await new Promise((resolve) => setImmediate(resolve));
    } finally {
      process.off('warning', onWarning);
    }
    expect(warnings.map((w) => w.name)).not.toContain('MaxListenersExceededWarning');
    expect(await readAccuracyLog(path)).toHaveLength(300);
  });

  it('refuses a path it cannot create', async () => {
    await expect(openAccuracyLog(join(dir, 'missing', 'log.json'))).rejects.toThrow(UsageError);
  });
});

describe('the accuracy log reader', () => {
  async function logWith(text: string): Promise<string> {
    const path = join(dir, 'log.json');
    await writeFile(path, text);
    return path;
  }

  it("reads Python's json.dump layouts of the same records, and lower-case hex", async () => {
    const records = [{ seq_id: 0, qsl_idx: 5, data: VECTOR_HEX }, { seq_id: 1, qsl_idx: 2, data: VECTOR_HEX.toLowerCase() }];
    for (const text of [JSON.stringify(records), JSON.stringify(records, null, 4), `[${records.map((r) => JSON.stringify(r).replace(/:/g, ': ').replace(/,/g, ', ')).join(', ')}]`]) {
      const entries = await readAccuracyLog(await logWith(text));
      expect(entries.map((e) => [e.seqId, e.qslIdx, e.answer])).toEqual([[0, 5, VECTOR_ANSWER], [1, 2, VECTOR_ANSWER]]);
    }
  });

  it('keeps a byte-order mark in an answer (the parser then rejects it), and decodes "" as an empty answer', async () => {
    const entries = await readAccuracyLog(await logWith(`[{"seq_id": 0, "qsl_idx": 0, "data": "EFBBBF${VECTOR_HEX}"}, {"seq_id": 1, "qsl_idx": 1, "data": ""}]`));
    expect(entries[0]!.answer).toBe(`\ufeff${VECTOR_ANSWER}`);
    expect(entries[1]!.answer).toBe('');
  });

  it('refuses bad hex and invalid UTF-8, naming the record', async () => {
    const refusals: [string, RegExp][] = [
      ['7B2', /record 1 \(seq_id 9, qsl_idx 3\): "data" is not hex/],
      ['7G', /record 1 \(seq_id 9, qsl_idx 3\): "data" is not hex/],
      ['7B 22', /record 1 \(seq_id 9, qsl_idx 3\): "data" is not hex/],
      ['C3', /record 1 \(seq_id 9, qsl_idx 3\): "data" is not valid UTF-8/], // a truncated 2-byte sequence
      ['FF41', /record 1 \(seq_id 9, qsl_idx 3\): "data" is not valid UTF-8/],
      ['EDA080', /record 1 \(seq_id 9, qsl_idx 3\): "data" is not valid UTF-8/], // an encoded surrogate
    ];
    for (const [data, message] of refusals) {
      const path = await logWith(`[{"seq_id": 8, "qsl_idx": 2, "data": "41"}, {"seq_id": 9, "qsl_idx": 3, "data": "${data}"}]`);
      await expect(readAccuracyLog(path), data).rejects.toThrow(message);
    }
  });

  it('refuses a file that is not a log of records', async () => {
    await expect(readAccuracyLog(join(dir, 'nothing.json'))).rejects.toThrow(/accuracy log not found/);
    await expect(readAccuracyLog(await logWith('[\n{ "seq_id" : 0, "qsl_idx" : 0, "data" : "41" },\n'))).rejects.toThrow(/invalid JSON/);
    await expect(readAccuracyLog(await logWith('{"seq_id": 0}'))).rejects.toThrow(/expected a JSON array/);
    await expect(readAccuracyLog(await logWith('[{"seq_id": 0, "data": "41"}]'))).rejects.toThrow(/record 0 \(seq_id 0\): "qsl_idx" must be a non-negative integer/);
    await expect(readAccuracyLog(await logWith('[{"seq_id": -1, "qsl_idx": 0, "data": "41"}]'))).rejects.toThrow(/record 0: "seq_id"/);
    await expect(readAccuracyLog(await logWith('[{"seq_id": 0, "qsl_idx": 0, "data": null}]'))).rejects.toThrow(/"data" must be a string/);
    await expect(readAccuracyLog(await logWith('[7]'))).rejects.toThrow(UsageError);
  });
});
