// How true are mmload's TTFT and ITL? Compares them per request with the server's own clock (joined on X-Request-ID).
import { mean, quantile, readRecords, runMmload, textWorkload, withServer, withWorkDir } from './lib.js';

/** One scenario: TTFT/ITL of the server vs mmload at a given concurrency, text requests of `outputTokens` tokens. */
export async function timingAccuracy({ concurrency = 8, requests = 200, ttftMs = 50, itlMs = 10, outputTokens = 64 } = {}) {
  return withWorkDir(async (dir) => {
    const { result: run, served } = await withServer({ model: 'bench', ttftMs, itlMs }, dir, (url) =>
      runMmload(['-u', url, ...textWorkload({ requests, outputTokens, concurrency, warmup: concurrency })], { dir }));
    const truth = new Map(served.log.map((r) => [r.xRequestId, r]));
    const ttftExcess = [];
    const itlError = [];
    for (const record of readRecords(run.artifactDir)) {
      const entry = truth.get(record.metadata.x_request_id);
      if (!entry || record.error) continue;
      const t = entry.tokenEpochMs;
      ttftExcess.push(record.metrics.time_to_first_token.value - (t[0] - entry.receivedEpochMs));
      itlError.push(record.metrics.inter_token_latency.value - (t[t.length - 1] - t[0]) / (t.length - 1));
    }
    return {
      name: `timing accuracy, concurrency ${concurrency}`,
      requests: ttftExcess.length,
      ttft_excess_avg_ms: mean(ttftExcess),
      ttft_excess_p99_ms: quantile(ttftExcess, 0.99),
      itl_error_avg_ms: mean(itlError),
      itl_abs_error_p99_ms: quantile(itlError.map(Math.abs), 0.99),
      targets: 'TTFT excess avg <= 3 ms, |ITL error| avg <= 0.5 ms',
      pass: mean(ttftExcess) >= 0 && mean(ttftExcess) <= 3 && Math.abs(mean(itlError)) <= 0.5,
    };
  });
}
