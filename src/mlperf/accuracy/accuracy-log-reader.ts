// Reads mlperf_log_accuracy.json (LoadGen's, or the same records written by another JSON writer) into decoded answers.
import { readFile } from 'node:fs/promises';
import { isJsonObject } from '../../util/json-object.js';
import { UsageError } from '../../util/exit-codes.js';

/** One logged response, its answer decoded. */
export interface AccuracyLogEntry {
  /** The record's position in the log, from 0. */
  readonly index: number;
  readonly seqId: number;
  /** The sample's index in the dataset. */
  readonly qslIdx: number;
  /** The answer's text: the record's hex data decoded as UTF-8 (a byte-order mark kept, as the reference keeps it). */
  readonly answer: string;
}

const HEX = /^(?:[0-9A-Fa-f]{2})*$/;
const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * Every record of the log, in its order. Any JSON layout of the array is read; `data` is hex of either case. A missing
 * file, bad JSON, a record without integer seq_id and qsl_idx or string data, hex that is not hex, or bytes that are
 * not UTF-8: a UsageError naming the file and the record.
 */
export async function readAccuracyLog(path: string): Promise<AccuracyLogEntry[]> {
  const records = parseLog(path, await readLogText(path));
  return records.map((record, index) => readRecord(record, index, path));
}

async function readLogText(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new UsageError(`accuracy log not found: ${path}`);
    throw new UsageError(`cannot read ${path}: ${(err as Error).message}`);
  }
}

function parseLog(path: string, text: string): unknown[] {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new UsageError(`${path}: invalid JSON (${(err as Error).message})`);
  }
  if (!Array.isArray(value)) throw new UsageError(`${path}: expected a JSON array of accuracy records`);
  return value;
}

function readRecord(record: unknown, index: number, path: string): AccuracyLogEntry {
  const fail = (where: string, problem: string): never => {
    throw new UsageError(`${path}: record ${index}${where}: ${problem}`);
  };
  if (!isJsonObject(record)) return fail('', 'expected an object with seq_id, qsl_idx and data');
  const { seq_id: seqId, qsl_idx: qslIdx, data } = record;
  if (!isIndex(seqId)) return fail('', '"seq_id" must be a non-negative integer');
  if (!isIndex(qslIdx)) return fail(` (seq_id ${seqId})`, '"qsl_idx" must be a non-negative integer');
  const where = ` (seq_id ${seqId}, qsl_idx ${qslIdx})`;
  if (typeof data !== 'string') return fail(where, '"data" must be a string of hex digits');
  if (!HEX.test(data)) return fail(where, '"data" is not hex (an even number of the digits 0-9, A-F)');
  let answer: string;
  try {
    answer = UTF8.decode(Buffer.from(data, 'hex'));
  } catch {
    return fail(where, '"data" is not valid UTF-8');
  }
  return { index, seqId, qslIdx, answer };
}

function isIndex(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}
