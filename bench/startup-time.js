// Start-up time: from spawning `mmload profile` to the first chat request arriving at the server (text and Scenario A).
// Usage: node bench/startup-time.js   (needs `npm run build`)
import { fileURLToPath } from 'node:url';
import { median, runMmload, textWorkload, withServer, withWorkDir } from './lib.js';

/** `--verbose` stage lines ("[0.074 s] server answered; ...") up to the run: "what seconds; ..." and their sum in ms. */
function stagesBefore(stderr) {
  const stages = [];
  let ms = 0;
  for (const [, seconds, what] of stderr.matchAll(/^\[(\d+\.\d+) s\] ([^;:\n]*)/gm)) {
    if (what.startsWith('run ended')) break;
    stages.push(`${what.trim()} ${seconds}`);
    ms += Number(seconds) * 1000;
  }
  return { stages: stages.join('; '), ms };
}

/** Spawn → first chat request received (both on the shared wall clock), against a fresh zero-latency server. */
async function once(dir, cwd, args) {
  const { result: run, served } = await withServer({ model: 'bench', ttftMs: 0, itlMs: 0 }, dir, (url) => runMmload(['-u', url, '-v', ...args], { dir, cwd }));
  const ms = Math.min(...served.log.map((r) => r.receivedEpochMs)) - run.spawnedMs;
  const stages = stagesBefore(run.stderr);
  return { ms, stages: stages.stages, outsideStagesMs: ms - stages.ms };
}

/** `repeats` runs: the median run (with its stages), and every run's ms. */
async function timed(dir, cwd, args, repeats) {
  const runs = [];
  for (let r = 0; r < repeats; r++) runs.push(await once(dir, cwd, args));
  const ms = median(runs.map((r) => r.ms));
  return { ...runs.find((r) => r.ms === ms), spread: runs.map((r) => Math.round(r.ms)).join(', ') };
}

/** A row; outside_stages_ms is node's start, module loading and argument parsing (and the send after warm-up). */
const row = (name, run) => ({ name, median_ms: run.ms, runs_ms: run.spread, outside_stages_ms: run.outsideStagesMs, stages_s: run.stages });

/** Scenario A runs in its own working directory: the first run fills its datasets/images, the timed ones read it. */
export async function startupTime({ repeats = 3 } = {}) {
  return withWorkDir(async (dir) => {
    const text = await timed(dir, dir, textWorkload({ requests: 100, outputTokens: 16, concurrency: 16 }), repeats);
    const cold = await once(dir, dir, ['--preset', 'scenario-a']);
    const warm = await timed(dir, dir, ['--preset', 'scenario-a'], repeats);
    return [
      row('start-up to first request, text workload (100 requests, 64 tokens, concurrency 16)', text),
      { ...row('start-up to first request, --preset scenario-a, images cached', warm), cold_cache_ms: cold.ms },
    ];
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) console.log(await startupTime());
