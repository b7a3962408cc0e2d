// aiperf's own metric unit tests, carried over as data (fixtures/aiperf-known-answers.json): mmload's figures must match them.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { RequestRecord, Usage } from '../src/client/request-record.js';
import { Distribution } from '../src/metrics/histogram.js';
import { REQUEST_VALUES, deriveRequestMetrics } from '../src/metrics/request-metrics.js';
import type { RequestValueTag } from '../src/metrics/request-metrics.js';
import { summarize } from '../src/metrics/summary.js';
import type { RunSummary } from '../src/metrics/summary.js';
import { startTokenCounts, type TokenCounts } from '../src/metrics/token-counts.js';
import { inlineTextCounter } from '../src/tokenizer/text-counter.js';
import type { TokenCounter } from '../src/tokenizer/token-counter.js';
import type { PreparedRequest } from '../src/workload/prepared-request.js';

interface UsageJson {
  prompt_tokens?: number;
  completion_tokens?: number;
  total_tokens?: number;
  prompt_tokens_details?: { cached_tokens?: number };
  completion_tokens_details?: { reasoning_tokens?: number };
  [vendor: string]: unknown;
}
interface Chunk { ns: number; kind: 'text' | 'reasoning' | 'tool_call' | 'usage_only'; usage?: UsageJson }
interface CaseRecord {
  start_ns: number; end_ns: number; responses_ns?: number[]; chunks?: Chunk[]; error: boolean;
  output_tokens: number | null; reasoning_tokens: number | null; input_tokens: number | null;
  usage?: UsageJson; requested_osl?: number; first_content_chunk_tokens?: number;
}
type Expected = number | null | (number | null | number[])[];
interface Case {
  name: string; records?: CaseRecord[]; inputs?: Record<string, unknown>; config?: { goodput?: Record<string, number> };
  env?: Record<string, number>; expect: Record<string, Expected>;
}

const { cases } = JSON.parse(readFileSync(new URL('./fixtures/aiperf-known-answers.json', import.meta.url), 'utf8')) as { cases: Case[] };

/** aiperf metrics mmload does not compute (aiperf 0.8 additions outside the drop-in set); their expectations are not checked. */
const NOT_COMPUTED = new Set([
  'decode_duration', 'time_to_first_output_token', 'full_response_inter_token_latency', 'e2e_output_token_throughput',
  'prefill_throughput_per_user', 'good_request_fraction', 'request_error_rate', 'usage_total_tokens',
  'usage_prompt_cache_write_tokens', 'usage_prompt_cache_miss_tokens', 'overall_usage_prompt_cache_read_pct',
  'requested_osl', 'first_content_chunk_tokens',
]);

/** Whole cases whose premise mmload's client cannot produce or does not take, with why. */
function notApplicable(c: Case): string | null {
  if (c.env && Object.entries(c.env).some(([k, v]) => DEFAULT_ENV[k] !== v)) return 'thresholds set away from aiperf\'s defaults (mmload keeps the defaults)';
  for (const r of c.records ?? []) {
    const times = r.responses_ns ?? r.chunks?.map((ch) => ch.ns) ?? [];
    if (times.some((t, i) => t < r.start_ns || (i > 0 && t < times[i - 1]!))) return 'a response stamped before its request or out of order: impossible on a monotonic clock';
    if (r.first_content_chunk_tokens !== undefined) return 'aiperf 0.8\'s --per-chunk-usage ITL divisor is not supported';
    if (r.chunks?.some((ch) => ch.kind === 'tool_call')) return 'tool calls are not read';
    const usages = [r.usage, ...(r.chunks ?? []).map((ch) => ch.usage)].filter((u): u is UsageJson => u !== undefined);
    if (usages.some((u) => Object.keys(u).some((key) => !OPENAI_USAGE_KEYS.has(key)))) return 'usage shapes other than OpenAI\'s are not read';
  }
  const inputs = c.inputs ?? {};
  if (inputs.per_chunk_usage) return 'aiperf 0.8\'s --per-chunk-usage is not supported';
  if (Object.keys(c.expect).every((tag) => NOT_COMPUTED.has(tag))) return `not computed by mmload: ${Object.keys(c.expect).join(', ')}`;
  return null;
}
const DEFAULT_ENV: Record<string, number> = { USAGE_PCT_DIFF_THRESHOLD: 10, OSL_MISMATCH_PCT_THRESHOLD: 5, OSL_MISMATCH_MAX_TOKEN_THRESHOLD: 50 };
const OPENAI_USAGE_KEYS = new Set(['prompt_tokens', 'completion_tokens', 'total_tokens', 'prompt_tokens_details', 'completion_tokens_details']);

const ms = (ns: number) => ns / 1e6;

function toUsage(u: UsageJson | undefined): Usage | null {
  if (u === undefined || u.completion_tokens === undefined) return null;
  return {
    promptTokens: u.prompt_tokens ?? null, completionTokens: u.completion_tokens,
    reasoningTokens: u.completion_tokens_details?.reasoning_tokens ?? null, cachedTokens: u.prompt_tokens_details?.cached_tokens ?? null,
  };
}

