// The catalogue's parquet form: files written with the reference's column names and types read back in sample order; bad files refused in one line.
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catalogueSamplesParquet, readCatalogueTruthParquet } from '../src/workload/catalogue/catalogue-parquet.js';
import type { CatalogueSample } from '../src/workload/catalogue/catalogue-sample.js';
import { syntheticCatalogue } from '../src/workload/catalogue/synthetic-catalogue.js';
import { UsageError } from '../src/util/exit-codes.js';
import { writeCatalogueParquet } from './fixtures/catalogue-parquet.js';
import { collect } from './helpers/collect.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mmload-catalogue-parquet-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** `count` samples named `${label}${i}`, each with its own small JPEG. */
async function samples(label: string, count: number): Promise<CatalogueSample[]> {
  return Promise.all(Array.from({ length: count }, async (_, i) => ({
    title: `${label}${i} Café "Men's" Boots`,
    description: i === 0 ? '<div class="x"><script>var a = 1;</script></div>' : `Line one.\nLine two of ${label}${i}.`,
    candidates: [`Apparel > Shoes > ${label}${i}`, "Apparel > Men's > Boots", 'Home & Garden > Lawn (Outdoor) > Edger Belts'],
    category: `Apparel > Shoes > ${label}${i}`,
    brand: `Brand-${label}${i}`,
    isSecondhand: i % 3 === 1,
    image: await sharp({ create: { width: 8 + i, height: 8, channels: 3, background: { r: 10 * i, g: 40, b: 90 } } }).jpeg().toBuffer(),
  })));
}

function truthOf(sample: CatalogueSample) {
  return { category: sample.category, brand: sample.brand, isSecondhand: sample.isSecondhand };
}

/** The UsageError `promise` rejects with; fails unless it is one, on one line. */
async function usageError(promise: Promise<unknown>): Promise<string> {
  const err = await promise.then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(UsageError);
  const message = (err as Error).message;
  expect(message).not.toContain('\n');
  return message;
}

describe('reading the catalogue from parquet', () => {
  let train0: CatalogueSample[];
  let train1: CatalogueSample[];
  let test0: CatalogueSample[];
  let hubDir: string;

  beforeAll(async () => {
    [train0, train1, test0] = await Promise.all([samples('a', 5), samples('b', 3), samples('c', 4)]);
    hubDir = join(dir, 'hub');
    await mkdir(join(hubDir, 'data'), { recursive: true });
    await writeFile(join(hubDir, 'README.md'), '# a dataset card\n');
    // Written test first, so directory order is not creation order; two row groups per file.
    await writeCatalogueParquet(join(hubDir, 'data', 'test-00000-of-00001.parquet'), test0, { rowGroupSize: 2 });
    await writeCatalogueParquet(join(hubDir, 'data', 'train-00001-of-00002.parquet'), train1, { rowGroupSize: 2 });
    await writeCatalogueParquet(join(hubDir, 'data', 'train-00000-of-00002.parquet'), train0, { rowGroupSize: 2 });
  });

  it('reads a Hub directory as train files in name order, then test files: row i is sample i', async () => {
    const all = [...train0, ...train1, ...test0];
    expect(await readCatalogueTruthParquet([hubDir])).toEqual(all.map(truthOf));
    expect(await collect(catalogueSamplesParquet([hubDir]))).toEqual(all);
  });

  it('reads only the first count samples, across row groups and files', async () => {
    const six = await collect(catalogueSamplesParquet([join(hubDir, 'data')], 6));
    expect(six).toEqual([...train0, train1[0]]);
    expect(six[2]!.image.equals(train0[2]!.image)).toBe(true);
    expect(await collect(catalogueSamplesParquet([hubDir], 0))).toEqual([]);
    expect(await collect(catalogueSamplesParquet([hubDir], 13))).toHaveLength(12);
  });

  it('reads explicit files in the order given', async () => {
    const files = ['test-00000-of-00001.parquet', 'train-00000-of-00002.parquet'].map((name) => join(hubDir, 'data', name));
    expect(await readCatalogueTruthParquet(files)).toEqual([...test0, ...train0].map(truthOf));
  });

  it("reads the Hub's parquet conversion layout (default/train/0000.parquet), train before test", async () => {
    const converted = join(dir, 'converted');
    await mkdir(join(converted, 'default', 'train'), { recursive: true });
    await mkdir(join(converted, 'default', 'test'), { recursive: true });
    await writeCatalogueParquet(join(converted, 'default', 'test', '0000.parquet'), test0);
    await writeCatalogueParquet(join(converted, 'default', 'train', '0000.parquet'), train1);
    expect(await readCatalogueTruthParquet([converted])).toEqual([...train1, ...test0].map(truthOf));
  });

  it('refuses a directory holding a parquet file of neither split, or none at all', async () => {
    const odd = join(dir, 'odd');
    await mkdir(odd);
    expect(await usageError(readCatalogueTruthParquet([odd]))).toBe(`no .parquet file under the catalogue directory ${odd}`);
    await writeCatalogueParquet(join(odd, 'validation-00000-of-00001.parquet'), test0);
    expect(await usageError(readCatalogueTruthParquet([odd]))).toContain(`cannot tell whether ${join(odd, 'validation-00000-of-00001.parquet')} is the train or the test split`);
    expect(await usageError(readCatalogueTruthParquet([join(dir, 'absent')]))).toBe(`catalogue not found: ${join(dir, 'absent')}`);
  });

  it('reads back 200 synthetic rows (long descriptions with source, non-ASCII names) over many row groups', async () => {
    const rowOf = syntheticCatalogue(11);
    const image = train0[0]!.image;
    const synthetic: CatalogueSample[] = Array.from({ length: 200 }, (_, i) => {
      const { imageWidth: _w, imageHeight: _h, ...row } = rowOf(i);
      return { ...row, image };
    });
    expect(synthetic.some((s) => /[^\x00-\x7f]/.test(s.candidates.join('')))).toBe(true);
    expect(synthetic.some((s) => s.description.includes('<script>'))).toBe(true);
    const file = join(dir, 'synthetic.parquet');
    await writeCatalogueParquet(file, synthetic, { rowGroupSize: 64 });
    expect(await collect(catalogueSamplesParquet([file]))).toEqual(synthetic);
    expect(await readCatalogueTruthParquet([file])).toEqual(synthetic.map(truthOf));
  });

  it('reads the truth without the image column: only the three truth columns are touched', async () => {
    const noImages = join(dir, 'no-images.parquet');
    await writeCatalogueParquet(noImages, test0, { omit: 'product_image' });
    expect(await readCatalogueTruthParquet([noImages])).toEqual(test0.map(truthOf));
    const message = await usageError(collect(catalogueSamplesParquet([noImages])));
    expect(message).toMatch(new RegExp(`^${noImages}: no column product_image `));
  });
});

