// The report's MLPerf Q3VL accuracy block (what `mmload evaluate` scored), rendered with the page or set into a finished one.
import type { AccuracyFigures } from '../../mlperf/accuracy/accuracy-report.js';
import { accuracyRows, accuracyVerdict } from '../../mlperf/accuracy/accuracy-report.js';
import { escapeHtml } from './html-text.js';
import { keyValues } from './key-values.js';

const OPENING = '<section id="mlperf-accuracy">';
const BLOCK = /<section id="mlperf-accuracy">[\s\S]*?<\/section>/;
/** The block sits first under the page's header (report-html.ts). */
const HEADER_END = '</header>\n';

/** The figures and PASS or FAIL against the gate; '' without figures. */
export function accuracySection(figures: AccuracyFigures | undefined): string {
  if (!figures) return '';
  return `${OPENING}<h2>MLPerf Q3VL accuracy</h2>${keyValues(accuracyRows(figures), 'mlperf-accuracy')}` +
    `<p data-accuracy-passed="${figures.passed}"><strong>${escapeHtml(accuracyVerdict(figures))}</strong></p></section>`;
}

/** A rendered page with its accuracy block set to `figures`: replaced if it has one, else put where the page renders it. */
export function withAccuracySection(html: string, figures: AccuracyFigures): string {
  const section = accuracySection(figures);
  if (BLOCK.test(html)) return html.replace(BLOCK, () => section);
  if (!html.includes(HEADER_END)) throw new Error('not an mmload report.html: it has no header');
  return html.replace(HEADER_END, () => `${HEADER_END}${section}`);
}
