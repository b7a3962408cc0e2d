// report.html's conversations section: the sessions line, the TTFT-by-turn chart and the per-turn table, only for session runs.
import { describe, expect, it } from 'vitest';
import type { ConversationSummary } from '../src/metrics/conversation-summary.js';
import { summarize } from '../src/metrics/summary.js';
import { renderReportHtml } from '../src/report/html/report-html.js';

const CONVERSATIONS: ConversationSummary = {
  sessions_started: 12, sessions_completed: 11, turns: 35, sessions_per_sec: 1.9,
  session_latency_ms: { avg: 9012.4, min: 8000, max: 11000, p50: 8900, p90: 10000, p99: 10950 },
  by_turn: [
    { turn_index: 0, requests: 12, errors: 0, ttft_ms: { avg: 410, p50: 400, p90: 600, p99: 800 }, isl: { avg: 812.5 }, request_latency_ms: { avg: 2100, p50: 2000, p99: 2900 } },
    { turn_index: 1, requests: 12, errors: 1, ttft_ms: { avg: 130, p50: 120, p90: 200, p99: 300 }, isl: { avg: 1730.25 }, request_latency_ms: { avg: 1800, p50: 1750, p99: 2400 } },
    { turn_index: 2, requests: 11, errors: 0, ttft_ms: { avg: 110, p50: 100, p90: 180, p99: 250 }, isl: { avg: 2655 }, request_latency_ms: { avg: 1700, p50: 1650, p99: 2300 } },
  ],
};

const render = (conversations?: ConversationSummary | null): string =>
  renderReportHtml(summarize([], [], { interrupted: false, ...(conversations === undefined ? {} : { conversations }) }, 0), null, null, 'v0');

/** The [x, y] points of a series' path in a chart. */
function seriesPoints(html: string, chart: string, series: string): [number, number][] {
  const svg = new RegExp(`<svg[^>]*data-chart="${chart}"[^>]*>(.*?)</svg>`).exec(html)![1]!;
  const d = new RegExp(`<path class="series" data-series="${series}"[^>]* d="([^"]*)"`).exec(svg)![1]!;
  return [...d.matchAll(/[ML]([\d.]+) ([\d.]+)/g)].map((m) => [Number(m[1]), Number(m[2])]);
}

describe('report.html for a run with conversations', () => {
  it('draws TTFT p50 and p99 by turn, one point and dot per turn, p99 above p50, and says how the sessions went', () => {
    const html = render(CONVERSATIONS);
    expect(html).toContain('<h2>Conversations</h2>');
    expect(html).toContain('<p data-sessions>12 sessions started, 11 completed, 35 turns · 1.90 sessions/s · ' +
      'session latency avg 9,012 ms, p50 8,900 ms, p99 10,950 ms</p>');
    const p50 = seriesPoints(html, 'ttft-by-turn', 'TTFT p50');
    const p99 = seriesPoints(html, 'ttft-by-turn', 'TTFT p99');
    expect(p50).toHaveLength(3);
    expect(p99.map(([x]) => x)).toEqual(p50.map(([x]) => x));
    expect(p50.map(([x]) => x)).toEqual([...p50.map(([x]) => x)].sort((a, b) => a - b));
    p50.forEach(([, y], i) => expect(p99[i]![1]).toBeLessThan(y)); // SVG y grows downwards
    expect(p50[1]![1]).toBeGreaterThan(p50[0]![1]); // turn 1's p50 (120 ms) is lower on the chart than turn 0's (400 ms)
    expect(html.match(/<circle class="point"/g)).toHaveLength(6);
  });

  it('lists each turn with its requests, errors, TTFT, ISL and latency', () => {
    const html = render(CONVERSATIONS);
    const table = /<table data-table="turns">(.*?)<\/table>/.exec(html)![1]!;
    const rows = [...table.matchAll(/<tr>((?:<td[^>]*>[^<]*<\/td>)+)<\/tr>/g)].map((m) => [...m[1]!.matchAll(/<td[^>]*>([^<]*)<\/td>/g)].map((c) => c[1]));
    expect(rows).toEqual([
      ['0', '12', '0', '400.0', '600.0', '800.0', '812.5', '2,100.0', '2,900.0'],
      ['1', '12', '1', '120.0', '200.0', '300.0', '1,730.3', '1,800.0', '2,400.0'],
      ['2', '11', '0', '100.0', '180.0', '250.0', '2,655.0', '1,700.0', '2,300.0'],
    ]);
  });

  it('shows a turn without a first token as a dash and leaves it off the chart', () => {
    const failed = { ...CONVERSATIONS.by_turn[2]!, errors: 11, ttft_ms: null, isl: null, request_latency_ms: null };
    const html = render({ ...CONVERSATIONS, session_latency_ms: null, sessions_per_sec: null, by_turn: [...CONVERSATIONS.by_turn.slice(0, 2), failed] });
    expect(seriesPoints(html, 'ttft-by-turn', 'TTFT p50')).toHaveLength(2);
    expect(html).toContain('<p data-sessions>12 sessions started, 11 completed, 35 turns</p>');
    expect(html).toContain('<tr><td class="num">2</td><td class="num">11</td><td class="num">11</td><td class="num">–</td>');
  });

  it('has no conversations section when the run had none', () => {
    for (const html of [render(), render(null)]) {
      expect(html).not.toContain('Conversations');
      expect(html).not.toContain('ttft-by-turn');
      expect(html).not.toContain('data-sessions');
    }
  });
});
