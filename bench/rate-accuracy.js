// How exactly does the open-loop pacer keep a requested rate? Achieved vs requested rate, send gaps and schedule lag.
import { createRecord } from '../dist/client/new-record.js';
import { createChatClient } from '../dist/client/chat-client.js';
import { RateExecutor } from '../dist/executors/rate-executor.js';
import { mean, quantile, startServer } from './lib.js';

const cv = (xs) => Math.sqrt(mean(xs.map((x) => (x - mean(xs)) ** 2))) / mean(xs);
const gapsOf = (ts) => ts.slice(1).map((t, i) => t - ts[i]);
const perSecond = (ts) => ((ts.length - 1) * 1000) / (ts[ts.length - 1] - ts[0]);

/** A request the fixture server answers with `max_tokens` tokens. */
function chatRequest(maxTokens) {
  const body = Buffer.from(JSON.stringify({ model: 'bench', stream: true, max_tokens: maxTokens, messages: [{ role: 'user', content: 'hello' }] }));
  return { index: 0, body: [body], bodyBytes: body.length, promptTexts: ['hello'], images: [], expectedIsl: null, timestampMs: null };
}

/** A send that costs next to nothing: the record is stamped and settled at once. */
const instantSend = (request, phase, intendedMs) => Promise.resolve(createRecord(request.index, phase, 'bench', 0, intendedMs));

/** Runs one phase at `rate` for `seconds` and measures how the sends kept the schedule. */
async function measure({ name, mode, rate, seconds, send, check }) {
  const executor = new RateExecutor({ rate, mode, seed: 1 });
  // The executor hands each settled record to its send's caller; kept here, in issue (schedule) order.
  const records = [];
  const keep = (...args) => send(...args).then((record) => {
    records.push(record);
    return record;
  });
  await executor.run({ requests: [chatRequest(16)], count: undefined, durationMs: seconds * 1000 }, 'profiling', keep);
  records.sort((a, b) => a.intendedMs - b.intendedMs);
  const starts = records.map((r) => r.startMs);
  const intended = records.map((r) => r.intendedMs);
  const gaps = gapsOf(starts);
  const lags = records.map((r) => r.startMs - r.intendedMs);
  const row = {
    name,
    requests: records.length,
    requested_rate: rate,
    scheduled_rate: perSecond(intended),
    achieved_rate: perSecond(starts),
    achieved_pct: (perSecond(starts) / rate) * 100,
    median_gap_ms: quantile(gaps, 0.5),
    gap_cv: cv(gaps),
    scheduled_gap_cv: cv(gapsOf(intended)),
    lag_p50_ms: quantile(lags, 0.5),
    lag_p99_ms: quantile(lags, 0.99),
    lag_max_ms: Math.max(...lags),
    late_beyond_window: executor.lastSchedule.lateBeyondWindow,
    errors: records.filter((r) => r.error !== null).length,
  };
  return { ...row, ...check(row) };
}

/** Constant rates must be met within 2%; 50 req/s also with a median gap of 20 ± 1 ms. */
const constantCheck = (row) => {
  const gapOk = row.requested_rate > 100 || Math.abs(row.median_gap_ms - 1000 / row.requested_rate) <= 1;
  return { targets: 'achieved within 2% of requested; at 50 req/s median gap 20 ± 1 ms', pass: Math.abs(row.achieved_pct - 100) <= 2 && gapOk && row.errors === 0 };
};

/** A Poisson sample's own rate and CV stray from the requested ones by chance, so the sends are held to the schedule's. */
const poissonCheck = (row) => ({
  targets: 'achieved within 2% of the schedule\'s rate; gap CV within 0.05 of the schedule\'s (≈ 1)',
  pass: Math.abs(row.achieved_rate / row.scheduled_rate - 1) <= 0.02 && Math.abs(row.gap_cv - row.scheduled_gap_cv) <= 0.05,
});

/** Through the real chat client against the fixed-timing server in a child process (20 ms TTFT, 16 tokens 5 ms apart). */
async function throughClient(rate, seconds) {
  const server = await startServer({ model: 'bench', ttftMs: 20, itlMs: 5 });
  try {
    const client = createChatClient({ targets: [{ origin: server.url, path: '/v1/chat/completions', modelsPath: '/v1/models' }], headers: {}, connections: 64, requestTimeoutMs: 30_000, keepText: false });
    await client.warmUp();
    const row = await measure({ name: `constant ${rate} req/s, real client + fixture server`, mode: 'constant', rate, seconds, send: client.send, check: constantCheck });
    await client.close();
    return row;
  } finally {
    await server.stop();
  }
}

export async function rateAccuracy() {
  return [
    await measure({ name: 'constant 50 req/s, instant send', mode: 'constant', rate: 50, seconds: 3, send: instantSend, check: constantCheck }),
    await measure({ name: 'poisson 50 req/s, instant send', mode: 'poisson', rate: 50, seconds: 4, send: instantSend, check: poissonCheck }),
    await measure({ name: 'constant 2000 req/s, instant send', mode: 'constant', rate: 2000, seconds: 2.5, send: instantSend, check: constantCheck }),
    await throughClient(500, 3),
  ];
}
