// Vitest global setup: one generated-image cache for the whole suite ($MMLOAD_IMAGE_CACHE), so files that generate the same images share them; removed after.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export default function setup(): () => void {
  // One given by the caller is used as it is and kept (a warm cache across runs of the suite).
  if (process.env.MMLOAD_IMAGE_CACHE) return () => {};
  const dir = mkdtempSync(join(tmpdir(), 'mmload-suite-images-'));
  // Test workers and the CLI processes they start inherit it.
  process.env.MMLOAD_IMAGE_CACHE = dir;
  return () => rmSync(dir, { recursive: true, force: true });
}
