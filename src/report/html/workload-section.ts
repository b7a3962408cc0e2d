// The report's workload section: what the workload planned (image reuse, distinct images, expected ISL) and the load shape.
import type { RunSummary } from '../../metrics/summary.js';
import { formatPercent } from './html-text.js';
import { formatBytes, formatNumber } from '../../util/number-format.js';
import { keyValues } from './key-values.js';

export function workloadSection(summary: RunSummary): string {
  const w = summary.meta.workload;
  const isl = w?.expectedIsl ?? null;
  const workload = w
    ? keyValues([
      ['Image slots', formatNumber(w.imageSlots, 0)],
      ['Distinct images', formatNumber(w.distinctImages, 0)],
      ['Planned image hit rate', w.plannedHitRate === null ? null : `${formatPercent(w.plannedHitRate)} (an unbounded cache, in send order)`],
      ['Distinct image bytes', w.imageSlots > 0 ? formatBytes(w.distinctImageBytes) : null],
      ['Expected ISL', isl ? `${formatNumber(isl.avg, 1)} avg (${formatNumber(isl.min, 0)} to ${formatNumber(isl.max, 0)}) tokens` : null],
    ], 'workload')
    : '<p>Not recorded.</p>';
  const load = summary.meta.load;
  const loadRows: [string, string][] = load
    ? Object.entries(load).filter(([, v]) => v !== null && typeof v !== 'object').map(([k, v]) => [k, String(v)])
    : [];
  return `<section><h2>Workload</h2>${workload}` +
    `${loadRows.length ? `<h3>Load</h3>${keyValues(loadRows, 'load')}` : ''}</section>`;
}