describe('malformed parquet', () => {
  let some: CatalogueSample[];
  beforeAll(async () => {
    some = await samples('m', 3);
  });

  it('refuses a file that is not parquet, naming it', async () => {
    const notParquet = join(dir, 'train-00000-of-00001.parquet');
    await writeFile(notParquet, '{"product_title": "a JSON line, not parquet"}\n');
    expect(await usageError(readCatalogueTruthParquet([notParquet]))).toMatch(new RegExp(`^${notParquet}: not a readable parquet file \\(.+\\)$`));
    const cut = join(dir, 'cut.parquet');
    await writeCatalogueParquet(cut, some);
    await writeFile(cut, (await readFile(cut)).subarray(0, 200));
    expect(await usageError(collect(catalogueSamplesParquet([cut])))).toMatch(new RegExp(`^${cut}: not a readable parquet file`));
  });

  it('refuses a missing truth column, naming file and column', async () => {
    const file = join(dir, 'no-brand.parquet');
    await writeCatalogueParquet(file, some, { omit: 'ground_truth_brand' });
    expect(await usageError(readCatalogueTruthParquet([file]))).toMatch(new RegExp(`^${file}: no column ground_truth_brand \\(`));
  });

  it('refuses a column of the wrong type, naming file, column and both types', async () => {
    const cases: [string, string][] = [
      ['ground_truth_is_secondhand', 'is BYTE_ARRAY (UTF8), not a BOOLEAN'],
      ['potential_product_categories', 'is BYTE_ARRAY (UTF8), not a list of strings'],
      ['product_image', 'is BYTE_ARRAY (UTF8), not a struct with a binary bytes field'],
    ];
    for (const [column, complaint] of cases) {
      const file = join(dir, `string-${column}.parquet`);
      await writeCatalogueParquet(file, some, { asStrings: column });
      expect(await usageError(collect(catalogueSamplesParquet([file])))).toBe(`${file}: column ${column} ${complaint}`);
    }
  });

  it('reads strings stored as bare BYTE_ARRAY as UTF-8, and refuses bytes that are not UTF-8', async () => {
    const file = join(dir, 'bare-titles.parquet');
    await writeCatalogueParquet(file, some, { unannotated: { column: 'product_title' } });
    expect(await collect(catalogueSamplesParquet([file]))).toEqual(some);
    const bad = join(dir, 'bad-utf8.parquet');
    await writeCatalogueParquet(bad, some, { unannotated: { column: 'ground_truth_brand', bytesOf: (v, row) => (row === 1 ? new Uint8Array([0x41, 0xff]) : new TextEncoder().encode(v)) } });
    expect(await usageError(readCatalogueTruthParquet([bad]))).toBe(`${bad}: row 1 of column ground_truth_brand is not valid UTF-8`);
  });

  it('refuses a null truth cell, naming file, row and column', async () => {
    const file = join(dir, 'null-category.parquet');
    const withNull = some.map((s, i) => (i === 2 ? { ...s, category: null as unknown as string } : s));
    await writeCatalogueParquet(file, withNull);
    expect(await usageError(readCatalogueTruthParquet([file]))).toBe(`${file}: row 2 of column ground_truth_category is null`);
  });
});
