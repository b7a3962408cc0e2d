// Reads an aiperf single_turn JSONL input file line by line into validated entries.
import { open, type FileHandle } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { isJsonObject, lineObject } from '../util/json-object.js';

/** One request of a single_turn file. Image references are unresolved (see image-refs). */
export interface SingleTurnEntry {
  /** 1-based line number in the file. */
  readonly line: number;
  readonly texts: readonly string[];
  readonly images: readonly string[];
  readonly imageUuids?: readonly string[];
  /** Fields merged into the request body after --extra-inputs (the line wins). */
  readonly extra?: Readonly<Record<string, unknown>>;
  /** The token cap of this line, winning over --osl. */
  readonly outputLength?: number;
  /** Kept for trace replay (--fixed-schedule) and sessions, which later issues use. */
  readonly timestamp?: number;
  readonly delay?: number;
  readonly sessionId?: string;
}

type Draft = { -readonly [K in keyof SingleTurnEntry]: SingleTurnEntry[K] };

const FIELDS = new Set(['type', 'text', 'texts', 'image', 'images', 'image_uuids', 'extra', 'output_length', 'timestamp', 'delay', 'session_id']);

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
  const fail = (problem: string): never => {
    throw new Error(`${path}:${line}: ${problem}`);
  };
  const value = lineObject(text, fail);
  const unknown = Object.keys(value).find((key) => !FIELDS.has(key));
  if (unknown !== undefined) fail(`unknown field "${unknown}" (expected ${[...FIELDS].join(', ')})`);
  if (value.type !== undefined && value.type !== 'single_turn') fail(`"type" must be "single_turn"`);

  const texts = oneOrList(value, 'text', 'texts', fail).filter((t) => t.length > 0);
  const images = oneOrList(value, 'image', 'images', fail);
  if (texts.length === 0 && images.length === 0) fail('needs "text", "texts", "image" or "images"');
  if (images.some((ref) => ref.length === 0)) fail('an image reference is empty');

  const entry: Draft = { line, texts, images };
  if (value.image_uuids !== undefined) {
    const uuids = isStringList(value.image_uuids) ? value.image_uuids : fail('"image_uuids" must be a list of strings');
    if (uuids.length !== images.length) fail(`"image_uuids" has ${uuids.length} entries for ${images.length} images`);
    entry.imageUuids = uuids;
  }
  if (value.extra !== undefined) entry.extra = isJsonObject(value.extra) ? value.extra : fail('"extra" must be a JSON object');
  const length = value.output_length;
  if (length !== undefined) {
    entry.outputLength = typeof length === 'number' && Number.isInteger(length) && length > 0 ? length : fail('"output_length" must be a positive integer');
  }
  if (value.timestamp !== undefined) entry.timestamp = nonNegative(value.timestamp, 'timestamp', fail);
  if (value.delay !== undefined) entry.delay = nonNegative(value.delay, 'delay', fail);
  if (value.session_id !== undefined) entry.sessionId = typeof value.session_id === 'string' ? value.session_id : fail('"session_id" must be a string');
  return entry;
}

/** `one` (a string) or `list` (strings), never both; absent gives []. */
function oneOrList(value: Record<string, unknown>, one: string, list: string, fail: (problem: string) => never): string[] {
  if (value[one] !== undefined && value[list] !== undefined) fail(`use "${one}" or "${list}", not both`);
  if (value[one] !== undefined) return typeof value[one] === 'string' ? [value[one]] : fail(`"${one}" must be a string`);
  if (value[list] !== undefined) return isStringList(value[list]) ? value[list] : fail(`"${list}" must be a list of strings`);
  return [];
}

function nonNegative(value: unknown, name: string, fail: (problem: string) => never): number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : fail(`"${name}" must be a number >= 0`);
}

function isStringList(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string');
}
