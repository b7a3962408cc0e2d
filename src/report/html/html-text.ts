// Text for the HTML report: escaping whatever came from the run, percentages and axis labels.
import { formatNumber } from '../../util/number-format.js';

const ENTITIES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text safe inside an element or a quoted attribute. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}

/** A rate (0 to 1) as a percentage with one decimal. */
export function formatPercent(rate: number | null | undefined): string {
  return rate === null || rate === undefined ? '–' : `${formatNumber(rate * 100, 1)}%`;
}

/** A short axis label: 3 significant figures at most, k/M suffixes past ten thousand. */
export function formatTick(value: number): string {
  const abs = Math.abs(value);
  if (abs >= 1e6) return `${trim(value / 1e6)}M`;
  if (abs >= 1e4) return `${trim(value / 1e3)}k`;
  return trim(value);
}

function trim(value: number): string {
  return String(Number(value.toPrecision(3)));
}
