// The report's conversations section: a line on the sessions, TTFT p50 and p99 by turn index, and each turn's figures.
import type { ConversationSummary, TurnSummary } from '../../metrics/conversation-summary.js';
import { formatNumber } from '../../util/number-format.js';
import { COLORS } from './chart-sections.js';
import { escapeHtml } from './html-text.js';
import { lineChart } from './svg-line-chart.js';
import { niceStep, type Tick } from './svg-scale.js';

/** About this many turn ticks at most on the x axis. */
const TURN_TICKS = 10;

/** Empty without sessions (a run of independent requests). */
export function conversationSection(conversations: ConversationSummary | null | undefined): string {
  if (!conversations) return '';
  const turns = conversations.by_turn;
  const ttft = (stat: 'p50' | 'p99'): [number, number][] =>
    turns.flatMap((t) => (t.ttft_ms === null ? [] : [[t.turn_index, t.ttft_ms[stat]] as [number, number]]));
  const chart = lineChart({
    id: 'ttft-by-turn', title: 'TTFT by turn', xLabel: 'turn index (0: the first turn of each session)', yLabel: 'ms',
    xTicks: turnTicks(turns.at(-1)?.turn_index ?? 0), markers: true,
    series: [{ name: 'TTFT p50', color: COLORS[0], points: ttft('p50') }, { name: 'TTFT p99', color: COLORS[1], points: ttft('p99') }],
  });
  return `<section><h2>Conversations</h2><p data-sessions>${escapeHtml(sessionsLine(conversations))}</p>` +
    `<p class="note">Each turn re-sends its session's history (earlier questions, images and answers), so later turns are ` +
    `longer and, where the server caches prefixes and image embeddings, quicker to their first token than turn 0.</p>` +
    `<div class="charts">${chart}</div>${turnTable(turns)}</section>`;
}

function sessionsLine(c: ConversationSummary): string {
  const latency = c.session_latency_ms;
  return [
    `${formatNumber(c.sessions_started, 0)} sessions started, ${formatNumber(c.sessions_completed, 0)} completed, ${formatNumber(c.turns, 0)} turns`,
    c.sessions_per_sec === null ? null : `${formatNumber(c.sessions_per_sec, 2)} sessions/s`,
    latency === null ? null : `session latency avg ${formatNumber(latency.avg, 0)} ms, p50 ${formatNumber(latency.p50, 0)} ms, p99 ${formatNumber(latency.p99, 0)} ms`,
  ].filter((part) => part !== null).join(' · ');
}

/** 0, 1, 2, … up to the last turn (at least 1), in whole steps of 1, 2, 5, 10, … when there are many turns. */
function turnTicks(last: number): Tick[] {
  const step = Math.max(1, niceStep(last / TURN_TICKS));
  const ticks: Tick[] = [];
  for (let value = 0; ; value += step) {
    ticks.push({ value, label: String(value) });
    if (value >= Math.max(1, last)) return ticks;
  }
}

function turnTable(turns: readonly TurnSummary[]): string {
  const head = ['Turn', 'Requests', 'Errors', 'TTFT p50 (ms)', 'TTFT p90 (ms)', 'TTFT p99 (ms)', 'ISL avg (tokens)', 'Latency avg (ms)', 'Latency p99 (ms)'];
  const rows = turns.map((t) => [
    formatNumber(t.turn_index, 0), formatNumber(t.requests, 0), formatNumber(t.errors, 0),
    formatNumber(t.ttft_ms?.p50, 1), formatNumber(t.ttft_ms?.p90, 1), formatNumber(t.ttft_ms?.p99, 1),
    formatNumber(t.isl?.avg, 1), formatNumber(t.request_latency_ms?.avg, 1), formatNumber(t.request_latency_ms?.p99, 1),
  ].map((cell) => `<td class="num">${cell}</td>`).join(''));
  return `<table data-table="turns"><thead><tr>${head.map((h) => `<th class="num">${escapeHtml(h)}</th>`).join('')}</tr></thead>` +
    `<tbody>${rows.map((row) => `<tr>${row}</tr>`).join('')}</tbody></table>`;
}
