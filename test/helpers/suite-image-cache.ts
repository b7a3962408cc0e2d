// Vitest global setup: one generated-image cache for the whole suite ($MMLOAD_IMAGE_CACHE), so files that generate the same images share them (removed after), and images made on the calling thread.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export default function setup(): () => void {
  // The suite runs two files at a time, each starting mmload processes: image threads in each would only contend for the
  // same two cores (test/image-threads.test.ts checks the threads' images against the calling thread's).
  process.env.MMLOAD_IMAGE_THREADS ??= '0';
  // One given by the caller is used as it is and kept (a warm cache across runs of the suite).
  if (process.env.MMLOAD_IMAGE_CACHE) return () => {};
  const dir = mkdtempSync(join(tmpdir(), 'mmload-suite-images-'));
  // Test workers and the CLI processes they start inherit it.
  process.env.MMLOAD_IMAGE_CACHE = dir;
  return () => rmSync(dir, { recursive: true, force: true });
}
