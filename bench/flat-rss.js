// A long run at the simulator's top rate: mmload's live memory (after full collections) must stay flat in the number of requests.
// Usage: node bench/flat-rss.js [seconds]   (default 600; needs `npm run build`)
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readSummary, textWorkload, withWorkDir } from './lib.js';

const CLI = fileURLToPath(new URL('../dist/main.js', import.meta.url));
const PROBE = fileURLToPath(new URL('fixtures/memory-probe.js', import.meta.url));
/** The bound: memory may grow less than 1 MB per 100,000 requests once warmed up. */
const TARGET_MB_PER_100K = 1;
/** Samples before this share of the run are warm-up (heap growing to its working size) and left out of the fit. */
const WARM_UP_SHARE = 0.2;

/** Least-squares slope of ys over xs. */
function slope(xs, ys) {
  const n = xs.length;
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let num = 0;
  let den = 0;
  for (let i = 0; i < n; i++) {
    num += (xs[i] - mx) * (ys[i] - my);
    den += (xs[i] - mx) ** 2;
  }
  return num / den;
}

/**
 * `mmload --sim` (the simulator in its own process, 1000× real time, text only, 16 output tokens) at concurrency 256
 * for `seconds`. A preload (fixtures/memory-probe.js) runs a full collection every 5 s and notes the main thread's live
 * memory (heap used + external): what the run retains, without the garbage collector's sawtooth that makes RSS swing
 * by hundreds of MB. The slope of it over time after warm-up, divided by the request rate, is the growth per request;
 * RSS is reported beside it.
 */
export async function flatRss(seconds = Number(process.env.MMLOAD_SOAK_SECONDS ?? 600)) {
  return withWorkDir(async (dir) => {
    const artifactDir = join(dir, 'soak');
    const probeFile = join(dir, 'memory.jsonl');
    const args = ['--expose-gc', '--import', PROBE, CLI, '--sim', '--sim-speed', '1000', '-q', '--artifact-dir', artifactDir,
      ...textWorkload({ seconds, outputTokens: 16, concurrency: 256 })];
    const child = spawn(process.execPath, args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, BENCH_MEMORY_FILE: probeFile } });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const [code] = await once(child, 'exit');
    if (code !== 0) throw new Error(`mmload exited ${code}:\n${stderr}`);
    const summary = readSummary(artifactDir);
    const requests = summary.mmload.counts.issued;
    const rate = requests / summary.benchmark_duration.avg;
    const samples = readFileSync(probeFile, 'utf8').trim().split('\n').map((line) => JSON.parse(line)).filter((s) => s.t <= seconds);
    const fitted = samples.slice(Math.floor(samples.length * WARM_UP_SHARE));
    const live = (s) => (s.heapUsed + s.external) / 2 ** 20;
    const mbPerSec = slope(fitted.map((s) => s.t), fitted.map(live));
    const mbPer100k = (mbPerSec / rate) * 100_000;
    return {
      name: `memory over a ${seconds} s run, --sim at concurrency 256 (text, 16 output tokens)`,
      requests,
      requests_per_s: rate,
      live_mb_after_warmup: live(fitted[0]),
      live_mb_at_end: live(fitted.at(-1)),
      rss_mb_after_warmup: fitted[0].rss / 2 ** 20,
      rss_mb_max: Math.max(...samples.map((s) => s.rss)) / 2 ** 20,
      live_mb_per_100k_requests: mbPer100k,
      target: `< ${TARGET_MB_PER_100K}`,
      pass: mbPer100k < TARGET_MB_PER_100K,
    };
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) console.log(await flatRss(process.argv[2] === undefined ? undefined : Number(process.argv[2])));
