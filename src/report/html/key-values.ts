// A two-column table of labelled values, the form most of the report's smaller sections take.
import { escapeHtml } from './html-text.js';

/** Labels and values are plain text, escaped here; a null value drops the row. */
export function keyValues(rows: readonly (readonly [string, string | null])[], name: string): string {
  const body = rows
    .filter((row): row is readonly [string, string] => row[1] !== null)
    .map(([label, value]) => `<tr><th>${escapeHtml(label)}</th><td>${escapeHtml(value)}</td></tr>`);
  return `<table class="kv" data-table="${escapeHtml(name)}"><tbody>${body.join('')}</tbody></table>`;
}