/** A case's record as mmload's client records it: content chunks only (a usage-only event is not one), ms times. */
function toRecord(r: CaseRecord, index: number): RequestRecord {
  const chunks: Chunk[] = r.chunks ?? (r.responses_ns ?? []).map((ns) => ({ ns, kind: 'text' }));
  const content = chunks.filter((ch) => ch.kind !== 'usage_only');
  const lastUsage = [r.usage, ...chunks.map((ch) => ch.usage)].filter((u) => u !== undefined).at(-1);
  // A request with no content at all is a failure in mmload's client (empty_response), as it is an error record in aiperf.
  const failed = r.error || content.length === 0;
  return {
    requestIndex: index, phase: 'profiling', xRequestId: `r${index}`, intendedMs: null, startMs: ms(r.start_ns), bodySentMs: null,
    headersMs: null, chunkMs: content.map((ch) => ms(ch.ns)), chunkTokens: [], endMs: ms(r.end_ns), streamed: true, status: 200,
    usage: toUsage(lastUsage), contentText: null, reasoningText: null, finishReason: 'stop', bodyBytes: 0, responseBytes: 0,
    error: failed ? { code: 500, type: 'http_error', message: 'failed' } : null,
  };
}

/** The parser's counts (client-side), as each case gives them. */
function toCounts(r: CaseRecord): TokenCounts {
  const { output_tokens: outputTokens, reasoning_tokens: reasoningTokens } = r;
  const osl = outputTokens === null && reasoningTokens === null ? null : (outputTokens ?? 0) + (reasoningTokens ?? 0);
  return {
    isl: r.input_tokens, outputTokens, reasoningTokens, osl: r.error ? null : osl, requestedOsl: r.requested_osl ?? null,
    clientCounted: true, oslSource: 'tokenizer', islSource: 'tokenizer',
  };
}

/** mmload's display value of a tag in aiperf's native unit (ns for times, sec → ns for the duration). */
function native(tag: string, value: number): number {
  if (tag === 'benchmark_duration') return value * 1e9;
  if (tag === 'min_request_timestamp' || tag === 'max_response_timestamp') return value;
  return TIME_TAGS.has(tag) ? value * 1e6 : value;
}
const TIME_TAGS = new Set(['time_to_first_token', 'time_to_second_token', 'request_latency', 'inter_token_latency', 'inter_chunk_latency']);

function expectClose(actual: number | null | undefined, expected: number | null, what: string): void {
  if (expected === null) return expect(actual ?? null, what).toBeNull();
  expect(actual, what).not.toBeNull();
  expect(actual, what).not.toBeUndefined();
  expect(Math.abs(actual! - expected), `${what}: ${actual} vs ${expected}`).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(expected)));
}

/** A run-level figure from the summary, in aiperf's native unit (a per-request metric of one request: its value). */
function runValue(summary: RunSummary, tag: string): number | null {
  const value = summary.values[tag as keyof RunSummary['values']]?.value ?? summary.distributions[tag as keyof RunSummary['distributions']]?.stats.avg;
  return value === undefined ? null : native(tag, value);
}

function checkRecords(c: Case): void {
  const records = c.records!.map(toRecord);
  const counts = c.records!.map(toCounts);
  const summary = summarize(records, counts, { interrupted: false, ...(c.config?.goodput ? { goodput: c.config.goodput } : {}) }, 0);
  for (const [tag, expected] of Object.entries(c.expect)) {
    if (NOT_COMPUTED.has(tag)) continue;
    if (!Array.isArray(expected)) {
      expectClose(runValue(summary, tag), expected, tag);
      continue;
    }
    expected.forEach((want, i) => {
      const record = records[i]!;
      if (tag === 'error_isl') return expectClose(record.error ? counts[i]!.isl : null, want as number | null, `${tag}[${i}]`);
      const metrics = record.error ? null : deriveRequestMetrics(record, counts[i]!);
      if (tag === 'inter_chunk_latency') {
        const gaps = metrics?.interChunkLatencyMs ?? [];
        return expect(gaps.length === 0 ? null : gaps.map((g) => Math.round(g * 1e6 * 1e3) / 1e3), `${tag}[${i}]`).toEqual(want);
      }
      const value = metrics === null ? null : REQUEST_VALUES[tag as RequestValueTag](metrics);
      expectClose(value === null ? null : native(tag, value), want as number | null, `${tag}[${i}]`);
    });
  }
}

