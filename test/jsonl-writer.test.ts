// single_turn JSONL writer: the seed generators' file names, round trips through the reader, atomic replacement.
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jsonlFileName, writeJsonl, type SingleTurnLine } from '../src/workload/jsonl-writer.js';
import { readSingleTurn, type SingleTurnEntry } from '../src/workload/single-turn-jsonl.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mmload-jsonl-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function readAll(path: string): Promise<SingleTurnEntry[]> {
  const entries: SingleTurnEntry[] = [];
  for await (const entry of readSingleTurn(path)) entries.push(entry);
  return entries;
}

describe('jsonlFileName', () => {
  const base = { requests: 100, imagesPerRequest: 20, userTextTokens: 4000, mode: 'base64' } as const;

  it('encodes the parameters as the seed generators do', () => {
    expect(jsonlFileName({ ...base, hitRate: 0.27 })).toBe('100req_20img_27pct_4000word.jsonl');
    expect(jsonlFileName({ requests: 500, imagesPerRequest: 3, pool: 200, userTextTokens: 300, mode: 'base64' })).toBe('500req_3img_200pool_300word.jsonl');
    expect(jsonlFileName({ requests: 500, imagesPerRequest: 3, pool: 200, userTextTokens: 300, mode: 'http' })).toBe('500req_3img_200pool_300word_http.jsonl');
    expect(jsonlFileName({ ...base, hitRate: 0.2, mode: 'http' })).toBe('100req_20img_20pct_4000word_http.jsonl');
  });

  it('rounds the percentage as Python does, and names the all-unique default pool', () => {
    expect(jsonlFileName({ ...base, hitRate: 0.125 })).toBe('100req_20img_12pct_4000word.jsonl');
    expect(jsonlFileName({ ...base, hitRate: 0.015 })).toBe('100req_20img_2pct_4000word.jsonl');
    expect(jsonlFileName(base)).toBe('100req_20img_2000pool_4000word.jsonl');
    expect(() => jsonlFileName({ ...base, pool: 5, hitRate: 0.5 })).toThrow(/not both/);
  });
});

describe('writeJsonl', () => {
  it('round-trips texts, images and uuids through the single_turn reader, across many write chunks', async () => {
    const path = join(dir, 'round-trip.jsonl');
    const lines: SingleTurnLine[] = Array.from({ length: 3000 }, (_, i) => ({
      text: `Request ${i} says "hello"\nwith a tab\t, a backslash \\ and ünïcødé ✓. ${'word '.repeat(200)}`,
      images: [`/abs/path/img_${String(i).padStart(6, '0')}.jpg`, `/abs/path/img_${String(i + 1).padStart(6, '0')}.jpg`],
      ...(i % 2 === 0 ? { image_uuids: [`u${i}`, `u${i + 1}`] } : {}),
    }));
    await writeJsonl(path, lines);
    const entries = await readAll(path);
    expect(entries).toHaveLength(3000);
    entries.forEach((entry, i) => {
      expect(entry.texts).toEqual([lines[i]!.text]);
      expect(entry.images).toEqual(lines[i]!.images);
      expect(entry.imageUuids).toEqual(lines[i]!.image_uuids);
    });
    const raw = await readFile(path, 'utf8');
    expect(raw.length).toBeGreaterThan(2 << 20);
    expect(raw.split('\n')[0]).toMatch(/^\{"text":"Request 0 .*","images":\["\/abs\/path\/img_000000.jpg","\/abs\/path\/img_000001.jpg"\],"image_uuids":\["u0","u1"\]\}$/);
  });

  it('consumes an async source and shows the file only once it is complete', async () => {
    const path = join(dir, 'streamed.jsonl');
    const seenBeforeEnd: boolean[] = [];
    async function* source(): AsyncGenerator<SingleTurnLine> {
      for (let i = 0; i < 5; i++) {
        seenBeforeEnd.push(existsSync(path));
        yield { text: `text ${i}`, images: [] };
      }
    }
    await writeJsonl(path, source());
    expect(seenBeforeEnd).toEqual([false, false, false, false, false]);
    expect((await readAll(path)).map((entry) => entry.texts[0])).toEqual(['text 0', 'text 1', 'text 2', 'text 3', 'text 4']);
  });

  it('leaves out an empty text or image list', async () => {
    const path = join(dir, 'sparse.jsonl');
    await writeJsonl(path, [{ text: 'only text', images: [] }, { text: '', images: ['/a.png'] }]);
    expect(await readFile(path, 'utf8')).toBe('{"text":"only text"}\n{"images":["/a.png"]}\n');
  });

  it('keeps the old file and leaves no temporary file when writing fails', async () => {
    const path = join(dir, 'kept.jsonl');
    await writeFile(path, 'old\n');
    function* failing(): Generator<SingleTurnLine> {
      yield { text: 'one', images: [] };
      throw new Error('source broke');
    }
    await expect(writeJsonl(path, failing())).rejects.toThrow('source broke');
    await expect(writeJsonl(path, [{ text: 'a', images: [] }, { text: '', images: [] }])).rejects.toThrow('line 2 has neither text nor images');
    await expect(writeJsonl(path, [{ text: 'a', images: ['/x.png'], image_uuids: [] }])).rejects.toThrow('line 1 has 0 image uuids for 1 images');
    expect(await readFile(path, 'utf8')).toBe('old\n');
    expect((await readdir(dir)).filter((name) => name.includes('kept'))).toEqual(['kept.jsonl']);
  });
});
