// The report's error table: failures grouped by type, HTTP code and message, most frequent first.
import { truncate } from '../../util/truncate.js';
import type { RunSummary } from '../../metrics/summary.js';
import { escapeHtml } from './html-text.js';
import { formatNumber } from '../../util/number-format.js';

/** Rows and message length shown; a run whose messages embed ids could otherwise have thousands of kinds. */
const MAX_ROWS = 50;
const MAX_MESSAGE = 400;

export function errorsSection(summary: RunSummary): string {
  const errors = summary.errorSummary;
  if (errors.length === 0) return '<section><h2>Errors</h2><p data-errors="none">No request failed.</p></section>';
  const rows = errors.slice(0, MAX_ROWS).map((e) =>
    `<tr><td class="num">${formatNumber(e.count, 0)}</td><td>${escapeHtml(e.type)}</td><td>${e.code ?? '–'}</td>` +
    `<td class="message">${escapeHtml(truncate(e.message, MAX_MESSAGE))}</td></tr>`);
  const hidden = errors.slice(MAX_ROWS);
  const more = hidden.length === 0
    ? ''
    : `<p class="note">${hidden.length} more kinds (${formatNumber(hidden.reduce((n, e) => n + e.count, 0), 0)} failures) not shown; summary.json lists them all.</p>`;
  const { failed, issued } = summary.counts;
  return `<section><h2>Errors</h2><p>${formatNumber(failed, 0)} of ${formatNumber(issued, 0)} requests failed.</p>` +
    `<table class="errors"><thead><tr><th>Count</th><th>Type</th><th>HTTP</th><th>Message</th></tr></thead>` +
    `<tbody>${rows.join('')}</tbody></table>${more}</section>`;
}
