// The per-request timeline as inline SVG: one bar per request from send to end, the wait for the first token shaded.
import { escapeHtml, formatTick } from './html-text.js';
import { formatNumber } from '../../util/number-format.js';
import { zeroBasedTicks } from './svg-scale.js';
import type { Span } from '../../metrics/timeline-spans.js';

const WIDTH = 1200;
const MARGIN = { left: 58, right: 14, top: 26, bottom: 40 } as const;

/**
 * Each request is a <rect class="bar"> from send to end (light: waiting for the first token), overdrawn from its
 * first token to its end by one shared dark path; failures are red. Rows run down in send order.
 */
export function timelineChart(spans: readonly Span[], caption: string): string {
  const rows = Math.max(1, spans.length);
  const plotW = WIDTH - MARGIN.left - MARGIN.right;
  const plotH = Math.min(480, Math.max(120, rows * 4));
  const height = MARGIN.top + plotH + MARGIN.bottom;
  let end = 0;
  for (const s of spans) end = Math.max(end, s.endSec);
  const ticks = zeroBasedTicks(end, 10, formatTick);
  const xMax = ticks.at(-1)!.value;
  const x = (sec: number): number => MARGIN.left + (sec / xMax) * plotW;
  const rowH = plotH / rows;
  const barH = Math.max(0.3, rowH * 0.8);

  const parts: string[] = [];
  for (const t of ticks) {
    parts.push(`<line class="grid" x1="${x(t.value).toFixed(1)}" x2="${x(t.value).toFixed(1)}" y1="${MARGIN.top}" y2="${MARGIN.top + plotH}"/>`,
      `<text class="tick" x="${x(t.value).toFixed(1)}" y="${MARGIN.top + plotH + 14}" text-anchor="middle">${escapeHtml(t.label)}</text>`);
  }
  let streaming = '';
  spans.forEach((s, row) => {
    const top = MARGIN.top + row * rowH;
    const x0 = x(s.startSec);
    const width = Math.max(0.5, x(s.endSec) - x0);
    const ttft = s.firstTokenSec === null ? '' : `, first token after ${formatNumber((s.firstTokenSec - s.startSec) * 1000, 1)} ms`;
    const what = s.error === null ? `${formatNumber((s.endSec - s.startSec) * 1000, 1)} ms${ttft}` : `failed (${s.error})`;
    parts.push(`<rect class="bar${s.error === null ? '' : ' failed'}" x="${x0.toFixed(1)}" y="${top.toFixed(2)}" width="${width.toFixed(1)}" ` +
      `height="${barH.toFixed(2)}"><title>request ${s.index + 1}: ${escapeHtml(what)}</title></rect>`);
    if (s.firstTokenSec !== null) {
      streaming += `M${x(s.firstTokenSec).toFixed(1)} ${(top + barH / 2).toFixed(2)}H${(x0 + width).toFixed(1)}`;
    }
  });
  if (streaming) parts.push(`<path class="streaming" stroke-width="${barH.toFixed(2)}" d="${streaming}"/>`);
  parts.push(`<text class="legend" x="${MARGIN.left}" y="14">light: waiting for the first token · dark: streaming · red: failed</text>`,
    `<text class="label" x="${MARGIN.left + plotW / 2}" y="${height - 6}" text-anchor="middle">seconds since the profiled phase began</text>`,
    `<text class="label" transform="translate(14 ${MARGIN.top + plotH / 2}) rotate(-90)" text-anchor="middle">requests in send order</text>`);
  return `<figure><figcaption>${escapeHtml(caption)}</figcaption>` +
    `<svg class="chart" data-chart="timeline" viewBox="0 0 ${WIDTH} ${height}" role="img" aria-label="per-request timeline">` +
    `${parts.join('')}</svg></figure>`;
}
