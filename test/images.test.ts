// Pool images: determinism per (seed, index), distinct pixels, formats and sizes, the disk cache, and the user's own images.
import { createHash } from 'node:crypto';
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, stat, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeRgb } from '../src/workload/images/encode-image.js';
import { cacheKey, generateImages, loadSourceImages, type GeneratedImageOptions, type PoolImage } from '../src/workload/images/index.js';
import { stampIndex } from '../src/workload/images/index-stamp.js';

let work: string;
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'mmload-images-'));
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

const small: GeneratedImageOptions = { count: 6, width: 64, height: 64, format: 'jpeg', style: 'photo', seed: 3, cacheDir: null };

/** A digest of the decoded RGB pixels: what a server's multimodal cache keys on. */
async function pixelHash(image: PoolImage): Promise<string> {
  const { data, info } = await sharp(image.bytes).raw().toBuffer({ resolveWithObject: true });
  expect([info.width, info.height]).toEqual([image.width, image.height]);
  return createHash('sha256').update(data).digest('hex');
}

const average = (images: PoolImage[]): number => images.reduce((sum, image) => sum + image.bytes.length, 0) / images.length;

describe('generateImages', () => {
  it('gives byte-identical images for the same seed, index and parameters, and other images for another seed', async () => {
    const a = await generateImages(small);
    const b = await generateImages(small);
    expect(a.map((image) => image.index)).toEqual([0, 1, 2, 3, 4, 5]);
    a.forEach((image, i) => expect(image.bytes.equals(b[i]!.bytes)).toBe(true));
    const other = await generateImages({ ...small, seed: 4 });
    a.forEach((image, i) => expect(image.bytes.equals(other[i]!.bytes)).toBe(false));
  });

  it('gives every index different decoded pixels, photo and noise alike', async () => {
    for (const style of ['photo', 'noise'] as const) {
      const images = await generateImages({ ...small, count: 40, style });
      const hashes = await Promise.all(images.map(pixelHash));
      expect(new Set(hashes).size).toBe(40);
    }
  });

  it('keeps identical content apart after JPEG through the index stamp alone', async () => {
    const base = Buffer.alloc(96 * 64 * 3);
    for (let i = 0; i < base.length; i++) base[i] = (i * 7919) % 251;
    const indices = [0, 1, 2 ** 31, 2 ** 32 - 1];
    const decoded = await Promise.all(indices.map(async (index) => {
      const rgb = Buffer.from(base);
      stampIndex(rgb, 96, 64, index);
      return sharp(await encodeRgb(rgb, 96, 64, 'jpeg')).raw().toBuffer();
    }));
    for (let a = 0; a < decoded.length; a++) for (let b = a + 1; b < decoded.length; b++) expect(decoded[a]!.equals(decoded[b]!)).toBe(false);
  });

  it('gives image i the same bytes whether generation starts at 0 or at a later first index', async () => {
    const fromZero = await generateImages({ ...small, count: 8 });
    const fromFive = await generateImages({ ...small, count: 3, first: 5 });
    expect(fromFive.map((image) => image.index)).toEqual([5, 6, 7]);
    fromFive.forEach((image, i) => expect(image.bytes.equals(fromZero[5 + i]!.bytes)).toBe(true));
  });

  it('encodes JPEG and PNG at the asked size', async () => {
    for (const [format, width, height] of [['jpeg', 96, 64], ['png', 64, 80]] as const) {
      const [image] = await generateImages({ ...small, count: 1, format, width, height });
      const meta = await sharp(image!.bytes).metadata();
      expect([meta.format, meta.width, meta.height, meta.channels]).toEqual([format, width, height, 3]);
      expect(image!.mime).toBe(`image/${format}`);
      expect([image!.width, image!.height]).toEqual([width, height]);
      expect(image!.path).toBeNull();
    }
  });

  it('compresses photo images like photographs and far better than noise', async () => {
    const photo = await generateImages({ ...small, count: 3, width: 512, height: 512 });
    const noise = await generateImages({ ...small, count: 3, width: 512, height: 512, style: 'noise' });
    expect(average(photo)).toBeGreaterThan(30_000);
    expect(average(photo)).toBeLessThan(120_000);
    expect(average(noise)).toBeGreaterThan(2.5 * average(photo));
  });

  it('reports progress once per image, ending at (count, count)', async () => {
    const seen: Array<[number, number]> = [];
    await generateImages({ ...small, count: 5, onProgress: (done, total) => seen.push([done, total]) });
    expect(seen).toEqual([1, 2, 3, 4, 5].map((done) => [done, 5]));
  });

  it('keeps images smaller than the full stamp distinct, down to 8×4 pixels', async () => {
    for (const [format, width, height] of [['png', 8, 4], ['jpeg', 32, 16]] as const) {
      const images = await generateImages({ ...small, count: 20, format, width, height });
      expect(new Set(await Promise.all(images.map(pixelHash))).size).toBe(20);
    }
  });

  it('refuses bad counts, sizes and formats', async () => {
    await expect(generateImages({ ...small, count: -1 })).rejects.toThrow(/count/);
    await expect(generateImages({ ...small, width: 0 })).rejects.toThrow(/width/);
    await expect(generateImages({ ...small, format: 'gif' as 'png' })).rejects.toThrow(/jpeg or png/);
  });
});

