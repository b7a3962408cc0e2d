// A line chart as inline SVG: gridlines, tick labels, a legend and one path per series, drawn server-side.
import { escapeHtml, formatTick } from './html-text.js';
import { zeroBasedTicks, type Tick } from './svg-scale.js';

export interface Series {
  readonly name: string;
  readonly color: string;
  /** [x, y] in axis units, x ascending. */
  readonly points: readonly (readonly [number, number])[];
}

export interface LineChartSpec {
  /** Names the chart for readers and tests (data-chart). */
  readonly id: string;
  readonly title: string;
  readonly xLabel: string;
  readonly yLabel: string;
  /** The x axis runs from the first tick to the last. */
  readonly xTicks: readonly Tick[];
  readonly series: readonly Series[];
  /** A dot at every point too: for a few discrete points (turns), where a lone point draws no line. */
  readonly markers?: boolean;
}

const WIDTH = 640;
const HEIGHT = 280;
const MARGIN = { left: 58, right: 14, top: 30, bottom: 42 } as const;

/** A <figure> holding the chart; y runs from 0 to a round value above the largest point. */
export function lineChart(spec: LineChartSpec): string {
  const plotW = WIDTH - MARGIN.left - MARGIN.right;
  const plotH = HEIGHT - MARGIN.top - MARGIN.bottom;
  const xMin = spec.xTicks[0]?.value ?? 0;
  const xMax = spec.xTicks.at(-1)?.value ?? 1;
  let yMaxData = 0;
  for (const s of spec.series) for (const [, y] of s.points) if (y > yMaxData) yMaxData = y;
  const yTicks = zeroBasedTicks(yMaxData, 5, formatTick);
  const yMax = yTicks.at(-1)!.value;
  const x = (v: number): string => (MARGIN.left + ((v - xMin) / (xMax - xMin || 1)) * plotW).toFixed(1);
  const y = (v: number): string => (MARGIN.top + plotH - (v / yMax) * plotH).toFixed(1);
  const bottom = MARGIN.top + plotH;

  const parts: string[] = [];
  for (const t of yTicks) {
    parts.push(`<line class="grid" x1="${MARGIN.left}" x2="${WIDTH - MARGIN.right}" y1="${y(t.value)}" y2="${y(t.value)}"/>`,
      `<text class="tick" x="${MARGIN.left - 6}" y="${y(t.value)}" text-anchor="end" dominant-baseline="middle">${escapeHtml(t.label)}</text>`);
  }
  spec.xTicks.forEach((t, i) => {
    // The last label ends at its tick, so a long one ("99.999%") stays inside the chart.
    const anchor = i > 0 && i === spec.xTicks.length - 1 ? 'end' : 'middle';
    parts.push(`<line class="grid" x1="${x(t.value)}" x2="${x(t.value)}" y1="${MARGIN.top}" y2="${bottom}"/>`,
      `<text class="tick" x="${x(t.value)}" y="${bottom + 14}" text-anchor="${anchor}">${escapeHtml(t.label)}</text>`);
  });
  parts.push(`<rect class="frame" x="${MARGIN.left}" y="${MARGIN.top}" width="${plotW}" height="${plotH}"/>`);
  for (const s of spec.series) {
    if (s.points.length === 0) continue;
    const d = s.points.map(([px, py], i) => `${i === 0 ? 'M' : 'L'}${x(px)} ${y(py)}`).join('');
    parts.push(`<path class="series" data-series="${escapeHtml(s.name)}" stroke="${s.color}" d="${d}"/>`);
    if (spec.markers) for (const [px, py] of s.points) parts.push(`<circle class="point" cx="${x(px)}" cy="${y(py)}" r="3" fill="${s.color}"/>`);
  }
  if (spec.series.every((s) => s.points.length === 0)) {
    parts.push(`<text class="empty" x="${WIDTH / 2}" y="${MARGIN.top + plotH / 2}" text-anchor="middle">no data</text>`);
  }
  parts.push(...legend(spec.series),
    `<text class="label" x="${MARGIN.left + plotW / 2}" y="${HEIGHT - 6}" text-anchor="middle">${escapeHtml(spec.xLabel)}</text>`,
    `<text class="label" transform="translate(14 ${MARGIN.top + plotH / 2}) rotate(-90)" text-anchor="middle">${escapeHtml(spec.yLabel)}</text>`);
  return `<figure><figcaption>${escapeHtml(spec.title)}</figcaption>` +
    `<svg class="chart" data-chart="${escapeHtml(spec.id)}" viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img" aria-label="${escapeHtml(spec.title)}">` +
    `${parts.join('')}</svg></figure>`;
}

/** Swatches and names in a row above the plot. */
function legend(series: readonly Series[]): string[] {
  const parts: string[] = [];
  let left = MARGIN.left;
  for (const s of series) {
    parts.push(`<line class="swatch" x1="${left}" x2="${left + 16}" y1="14" y2="14" stroke="${s.color}"/>`,
      `<text class="legend" x="${left + 20}" y="14" dominant-baseline="middle">${escapeHtml(s.name)}</text>`);
    left += 30 + 7 * s.name.length;
  }
  return parts;
}
