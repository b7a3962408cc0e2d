// Writes generated workloads as JSONL (aiperf single_turn, named the way the seed generators name their files, or any lines).
import { open } from 'node:fs/promises';
import { writeAtomically } from '../fs/write-atomically.js';
import { roundHalfEven } from '../model/qwen3-vl-tokens.js';

/** One request: `{"text": ..., "images": [...], "image_uuids": [...]}`; an empty text or image list is left out. */
export interface SingleTurnLine {
  readonly text: string;
  readonly images: readonly string[];
  readonly image_uuids?: readonly string[];
}

export interface JsonlNameOptions {
  readonly requests: number;
  readonly imagesPerRequest: number;
  /** Distinct images; without it and without `hitRate`, one per slot (the seed generator's default). */
  readonly pool?: number;
  readonly hitRate?: number;
  readonly userTextTokens: number;
  readonly mode: 'base64' | 'http';
}

/** Bytes gathered before each write, so a large file streams out in few system calls. */
const CHUNK_CHARS = 1 << 20;

/**
 * `100req_20img_27pct_4000word.jsonl` with a hit rate (pct = Python's round(h·100)),
 * `500req_3img_200pool_300word.jsonl` with a pool, `_http` before `.jsonl` in http mode.
 */
export function jsonlFileName(options: JsonlNameOptions): string {
  const { requests, imagesPerRequest, pool, hitRate, userTextTokens, mode } = options;
  if (pool !== undefined && hitRate !== undefined) throw new RangeError('name a pool size or a cache hit rate, not both');
  const reuse = hitRate === undefined ? `${pool ?? requests * imagesPerRequest}pool` : `${roundHalfEven(hitRate * 100)}pct`;
  return `${requests}req_${imagesPerRequest}img_${reuse}_${userTextTokens}word${mode === 'http' ? '_http' : ''}.jsonl`;
}

/**
 * Writes one JSON line per request to a temporary file beside `path`, then renames it over `path`, so
 * readers never see a half-written file. On failure the temporary file is removed and `path` is left as it was.
 */
export async function writeJsonl(path: string, lines: Iterable<SingleTurnLine> | AsyncIterable<SingleTurnLine>): Promise<void> {
  async function* texts(): AsyncGenerator<string> {
    let number = 0;
    for await (const line of lines) yield jsonLine(line, ++number);
  }
  await writeLines(path, texts());
}

/**
 * Writes each text as one line, atomically as writeJsonl does; texts are consumed as they come and written in
 * ~1 MB chunks, so a large file streams out in few system calls.
 */
export async function writeLines(path: string, texts: Iterable<string> | AsyncIterable<string>): Promise<void> {
  await writeAtomically(path, async (temporary) => {
    const handle = await open(temporary, 'wx');
    try {
      let chunk = '';
      for await (const text of texts) {
        chunk += `${text}\n`;
        if (chunk.length >= CHUNK_CHARS) {
          await handle.writeFile(chunk);
          chunk = '';
        }
      }
      if (chunk !== '') await handle.writeFile(chunk);
      await handle.sync();
    } finally {
      await handle.close();
    }
  });
}

function jsonLine(line: SingleTurnLine, number: number): string {
  if (line.text === '' && line.images.length === 0) throw new RangeError(`line ${number} has neither text nor images`);
  if (line.image_uuids && line.image_uuids.length !== line.images.length) {
    throw new RangeError(`line ${number} has ${line.image_uuids.length} image uuids for ${line.images.length} images`);
  }
  const record: { text?: string; images?: readonly string[]; image_uuids?: readonly string[] } = {};
  if (line.text !== '') record.text = line.text;
  if (line.images.length > 0) record.images = line.images;
  if (line.image_uuids && line.images.length > 0) record.image_uuids = line.image_uuids;
  return JSON.stringify(record);
}
