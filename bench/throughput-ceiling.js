// The highest sustained streamed tokens/s and requests/s mmload reaches on this machine, and which side's CPU ran out.
// Usage: node bench/throughput-ceiling.js   (needs `npm run build`)
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { busyCores, readSummary, runMmload, textWorkload, withServer, withWorkDir } from './lib.js';

/** A process at or above this share of a core is taken as saturated (its event loop has no slack left). */
const SATURATED = 0.85;

/** Which side ran out of CPU, from each process's cores in use over the run. */
function saturatedSide(client, server, cores) {
  if (server >= SATURATED && client >= SATURATED) return 'both (the machine)';
  if (server >= SATURATED) return 'server CPU';
  if (client >= SATURATED) return 'client CPU';
  if (client + server >= SATURATED * cores) return 'both (the machine)';
  return 'neither';
}

/** One timed run against a fresh zero-latency server: mmload's figures, its CPU over the run, the server's while busy. */
async function measure(dir, { outputTokens, concurrency, seconds }) {
  const { result: run, served } = await withServer({ model: 'bench', ttftMs: 0, itlMs: 0, keepLog: false }, dir, (url) =>
    runMmload(['-u', url, ...textWorkload({ seconds, outputTokens, concurrency })], { dir }));
  const summary = readSummary(run.artifactDir);
  return {
    concurrency,
    tokensPerSec: summary.output_token_throughput.avg,
    requestsPerSec: summary.request_throughput.avg,
    clientCores: summary.mmload.client_health.cpu_cores,
    serverCores: busyCores(served.samples),
    loopDelayP99Ms: summary.mmload.client_health.event_loop_delay_ms.p99,
  };
}

/** Tries each concurrency for `seconds` and keeps the best by `key`; the others are listed for reference. */
async function ceiling({ label, key, outputTokens, concurrencies, seconds, cores }) {
  return withWorkDir(async (dir) => {
    const runs = [];
    for (const concurrency of concurrencies) runs.push(await measure(dir, { outputTokens, concurrency, seconds }));
    const best = runs.reduce((a, b) => (b[key] > a[key] ? b : a));
    return {
      name: `throughput ceiling, ${label} (${outputTokens} output tokens, zero-latency server, ${seconds} s)`,
      tokens_per_s: best.tokensPerSec,
      requests_per_s: best.requestsPerSec,
      at_concurrency: best.concurrency,
      client_cpu_cores: best.clientCores,
      server_cpu_cores: best.serverCores,
      // What one fully busy core of mmload would sustain at this load, when the server is what ran out.
      per_client_core_s: best[key] / best.clientCores,
      client_loop_delay_p99_ms: best.loopDelayP99Ms,
      saturated: saturatedSide(best.clientCores, best.serverCores, cores),
      tried: runs.map((r) => `c${r.concurrency}: ${Math.round(r[key])}/s, client ${r.clientCores.toFixed(2)} / server ${r.serverCores.toFixed(2)} cores`).join('; '),
    };
  });
}

export async function throughputCeiling({ seconds = 8, cores = availableParallelism() } = {}) {
  return [
    await ceiling({ label: 'tokens/s', key: 'tokensPerSec', outputTokens: 1024, concurrencies: [32, 64], seconds, cores }),
    await ceiling({ label: 'requests/s', key: 'requestsPerSec', outputTokens: 1, concurrencies: [64, 256], seconds, cores }),
  ];
}

if (process.argv[1] === fileURLToPath(import.meta.url)) console.log(await throughputCeiling());
