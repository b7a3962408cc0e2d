// Marginal client CPU per streamed token and per request: mmload vs a naive undici client doing the same job.
// Usage: node bench/client-cpu.js [paced]   (needs `npm run build`)
import { fileURLToPath } from 'node:url';
import { median, readSummary, runMmload, runNaive, startServer, textWorkload, withWorkDir } from './lib.js';

const TARGET = 'mmload CPU per token <= 0.5x the naive client';

/**
 * Each client runs as its own process, `repeats` times per point ([requests, output tokens]), and reports its total CPU
 * at exit; returns the median CPU ms (total, and system alone) per client and point. Runs alternate between the
 * clients so drift hits both alike. For mmload also the CPU of the run itself (summary.json's client_health.cpu_ms:
 * from warm-up to the last response), without computing and writing results afterwards, which the naive client never does.
 */
async function cpuAtPoints(serverOptions, points, concurrency, repeats) {
  return withWorkDir(async (dir) => {
    const server = await startServer({ model: 'bench', keepLog: false, ...serverOptions }, dir);
    const runs = { mmload: {}, naive: {} };
    try {
      for (let r = 0; r < repeats; r++) {
        for (const [point, [requests, outputTokens]] of Object.entries(points)) {
          const mm = await runMmload(['-u', server.url, ...textWorkload({ requests, outputTokens, concurrency })], { dir });
          const naive = await runNaive({ url: server.url, concurrency, requests, outputTokens }, { dir });
          (runs.mmload[point] ??= []).push({ ...mm, runCpuMs: readSummary(mm.artifactDir).mmload.client_health.cpu_ms });
          (runs.naive[point] ??= []).push(naive);
        }
      }
    } finally {
      await server.stop();
    }
    const medians = (byPoint, key) => Object.fromEntries(Object.entries(byPoint).map(([point, list]) => [point, median(list.map((r) => r[key]))]));
    return {
      mmload: medians(runs.mmload, 'cpuMs'), naive: medians(runs.naive, 'cpuMs'), mmloadRun: medians(runs.mmload, 'runCpuMs'),
      mmloadSystem: medians(runs.mmload, 'systemMs'), naiveSystem: medians(runs.naive, 'systemMs'),
    };
  });
}

/** µs per token from base (R × short) and long (R × long): only the tokens differ, so start-up and workload cancel. */
const perToken = (cpu, requests, short, long) => ((cpu.long - cpu.base) * 1000) / (requests * (long - short));

/**
 * Against a zero-latency server (ttft 0, itl 0), as fast as the clients go. A third point, many (M × short), gives the
 * CPU per request: (many − base) / (M − R), less its short tokens. "fixed" is what is left of base: start-up, workload.
 */
export async function clientCpu({ concurrency = 16, requests = 400, manyRequests = 4000, short = 16, long = 4112, repeats = 3 } = {}) {
  const points = { base: [requests, short], long: [requests, long], many: [manyRequests, short] };
  const cpu = await cpuAtPoints({ ttftMs: 0, itlMs: 0 }, points, concurrency, repeats);
  const marginal = (c) => {
    const token = perToken(c, requests, short, long);
    const request = ((c.many - c.base) * 1000) / (manyRequests - requests) - short * token;
    return { token, request, fixedMs: c.base - (requests * (request + short * token)) / 1000 };
  };
  const mm = marginal(cpu.mmload);
  const naive = marginal(cpu.naive);
  const running = marginal(cpu.mmloadRun);
  return {
    name: `client CPU, zero-latency server (concurrency ${concurrency}, median of ${repeats})`,
    mmload_us_per_token: running.token,
    naive_us_per_token: naive.token,
    ratio_per_token: running.token / naive.token,
    mmload_with_results_us_per_token: mm.token,
    ratio_with_results_per_token: mm.token / naive.token,
    mmload_system_us_per_token: perToken(cpu.mmloadSystem, requests, short, long),
    naive_system_us_per_token: perToken(cpu.naiveSystem, requests, short, long),
    mmload_us_per_request: running.request,
    naive_us_per_request: naive.request,
    ratio_per_request: running.request / naive.request,
    mmload_with_results_us_per_request: mm.request,
    mmload_fixed_cpu_ms: mm.fixedMs,
    naive_fixed_cpu_ms: naive.fixedMs,
    points: `${requests}×${short}, ${requests}×${long}, ${manyRequests}×${short} requests×tokens`,
    targets: `${TARGET} (while streaming; with results computed and written after the run, shown beside it)`,
    pass: running.token <= 0.5 * naive.token,
  };
}

/**
 * The same per-token figure with the server pacing tokens (itl > 0), as real servers do: each token then arrives in a
 * read of its own instead of many per read, so the per-read costs (event loop, HTTP parser, callbacks, the kernel's
 * reads and wake-ups) count in full for both clients. Informative: the target is set on the zero-latency figure above.
 */
export async function clientCpuPaced({ concurrency = 64, itlMs = 2, requests = 256, short = 16, long = 528, repeats = 3 } = {}) {
  const cpu = await cpuAtPoints({ ttftMs: 0, itlMs }, { base: [requests, short], long: [requests, long] }, concurrency, repeats);
  const mm = perToken(cpu.mmloadRun, requests, short, long);
  const naive = perToken(cpu.naive, requests, short, long);
  return {
    name: `client CPU, server pacing tokens ${itlMs} ms apart (concurrency ${concurrency}, median of ${repeats})`,
    mmload_us_per_token: mm,
    naive_us_per_token: naive,
    ratio_per_token: mm / naive,
    mmload_with_results_us_per_token: perToken(cpu.mmload, requests, short, long),
    // Reads, epoll and wake-ups in the kernel: one per token here, for either client.
    mmload_system_us_per_token: perToken(cpu.mmloadSystem, requests, short, long),
    naive_system_us_per_token: perToken(cpu.naiveSystem, requests, short, long),
    points: `${requests}×${short}, ${requests}×${long} requests×tokens`,
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) console.log(process.argv[2] === 'paced' ? await clientCpuPaced() : await clientCpu());
