// `mmload generate --preset mlperf-q3vl` on disk: JSONL with the dataset's column names, native-size JPEG photos beside it, the same bytes again by seed.
import { readFile, stat } from 'node:fs/promises';
import { dirname, isAbsolute, join } from 'node:path';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { CATALOGUE_COLUMNS } from '../src/workload/catalogue/catalogue-sample.js';
import { syntheticCatalogue } from '../src/workload/catalogue/synthetic-catalogue.js';
import { runCli } from './helpers/run-cli.js';
import { useScratch } from './helpers/shared-setup.js';

const ROWS = 20;
const SEED = 3;

const scratch = useScratch('mmload-catalogue-generate-');

describe('mmload generate --preset mlperf-q3vl', () => {
  let file: string;
  let lines: Record<string, unknown>[];

  beforeAll(async () => {
    const result = await runCli(['generate', '--preset', 'mlperf-q3vl', '-n', String(ROWS), '--seed', String(SEED), '--output-dir', 'catalogue'], { cwd: scratch.work });
    expect(result.stderr).not.toContain('error');
    expect(result.code).toBe(0);
    file = join(scratch.work, 'catalogue', `mlperf-q3vl_${ROWS}rows_seed${SEED}.jsonl`);
    expect(result.stdout).toContain(`wrote ${file}`);
    lines = (await readFile(file, 'utf8')).trimEnd().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
  }, 60_000);

  it("writes one line per product with the dataset's column names, in order, and the synthetic catalogue's rows", () => {
    expect(lines).toHaveLength(ROWS);
    const rowOf = syntheticCatalogue(SEED);
    const c = CATALOGUE_COLUMNS;
    lines.forEach((line, i) => {
      expect(Object.keys(line)).toEqual(Object.values(c));
      const row = rowOf(i);
      expect(line).toMatchObject({
        [c.title]: row.title, [c.description]: row.description, [c.candidates]: row.candidates,
        [c.category]: row.category, [c.brand]: row.brand, [c.isSecondhand]: row.isSecondhand,
      });
    });
  });

  it('points each product at a JPEG beside the file, at the native size drawn for it', async () => {
    const rowOf = syntheticCatalogue(SEED);
    const sides = new Set<number>();
    for (const [i, line] of lines.entries()) {
      const path = line[CATALOGUE_COLUMNS.image] as string;
      expect(isAbsolute(path)).toBe(false);
      const meta = await sharp(join(dirname(file), path)).metadata();
      expect(meta.format).toBe('jpeg');
      expect([meta.width, meta.height]).toEqual([rowOf(i).imageWidth, rowOf(i).imageHeight]);
      sides.add(meta.width);
    }
    expect(sides.size).toBeGreaterThanOrEqual(4);
  });

  it('writes the same bytes again for the same seed, reusing the photos already there', async () => {
    const before = await readFile(file);
    const firstPhoto = join(dirname(file), lines[0]![CATALOGUE_COLUMNS.image] as string);
    const photoTime = (await stat(firstPhoto)).mtimeMs;
    const again = await runCli(['generate', '--preset', 'mlperf-q3vl', '-n', String(ROWS), '--seed', String(SEED), '--output-dir', 'catalogue'], { cwd: scratch.work });
    expect(again.code).toBe(0);
    expect((await readFile(file)).equals(before)).toBe(true);
    expect((await stat(firstPhoto)).mtimeMs).toBe(photoTime);
  }, 60_000);

  it('refuses the image-reuse flags and a bad count in one line, exit 2, writing nothing', async () => {
    const result = await runCli(['generate', '--preset', 'mlperf-q3vl', '-n', '0', '--images-per-request', '3', '--output-dir', 'refused'], { cwd: scratch.work });
    expect(result.code).toBe(2);
    expect(result.stderr.trimEnd().split('\n')).toEqual([
      'mmload: --num-requests must be an integer >= 1 (got 0); --images-per-request does not apply to --preset mlperf-q3vl (its rows have the benchmark\'s own shapes)',
    ]);
    await expect(stat(join(scratch.work, 'refused'))).rejects.toThrow();
  });

  it('lists the preset in mmload generate --help', async () => {
    const help = await runCli(['generate', '--help'], { cwd: scratch.work });
    expect(help.stdout).toContain('"mlperf-q3vl"');
  });
});