describe('generateImages disk cache', () => {
  const options = (cacheDir: string): GeneratedImageOptions => ({ ...small, count: 4, format: 'png', cacheDir });

  it('writes one file per image under a key of the parameters, then reads the same files back without re-encoding', async () => {
    const root = join(work, 'cache-reuse');
    const cold = await generateImages(options(root));
    const dir = join(root, cacheKey({ style: 'photo', width: 64, height: 64, format: 'png', seed: 3 }));
    expect((await readdir(dir)).sort()).toEqual(['img_000000.png', 'img_000001.png', 'img_000002.png', 'img_000003.png']);
    expect(cold[2]!.path).toBe(join(dir, 'img_000002.png'));
    const inodes = await Promise.all(cold.map(async (image) => (await stat(image.path!)).ino));

    const warm = await generateImages(options(root));
    const uncached = await generateImages({ ...options(root), cacheDir: null });
    for (const [i, image] of warm.entries()) {
      expect(image.path).toBe(cold[i]!.path);
      expect((await stat(image.path!)).ino).toBe(inodes[i]); // a rewrite would rename a new file into place
      expect(image.bytes.equals(cold[i]!.bytes)).toBe(true);
      expect(image.bytes.equals(uncached[i]!.bytes)).toBe(true);
    }
  });

  it('regenerates a cut-short or foreign cache file and rewrites it', async () => {
    const root = join(work, 'cache-corrupt');
    const cold = await generateImages(options(root));
    await truncate(cold[1]!.path!, 100);
    await writeFile(cold[3]!.path!, 'not a png at all');
    const again = await generateImages(options(root));
    for (const i of [1, 3]) {
      expect(again[i]!.bytes.equals(cold[i]!.bytes)).toBe(true);
      expect((await readFile(cold[i]!.path!)).equals(cold[i]!.bytes)).toBe(true);
    }
  });
});

describe('loadSourceImages', () => {
  let dir: string;
  beforeAll(async () => {
    dir = join(work, 'own');
    await mkdir(dir);
    await sharp({ create: { width: 200, height: 100, channels: 3, background: '#c04020' } }).png().toFile(join(dir, 'b-wide.png'));
    await sharp({ create: { width: 50, height: 80, channels: 4, background: { r: 10, g: 90, b: 200, alpha: 0.5 } } }).png().toFile(join(dir, 'a-tall.png'));
    await sharp({ create: { width: 120, height: 120, channels: 3, background: '#208040' } }).jpeg().toFile(join(dir, 'd-square.jpg'));
    await copyFile(join(dir, 'b-wide.png'), join(dir, 'c-copy.png'));
    await writeFile(join(dir, 'notes.txt'), 'not an image');
  });

  it('takes files in name order, resizes and re-encodes them, and skips unreadable files and repeats with a reason', async () => {
    const skipped: string[] = [];
    const images = await loadSourceImages({ dir, count: 3, width: 64, height: 48, format: 'jpeg', onSkip: (file) => skipped.push(file) });
    expect(images.map((image) => image.index)).toEqual([0, 1, 2]);
    expect(skipped.sort()).toEqual(['c-copy.png']);
    const colours = await Promise.all(images.map(async (image) => {
      const meta = await sharp(image.bytes).metadata();
      expect([meta.format, meta.width, meta.height, image.mime, image.path]).toEqual(['jpeg', 64, 48, 'image/jpeg', null]);
      const { data } = await sharp(image.bytes).raw().toBuffer({ resolveWithObject: true });
      return data[0]! > data[2]! ? 'red' : data[1]! > data[2]! ? 'green' : 'blue';
    }));
    expect(colours).toEqual(['blue', 'red', 'green']); // a-tall, b-wide, d-square
  });

  it('gives the i-th file in name order shape i when shapes vary per image', async () => {
    const shapes = [{ width: 64, height: 48, format: 'png' }, { width: 30, height: 70, format: 'jpeg' }, { width: 50, height: 50, format: 'png' }] as const;
    const images = await loadSourceImages({ dir, count: 3, shapeOf: (i) => shapes[i]! });
    const metas = await Promise.all(images.map((image) => sharp(image.bytes).metadata()));
    expect(metas.map((m) => [m.width, m.height, m.format])).toEqual(shapes.map((s) => [s.width, s.height, s.format]));
    expect(images.map((image) => [image.width, image.height, image.mime])).toEqual(shapes.map((s) => [s.width, s.height, `image/${s.format}`]));
  });

  it('fails clearly when the directory is missing or holds too few usable images', async () => {
    const reasons = new Map<string, string>();
    await expect(loadSourceImages({ dir: join(work, 'nowhere'), count: 1, width: 64, height: 64, format: 'png' })).rejects.toThrow(/directory not found/);
    await expect(loadSourceImages({ dir, count: 4, width: 64, height: 64, format: 'png', onSkip: (file, reason) => reasons.set(file, reason) }))
      .rejects.toThrow(/only 3 usable images, 4 needed/);
    expect([...reasons.keys()].sort()).toEqual(['c-copy.png', 'notes.txt']);
    expect(reasons.get('c-copy.png')).toMatch(/same pixels as b-wide.png/);
    const empty = join(work, 'empty');
    await mkdir(empty);
    await expect(loadSourceImages({ dir: empty, count: 1, width: 64, height: 64, format: 'png' })).rejects.toThrow(/no usable images/);
  });
});
