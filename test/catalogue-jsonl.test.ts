// The MLPerf Q3VL catalogue's JSONL form: truth read without images, samples read with theirs, malformed rows refused by line.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { catalogueSamplesJsonl, readCatalogueTruthJsonl } from '../src/workload/catalogue/catalogue-jsonl.js';
import { CATALOGUE_COLUMNS } from '../src/workload/catalogue/catalogue-sample.js';
import { readCatalogueTruth } from '../src/workload/catalogue/read-catalogue.js';
import { collect } from './helpers/collect.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mmload-catalogue-'));
  await mkdir(join(dir, 'images'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function row(i: number, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    [CATALOGUE_COLUMNS.title]: `Product ${i}`,
    [CATALOGUE_COLUMNS.description]: `<style>.a{}</style> description ${i}`,
    [CATALOGUE_COLUMNS.image]: `images/${i}.jpg`,
    [CATALOGUE_COLUMNS.candidates]: ['A > B', `A > B > C${i}`, "Men's > D"],
    [CATALOGUE_COLUMNS.category]: `A > B > C${i}`,
    [CATALOGUE_COLUMNS.brand]: `Brand ${i}`,
    [CATALOGUE_COLUMNS.isSecondhand]: i === 1,
    ...overrides,
  };
}

async function catalogue(rows: Record<string, unknown>[], extraLines = ''): Promise<string> {
  for (let i = 0; i < rows.length; i++) await writeFile(join(dir, 'images', `${i}.jpg`), Buffer.from([0xff, 0xd8, i, 0xff, 0xd9]));
  const path = join(dir, 'catalogue.jsonl');
  await writeFile(path, rows.map((r) => JSON.stringify(r)).join('\n') + '\n' + extraLines);
  return path;
}

describe('the catalogue JSONL reader', () => {
  it('reads every row\'s truth in order, with no image read', async () => {
    const path = await catalogue([row(0), row(1), row(2)]);
    await rm(join(dir, 'images'), { recursive: true });
    const truths = await readCatalogueTruthJsonl(path);
    expect(truths).toEqual([
      { category: 'A > B > C0', brand: 'Brand 0', isSecondhand: false },
      { category: 'A > B > C1', brand: 'Brand 1', isSecondhand: true },
      { category: 'A > B > C2', brand: 'Brand 2', isSecondhand: false },
    ]);
    expect(await readCatalogueTruth(path)).toEqual(truths);
  });

  it('reads the first N samples with their images, relative to the file', async () => {
    const path = await catalogue([row(0), row(1), row(2)]);
    const samples = await collect(catalogueSamplesJsonl(path, 2));
    expect(samples).toHaveLength(2);
    expect(samples[1]).toEqual({
      title: 'Product 1',
      description: '<style>.a{}</style> description 1',
      candidates: ['A > B', 'A > B > C1', "Men's > D"],
      category: 'A > B > C1',
      brand: 'Brand 1',
      isSecondhand: true,
      image: Buffer.from([0xff, 0xd8, 1, 0xff, 0xd9]),
    });
    expect(await collect(catalogueSamplesJsonl(path))).toHaveLength(3);
  });

  it('refuses a malformed line, a missing column or a wrong type, naming the line', async () => {
    await expect(readCatalogueTruthJsonl(await catalogue([row(0)], '{"product_title": \n'))).rejects.toThrow(/catalogue\.jsonl:2: invalid JSON/);
    const { ground_truth_brand: _, ...noBrand } = row(1);
    await expect(readCatalogueTruthJsonl(await catalogue([row(0), noBrand]))).rejects.toThrow(/catalogue\.jsonl:2: missing column "ground_truth_brand"/);
    await expect(readCatalogueTruthJsonl(await catalogue([row(0, { ground_truth_is_secondhand: 'no' })]))).rejects.toThrow(/:1: column "ground_truth_is_secondhand" must be true or false/);
    await expect(readCatalogueTruthJsonl(await catalogue([row(0, { potential_product_categories: 'A > B' })]))).rejects.toThrow(/:1: column "potential_product_categories" must be a list of strings/);
    await expect(readCatalogueTruthJsonl(await catalogue([row(0, { ground_truth_category: null })]))).rejects.toThrow(/:1: column "ground_truth_category" must be a string/);
    await expect(collect(catalogueSamplesJsonl(await catalogue([row(0, { product_image: 'images/none.jpg' })])))).rejects.toThrow(/:1: cannot read product_image .*none\.jpg: ENOENT/);
    await expect(readCatalogueTruthJsonl(join(dir, 'absent.jsonl'))).rejects.toThrow(/catalogue file not found/);
  });
});