/** Cases given as aggregated inputs: rebuilt as the fewest records that carry them, or fed to the piece they test. */
async function checkInputs(c: Case): Promise<void> {
  const inputs = c.inputs!;
  if (Array.isArray(inputs.values)) {
    const d = new Distribution('tokens');
    for (const v of inputs.values as number[]) d.record(v);
    const stats = d.stats()!;
    for (const [key, expected] of Object.entries(c.expect)) expectClose(stats[key as keyof typeof stats], expected as number, key);
    return;
  }
  if (inputs.use_server_token_count) {
    const chunkUsages = (inputs.chunk_usages as (UsageJson | null)[] | undefined)?.filter((u): u is UsageJson => u !== null);
    const usageJson = (inputs.last_usage as UsageJson | undefined) ?? chunkUsages?.at(-1);
    const record = { ...toRecord({ start_ns: 0, end_ns: 1, responses_ns: [1], error: false, output_tokens: null, reasoning_tokens: null, input_tokens: null }, 0) };
    record.usage = toUsage(usageJson);
    const counts = await startTokenCounts([prepared(0, [])], null).countsFor(record);
    const got: Record<string, number | null> = {
      input_sequence_length: counts!.isl ?? (usageJson?.prompt_tokens ?? null), output_token_count: counts!.outputTokens || null,
      output_token_count_raw: counts!.outputTokens, reasoning_token_count: counts!.reasoningTokens, output_sequence_length: counts!.osl,
    };
    for (const [tag, expected] of Object.entries(c.expect)) if (!NOT_COMPUTED.has(tag)) expectClose(got[tag], expected as number | null, tag);
    return;
  }
  if (typeof inputs.tokenizer === 'string') {
    // aiperf's test tokenizer counts whitespace-separated words; mmload joins and counts through the same TextCounter as a run.
    const words: TokenCounter = { name: 'words', encode: () => [], decode: () => '', count: (t) => t.split(/\s+/).filter(Boolean).length };
    const texts = [inputs.system_message, inputs.user_context_message, ...((inputs.user_turn_texts as string[] | undefined) ?? [])]
      .filter((t): t is string => typeof t === 'string' && t.length > 0);
    const counter = inlineTextCounter(words);
    const got: Record<string, number | null> = {
      input_sequence_length: await counter.countPrompt(texts),
      output_token_count_raw: inputs.response_texts ? await counter.countText((inputs.response_texts as string[]).join('')) : null,
    };
    for (const [tag, expected] of Object.entries(c.expect)) expectClose(got[tag], expected as number | null, tag);
    return;
  }
  // Good requests carry one output token and the others none, judged by an SLO of at least one token.
  checkRecords({ ...c, records: recordsCarrying(inputs), config: 'good_request_count' in inputs ? { goodput: { output_sequence_length: 1 } } : undefined });
}

/** Records whose totals, duration and per-request times are exactly the aggregated inputs of a derived-metric case. */
function recordsCarrying(inputs: Record<string, unknown>): CaseRecord[] {
  const base = { start_ns: 0, error: false, output_tokens: null, reasoning_tokens: null, input_tokens: null };
  const values = (key: string) => (inputs[key] as number[] | undefined) ?? [];
  if ('inter_token_latency_ns' in inputs) {
    const itl = inputs.inter_token_latency_ns as number; // two tokens: ITL is the gap after the first
    return [{ ...base, responses_ns: [10, 10 + itl], end_ns: 10 + itl, output_tokens: 2 }];
  }
  const totals = [
    ...values('input_sequence_length_values').map((n) => ({ input_tokens: n })),
    ...values('output_sequence_length_values').map((n) => ({ output_tokens: n })),
    ...values('output_token_count_values').map((n) => ({ output_tokens: n })),
    ...values('reasoning_token_count_values').map((n) => ({ reasoning_tokens: n })),
    ...values('error_isl_values').map((n) => ({ input_tokens: n, error: true })),
  ];
  if (totals.length > 0) return totals.map((t, i) => ({ ...base, responses_ns: [1000 + i], end_ns: 1000 + i, ...t }));
  // Throughputs: n requests all starting at 0 and answered at the duration, the first carrying the totals.
  const duration = inputs.benchmark_duration_ns as number;
  const good = inputs.good_request_count as number | undefined;
  const n = (inputs.request_count as number | undefined) ?? Math.max(good ?? 1, 1);
  return Array.from({ length: n }, (_, i) => ({
    ...base, responses_ns: [duration], end_ns: duration,
    output_tokens: good !== undefined ? (i < good ? 1 : 0) : i === 0 ? ((inputs.total_osl as number | undefined) ?? 0) : 0,
    input_tokens: i === 0 ? ((inputs.total_isl as number | undefined) ?? null) : null,
  }));
}

function prepared(index: number, promptTexts: string[]): PreparedRequest {
  return { index, body: [], bodyBytes: 0, promptTexts, images: [], imageIds: [], expectedIsl: null, timestampMs: null, requestedOsl: null };
}

describe('aiperf known answers', () => {
  it('holds every case of the data file, with a reason for each one not applicable', () => {
    expect(cases.length).toBeGreaterThan(150);
    const applicable = cases.filter((c) => notApplicable(c) === null);
    expect(applicable.length).toBeGreaterThan(120);
  });

  for (const c of cases) {
    const reason = notApplicable(c);
    if (reason !== null) {
      it.skip(`${c.name} (${reason})`, () => {});
      continue;
    }
    it(c.name, async () => {
      if (c.records) checkRecords(c);
      else await checkInputs(c);
    });
  }
});
