// Images made on worker threads are byte for byte those made in-process (files, cache files, order, progress); a thread's failure rejects.
import { mkdtemp, readdir, readFile, rm, unlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateImages, type GeneratedImageOptions, type ImageShape, type PoolImage } from '../src/workload/images/index.js';
import { defaultImageThreads as defaultFromSource } from '../src/workload/images/image-threads.js';

// A thread runs built code (npm test builds it first): the threads here run dist/workload/images/image-worker.js.
// dist/ has no type declarations, so the built module is typed as the src/ module it is built from.
const built: typeof import('../src/workload/images/image-threads.js') = await import('../dist/workload/images/image-threads.js' as string);

let work: string;
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'mmload-image-threads-'));
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

/** 40 small images in both formats, then a few full-size ones: shapes vary per index, as aiperf's size draws do. */
const shapeOf = (index: number): ImageShape => (index < 40
  ? { width: 128, height: 128, format: index % 2 === 0 ? 'jpeg' : 'png' }
  : { width: 512, height: 512, format: index % 2 === 0 ? 'png' : 'jpeg' });
const mixed = { count: 44, seed: 11, shapeOf, cacheDir: null } satisfies GeneratedImageOptions;

function expectSameImages(actual: PoolImage[], expected: PoolImage[]): void {
  expect(actual.map(({ index, mime, width, height }) => ({ index, mime, width, height })))
    .toEqual(expected.map(({ index, mime, width, height }) => ({ index, mime, width, height })));
  expect(actual.filter((image, i) => !image.bytes.equals(expected[i]!.bytes)).map((image) => image.index)).toEqual([]);
}

async function cacheFiles(root: string): Promise<Map<string, Buffer>> {
  const files = new Map<string, Buffer>();
  for (const dir of await readdir(root)) {
    for (const file of await readdir(join(root, dir))) files.set(join(dir, file), await readFile(join(root, dir, file)));
  }
  return files;
}

describe('images made on worker threads', () => {
  it('are the bytes made in-process, photo and noise, jpeg and png, small and 512×512, in index order', async () => {
    for (const style of ['photo', 'noise'] as const) {
      const inProcess = await generateImages({ ...mixed, style, threads: 0 });
      const threaded = await generateImages({ ...mixed, style, threads: 3 });
      expectSameImages(threaded, inProcess);
    }
  });

  it('write the same cache files, report progress once per image, and fill in what a partly warm cache lacks', async () => {
    const options = { count: 24, first: 5, seed: 2, width: 96, height: 64, format: 'jpeg' } as const;
    const inProcess = await generateImages({ ...options, cacheDir: join(work, 'in-process'), threads: 0 });
    const progress: Array<[number, number]> = [];
    const threadedRoot = join(work, 'threaded');
    const threaded = await generateImages({ ...options, cacheDir: threadedRoot, threads: 2, onProgress: (done, total) => progress.push([done, total]) });
    expectSameImages(threaded, inProcess);
    expect(progress).toEqual(Array.from({ length: 24 }, (_, i) => [i + 1, 24]));
    const files = await cacheFiles(threadedRoot);
    expect(files).toEqual(await cacheFiles(join(work, 'in-process')));
    expect(threaded.map((image) => image.path)).toEqual(inProcess.map((image) => image.path!.replace(join(work, 'in-process'), threadedRoot)));

    for (const image of threaded.filter((_, i) => i % 3 === 0)) await unlink(image.path!);
    const refilled = await generateImages({ ...options, cacheDir: threadedRoot, threads: 2 });
    expectSameImages(refilled, inProcess);
    expect(await cacheFiles(threadedRoot)).toEqual(files);
  });

  it('reject with the error of an image a thread cannot make, and take no more jobs once closed', async () => {
    const maker = built.startImageMaker(2);
    const job = { index: 0, style: 'photo', streamSeed: 1, width: 0, height: 8, format: 'png' } as const;
    await expect(maker.make(job)).rejects.toThrow(/empty/i);
    expect((await maker.make({ ...job, width: 8 })).subarray(1, 4).toString()).toBe('PNG');
    await maker.close();
    await expect(maker.make({ ...job, width: 8 })).rejects.toThrow(/closed/);
  });

  it('are used by default from the build only, for 64 images or more, one per core and at most one per image', () => {
    const threads = (count: number, cores: number, env: NodeJS.ProcessEnv = {}) => built.defaultImageThreads(count, cores, env);
    expect([threads(63, 8), threads(64, 8), threads(1460, 2), threads(70, 128)]).toEqual([0, 8, 2, 70]);
    // MMLOAD_IMAGE_THREADS caps them (0: none), as the test suite does; anything but a whole number is ignored.
    expect([threads(1460, 8, { MMLOAD_IMAGE_THREADS: '3' }), threads(1460, 8, { MMLOAD_IMAGE_THREADS: '0' }), threads(1460, 8, { MMLOAD_IMAGE_THREADS: 'x' })])
      .toEqual([3, 0, 8]);
    // Running from source, the built worker could be older than the code that asks it: images are made in-process.
    expect(defaultFromSource(1460, 8)).toBe(0);
  });
});
