// A long run at the simulator's top rate: mmload's resident memory over time must stay flat in the number of requests.
// Usage: node bench/flat-rss.js [seconds]   (default 600; needs `npm run build`)
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readSummary, textWorkload, withWorkDir } from './lib.js';

const CLI = fileURLToPath(new URL('../dist/cli/main.js', import.meta.url));
/** The bound: RSS may grow less than 1 MB per 100,000 requests once warmed up. */
const TARGET_MB_PER_100K = 1;
/** Samples before this share of the run are warm-up (heap growing to its working size) and left out of the fit. */
const WARM_UP_SHARE = 0.2;

/** Resident set size of a process in MB, from /proc (Linux); null once it has exited. */
function rssMb(pid) {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1024 : null;
  } catch {
    return null;
  }
}

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
 * for `seconds`; RSS of mmload's process sampled every second. The slope of RSS over time after warm-up, divided by
 * the run's request rate, is the growth per request.
 */
export async function flatRss(seconds = Number(process.env.MMLOAD_SOAK_SECONDS ?? 600)) {
  return withWorkDir(async (dir) => {
    const artifactDir = join(dir, 'soak');
    const args = [CLI, '--sim', '--sim-speed', '1000', '-q', '--artifact-dir', artifactDir,
      ...textWorkload({ seconds, outputTokens: 16, concurrency: 256 })];
    const child = spawn(process.execPath, args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const started = performance.now();
    const samples = [];
    const timer = setInterval(() => {
      const mb = rssMb(child.pid);
      if (mb !== null) samples.push([(performance.now() - started) / 1000, mb]);
    }, 1000);
    const [code] = await once(child, 'exit');
    clearInterval(timer);
    if (code !== 0) throw new Error(`mmload exited ${code}:\n${stderr}`);
    const summary = readSummary(artifactDir);
    const requests = summary.mmload.counts.issued;
    const rate = requests / summary.benchmark_duration.avg;
    const runSamples = samples.filter(([t]) => t <= seconds);
    const fitted = runSamples.slice(Math.floor(runSamples.length * WARM_UP_SHARE));
    const mbPerSec = slope(fitted.map(([t]) => t), fitted.map(([, mb]) => mb));
    const mbPer100k = (mbPerSec / rate) * 100_000;
    return {
      name: `memory over a ${seconds} s run, --sim at concurrency 256 (text, 16 output tokens)`,
      requests,
      requests_per_s: rate,
      rss_after_warmup_mb: fitted[0]?.[1] ?? NaN,
      rss_at_end_mb: fitted.at(-1)?.[1] ?? NaN,
      rss_max_mb: Math.max(...runSamples.map(([, mb]) => mb)),
      slope_mb_per_100k_requests: mbPer100k,
      target: `< ${TARGET_MB_PER_100K}`,
      pass: Math.abs(mbPer100k) < TARGET_MB_PER_100K,
    };
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) console.log(await flatRss(process.argv[2] === undefined ? undefined : Number(process.argv[2])));
