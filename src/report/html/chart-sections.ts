// The report's charts: latency percentile plots from the histograms, throughput and in-flight over time, the timeline.
import type { DistributionTag } from '../../metrics/catalog.js';
import type { RunSummary } from '../../metrics/summary.js';
import { formatTick } from './html-text.js';
import { formatNumber } from '../../util/number-format.js';
import { percentileCurve } from './percentile-series.js';
import type { RunSeries } from '../../metrics/run-series.js';
import { lineChart, type Series } from './svg-line-chart.js';
import { ninesTicks, zeroBasedTicks } from './svg-scale.js';
import { timelineChart } from './svg-timeline.js';
import type { TimelineSpans } from '../../metrics/timeline-spans.js';

export const COLORS = ['#2563eb', '#d97706', '#059669', '#dc2626'] as const;

/** Each plot and the distributions on it, first one solid blue. */
const PERCENTILE_PLOTS: readonly { id: string; title: string; curves: readonly [DistributionTag, string][] }[] = [
  { id: 'ttft', title: 'Time to first token by percentile', curves: [['time_to_first_token', 'TTFT'], ['time_to_first_token_from_schedule', 'TTFT from schedule']] },
  { id: 'itl', title: 'Inter-token latency by percentile', curves: [['inter_token_latency', 'ITL (per request)'], ['inter_chunk_latency', 'gap between chunks']] },
  { id: 'latency', title: 'Request latency by percentile', curves: [['request_latency', 'request latency'], ['request_latency_from_schedule', 'latency from schedule']] },
];

export function percentileSection(summary: RunSummary): string {
  const charts = PERCENTILE_PLOTS.map(({ id, title, curves }) => {
    const series: Series[] = [];
    let maxPosition = 1;
    for (const [tag, name] of curves) {
      const encoded = summary.totals.distributions[tag];
      const curve = encoded ? percentileCurve(encoded) : null;
      if (!curve) continue;
      maxPosition = Math.max(maxPosition, curve.maxPosition);
      series.push({ name, color: COLORS[series.length]!, points: curve.points });
    }
    return lineChart({ id, title, xLabel: 'percentile', yLabel: 'ms', xTicks: ninesTicks(maxPosition), series });
  });
  return `<section><h2>Latency distributions</h2><p class="note">From the HDR histograms (3 significant digits). ` +
    `Each curve ends at the highest percentile its sample count supports (1 − 1/n).</p><div class="charts">${charts.join('')}</div></section>`;
}

export function timeSection(run: RunSeries | null): string {
  if (!run) return '<section><h2>Over time</h2><p>No profiled request.</p></section>';
  const xTicks = zeroBasedTicks(run.durationSec, 8, formatTick);
  const chart = (id: string, title: string, yLabel: string, series: Series[]): string =>
    lineChart({ id, title, xLabel: 'seconds since the profiled phase began', yLabel, xTicks, series });
  const requestSeries: Series[] = [{ name: 'completed', color: COLORS[0], points: run.requestsPerSec }];
  if (run.failuresPerSec) requestSeries.push({ name: 'failed', color: COLORS[3], points: run.failuresPerSec });
  return `<section><h2>Over time</h2><p class="note">In ${formatNumber(run.bucketSec * 1000, 0)} ms buckets; ` +
    'output tokens counted when their chunk arrived, requests when they ended.</p><div class="charts">' +
    chart('output-throughput', 'Output token throughput', 'tokens/s', [{ name: 'output tokens/s', color: COLORS[0], points: run.outputTokensPerSec }]) +
    chart('request-throughput', 'Request throughput', 'requests/s', requestSeries) +
    chart('in-flight', 'Requests in flight (client side)', 'requests', [{ name: 'in flight (average)', color: COLORS[2], points: run.inFlight }]) +
    '</div></section>';
}

export function timelineSection({ spans, total, stride }: TimelineSpans): string {
  if (spans.length === 0) return '';
  const caption = spans.length < total
    ? `Per-request timeline: ${formatNumber(spans.length, 0)} of ${formatNumber(total, 0)} requests drawn (1 in ${stride}, evenly by send order)`
    : `Per-request timeline: all ${formatNumber(total, 0)} requests`;
  return `<section><h2>Requests</h2>${timelineChart(spans, caption)}<p class="note">Hover a bar for its times.</p></section>`;
}
