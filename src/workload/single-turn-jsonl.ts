// Reads an aiperf single_turn JSONL input file line by line into validated entries.
import { open, type FileHandle } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { lineObject } from '../util/json-object.js';
import { readTurnFields, refuseUnknownFields, TURN_FIELDS, type Fail, type TurnFields } from './turn-fields.js';

/** One request of a single_turn file. Image references are unresolved (see image-refs). */
export interface SingleTurnEntry extends TurnFields {
  /** 1-based line number in the file. */
  readonly line: number;
  /** Lines sharing it are one session (see single-turn-sessions); `timestamp` is kept for trace replay (--fixed-schedule). */
  readonly sessionId?: string;
}

const FIELDS = ['type', ...TURN_FIELDS, 'session_id'];

/** Streams the non-blank lines of `path` as entries; errors are one line, `path:line: problem`. */
export async function* readSingleTurn(path: string): AsyncGenerator<SingleTurnEntry> {
  for await (const { line, text } of jsonlLines(path)) yield parseEntry(text, line, path);
}

/** The non-blank lines of a JSONL file with their 1-based numbers (a byte-order mark dropped), streamed. */
export async function* jsonlLines(path: string): AsyncGenerator<{ line: number; text: string }> {
  const handle = await openInput(path);
  const stream = handle.createReadStream({ encoding: 'utf8' });
  const lines = createInterface({ input: stream, crlfDelay: Infinity });
  let line = 0;
  try {
    for await (const raw of lines) {
      line++;
      const text = line === 1 ? raw.replace(/^\uFEFF/, '') : raw;
      if (text.trim() !== '') yield { line, text };
    }
  } finally {
    lines.close();
    stream.destroy();
  }
}

async function openInput(path: string): Promise<FileHandle> {
  let handle: FileHandle;
  try {
    handle = await open(path, 'r');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new Error(`input file not found: ${path}`);
    throw new Error(`cannot open input file ${path}: ${(err as Error).message}`);
  }
  if (!(await handle.stat()).isFile()) {
    await handle.close();
    throw new Error(`input file is not a regular file: ${path}`);
  }
  return handle;
}

function parseEntry(text: string, line: number, path: string): SingleTurnEntry {
  const fail: Fail = (problem) => {
    throw new Error(`${path}:${line}: ${problem}`);
  };
  const value = lineObject(text, fail);
  refuseUnknownFields(value, FIELDS, fail);
  if (value.type !== undefined && value.type !== 'single_turn') fail(`"type" must be "single_turn"`);
  const fields = readTurnFields(value, fail);
  if (value.session_id === undefined) return { line, ...fields };
  return { line, ...fields, sessionId: typeof value.session_id === 'string' ? value.session_id : fail('"session_id" must be a string') };
}
