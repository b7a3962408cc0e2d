// The report's time-slice charts: TTFT p50/p99 and output throughput per --slice-duration slice, over the run.
import type { TimeSlicesJson } from '../time-slice-entry.js';
import { formatNumber } from '../../util/number-format.js';
import { COLORS } from './chart-sections.js';
import { formatTick } from './html-text.js';
import { lineChart, type Series } from './svg-line-chart.js';
import { zeroBasedTicks } from './svg-scale.js';

/** Empty unless the run had --slice-duration. Each slice is drawn at its middle, in seconds since the run began. */
export function sliceSection(slices: TimeSlicesJson | null | undefined): string {
  if (!slices || slices.slices.length === 0) return '';
  const entries = slices.slices;
  const xTicks = zeroBasedTicks(entries.at(-1)!.end_sec, 8, formatTick);
  const points = (figure: Figure): [number, number][] =>
    entries.flatMap((e) => (e[figure] === undefined ? [] : [[(e.start_sec + e.end_sec) / 2, e[figure]!] as [number, number]]));
  const chart = (id: string, title: string, yLabel: string, series: Series[]): string =>
    lineChart({ id, title, xLabel: 'seconds since the run began (slice middles)', yLabel, xTicks, series, markers: entries.length < 40 });
  return `<section><h2>By time slice</h2><p class="note">${formatNumber(entries.length, 0)} slices of ` +
    `${formatNumber(slices.slice_duration_sec, 3)} s (whole multiples since the Unix epoch, as aiperf's; the first and last ` +
    'may be shorter). A request belongs to the slice its start falls in; a slice\'s throughput divides by its own span, ' +
    'from its first start to its last response.</p><div class="charts">' +
    chart('slice-ttft', 'TTFT per slice', 'ms', [
      { name: 'TTFT p50', color: COLORS[0], points: points('ttft_p50_ms') },
      { name: 'TTFT p99', color: COLORS[1], points: points('ttft_p99_ms') },
    ]) +
    chart('slice-output-throughput', 'Output token throughput per slice', 'tokens/s', [
      { name: 'output tokens/s', color: COLORS[2], points: points('output_tokens_per_sec') },
    ]) +
    '</div></section>';
}

type Figure = 'ttft_p50_ms' | 'ttft_p99_ms' | 'output_tokens_per_sec';
