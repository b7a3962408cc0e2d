// The end-of-run console report: an aiperf-like metrics table, then run totals, errors and token sources.
import { DISTRIBUTION_METRICS, VALUE_METRICS, displayName } from '../metrics/catalog.js';
import type { DistributionTag, ValueTag } from '../metrics/catalog.js';
import type { StatKey } from '../metrics/histogram.js';
import { describeInfo } from '../workload/workload-info.js';
import type { RunSummary } from '../metrics/summary.js';
import type { TokenSourceTally } from '../metrics/token-counts.js';
import { truncate } from '../util/truncate.js';
import { twoDecimals } from './aiperf-csv.js';
import { groupThousands } from '../util/number-format.js';
import type { ConversationSummary } from '../metrics/conversation-summary.js';
import { formatNumber } from '../util/number-format.js';

const COLUMNS: readonly StatKey[] = ['avg', 'min', 'max', 'p99', 'p90', 'p50', 'std'];
const VALUE_LINES: readonly ValueTag[] = [
  'output_token_throughput',
  'request_throughput',
  'achieved_request_rate',
  'goodput',
  'request_count',
  'benchmark_duration',
];
const MAX_MESSAGE = 160;

/** 2 decimals rounded like the CSV, with thousands separators: 1,274.63. */
function number(value: number): string {
  return groupThousands(twoDecimals(value));
}

export function renderConsoleTable(summary: RunSummary): string {
  const sim = summary.meta.simulated;
  const lines = [`mmload | LLM Metrics${summary.interrupted ? ' (interrupted: partial results)' : ''}` +
    `${sim ? ` | SIMULATED server (mmload sim, speed ${sim.speed}×, embedding cache ${sim.embeddingCacheGb} GB)` : ''}`];
  lines.push(...metricsTable(summary));
  const labelled: [string, string][] = [];
  for (const tag of VALUE_LINES) {
    const result = summary.values[tag];
    if (!result) continue;
    labelled.push([displayName(VALUE_METRICS[tag]), tag === 'request_count' ? String(result.value) : number(result.value)]);
  }
  const { issued, completed, failed } = summary.counts;
  labelled.push(['Requests', `${issued} issued, ${completed} succeeded, ${failed} failed`]);
  const width = Math.max(...labelled.map(([label]) => label.length));
  for (const [label, value] of labelled) lines.push(`${label.padEnd(width)}  ${value}`);
  for (const e of summary.errorSummary) {
    const message = truncate(e.message, MAX_MESSAGE);
    lines.push(`  ${e.count} × ${e.type}${e.code === null ? '' : ` ${e.code}`}: ${message}`);
  }
  lines.push(sourceLine('OSL', summary.tokenSources.osl));
  lines.push(sourceLine('ISL', summary.tokenSources.isl));
  const load = summary.meta.load as { requested_rate?: number; rate?: number; late_beyond_window?: number; unsent?: number } | undefined;
  if (load?.rate !== undefined) {
    lines.push(`Load: ${load.rate} req/s asked; ${load.late_beyond_window ?? 0} sends later than the catch-up window` +
      `${load.unsent ? `, ${load.unsent} not sent (held by the concurrency cap at the deadline)` : ''}`);
  }
  const health = summary.meta.clientHealth;
  if (health) {
    lines.push(`Client: event-loop delay p99 ${health.eventLoopDelayMs.p99.toFixed(2)} ms, CPU ${(health.cpuCores * 100).toFixed(0)}% of a core` +
      `${health.clientLimited ? ' — CLIENT LIMITED: the figures may carry mmload\'s own delays' : ''}`);
  }
  const workload = summary.meta.workload;
  if (workload) lines.push(`Workload: ${describeInfo(workload) || 'text only'}`);
  const conversations = summary.meta.conversations;
  if (conversations) lines.push(...conversationLines(conversations));
  return lines.join('\n');
}

/** Sessions, then TTFT p50 and ISL per turn index: turn 0 against later turns shows whether the caches work. */
function conversationLines(c: ConversationSummary): string[] {
  const perTurn = c.by_turn.map((t) => `turn ${t.turn_index}: ${t.ttft_ms ? `${formatNumber(t.ttft_ms.p50, 2)} ms` : '—'}` +
    `${t.isl ? ` (ISL ${formatNumber(t.isl.avg, 0)})` : ''}`);
  return [
    `Sessions: ${c.sessions_started} started, ${c.sessions_completed} completed, ${c.turns} turns` +
      `${c.sessions_per_sec === null ? '' : `, ${formatNumber(c.sessions_per_sec, 2)} sessions/s`}` +
      `${c.session_latency_ms ? `, session latency p50 ${formatNumber(c.session_latency_ms.p50, 0)} ms` : ''}`,
    `TTFT p50 by turn: ${perTurn.join('; ')}`,
  ];
}

function metricsTable(summary: RunSummary): string[] {
  const tags = (Object.keys(DISTRIBUTION_METRICS) as DistributionTag[]).filter(
    (tag) => DISTRIBUTION_METRICS[tag].console && summary.distributions[tag],
  );
  if (tags.length === 0) return ['(no successful requests: no latency metrics)'];
  const rows = tags.map((tag) => {
    const { stats } = summary.distributions[tag]!;
    return [displayName(DISTRIBUTION_METRICS[tag]), ...COLUMNS.map((key) => number(stats[key]))];
  });
  const header = ['Metric', ...COLUMNS];
  const widths = header.map((_, i) => Math.max(header[i]!.length, ...rows.map((row) => row[i]!.length)));
  const format = (row: readonly string[]) =>
    row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ');
  const rule = '─'.repeat(widths.reduce((sum, w) => sum + w, 0) + 2 * (widths.length - 1));
  return [rule, format(header), rule, ...rows.map(format), rule];
}

/** Says where a token count came from, so a tokenizer estimate is never mistaken for the server's count. */
function sourceLine(name: 'OSL' | 'ISL', tally: TokenSourceTally): string {
  const unknown = tally.unknown > 0 ? `; unknown for ${tally.unknown} (no usage, no tokenizer)` : '';
  const textOnly = name === 'ISL' && tally.tokenizer > 0 ? ' (prompt text only: images not counted)' : '';
  switch (tally.overall) {
    case 'server':
      return `${name} from server usage for ${tally.server} requests${unknown}`;
    case 'tokenizer':
      return `${name} from the client tokenizer for ${tally.tokenizer} requests${textOnly}${unknown}`;
    case 'mixed':
      return `${name} mixed: server usage for ${tally.server} requests, client tokenizer for ${tally.tokenizer}${textOnly}${unknown}`;
    case 'none':
      return `${name} unknown: ${tally.unknown > 0 ? 'the server sent no usage and no tokenizer was used' : 'no successful requests'}`;
  }
}
