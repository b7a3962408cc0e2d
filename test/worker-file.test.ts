// A worker thread's entry is the built file under dist/, whether the code that starts the thread runs from src/ or dist/.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { builtWorkerFile } from '../src/util/worker-file.js';

const root = new URL('../', import.meta.url);

describe('builtWorkerFile', () => {
  it('moves an entry beside a source file to the same path under dist/, and leaves a built one as it is', () => {
    const fromSource = builtWorkerFile(new URL('src/server-metrics/telemetry-worker.js', root));
    expect(fromSource.href).toBe(new URL('dist/server-metrics/telemetry-worker.js', root).href);
    const built = new URL('dist/client/workers/client-worker.js', root);
    expect(builtWorkerFile(built).href).toBe(built.href);
  });

  it('finds every worker entry of the build (npm test builds it first)', () => {
    for (const entry of ['server-metrics/telemetry-worker.js', 'workload/images/image-worker.js', 'client/workers/client-worker.js', 'tokenizer/count-worker.js']) {
      expect(existsSync(fileURLToPath(builtWorkerFile(new URL(`src/${entry}`, root)))), entry).toBe(true);
    }
  });
});
