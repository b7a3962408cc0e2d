// A long run at the simulator's top rate: mmload's live memory (after full collections) must stay flat in the number of requests.
// Usage: node bench/flat-rss.js [seconds]   (default 600; needs `npm run build`)
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { liveMb, mean, readSummary, runMmloadProbed, textWorkload, withWorkDir } from './lib.js';

/** The bound: memory may grow less than 1 MB per 100,000 requests once warmed up. */
const TARGET_MB_PER_100K = 1;
/** Samples before this share of the run are warm-up (heap growing to its working size) and left out of the fit. */
const WARM_UP_SHARE = 0.2;

/** Least-squares slope of ys over xs. */
function slope(xs, ys) {
  const [mx, my] = [mean(xs), mean(ys)];
  let num = 0;
  let den = 0;
  for (let i = 0; i < xs.length; i++) {
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
    const args = ['--sim', '--sim-speed', '1000', '-q', '--artifact-dir', artifactDir, ...textWorkload({ seconds, outputTokens: 16, concurrency: 256 })];
    const samples = (await runMmloadProbed(args, { probeFile, cwd: dir })).filter((s) => s.t <= seconds);
    const summary = readSummary(artifactDir);
    const requests = summary.mmload.counts.issued;
    const rate = requests / summary.benchmark_duration.avg;
    const fitted = samples.slice(Math.floor(samples.length * WARM_UP_SHARE));
    const mbPerSec = slope(fitted.map((s) => s.t), fitted.map(liveMb));
    const mbPer100k = (mbPerSec / rate) * 100_000;
    return {
      name: `memory over a ${seconds} s run, --sim at concurrency 256 (text, 16 output tokens)`,
      requests,
      requests_per_s: rate,
      live_mb_after_warmup: liveMb(fitted[0]),
      live_mb_at_end: liveMb(fitted.at(-1)),
      rss_mb_after_warmup: fitted[0].rss / 2 ** 20,
      rss_mb_max: Math.max(...samples.map((s) => s.rss)) / 2 ** 20,
      live_mb_per_100k_requests: mbPer100k,
      target: `< ${TARGET_MB_PER_100K}`,
      pass: mbPer100k < TARGET_MB_PER_100K,
    };
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) console.log(await flatRss(process.argv[2] === undefined ? undefined : Number(process.argv[2])));
