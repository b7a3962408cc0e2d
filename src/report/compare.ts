// Renders two run summaries side by side (`mmload compare`) as a terminal table, GitHub markdown or csv.
//
// A is the comparison, B the baseline, as in the seed 003 table: Delta = (A − B) / B × 100, one decimal, signed.
// The better side is marked after the delta: ✓ when A is better, ✗ when B is better, nothing when they are equal.
// Higher is better for the throughputs, lower for latencies and error requests. csv has no marks: its `better`
// column says `a`, `b` or nothing, and its numbers are the files' own, unrounded, with ASCII '-' signs.
import { MINUS, formatDelta, formatValue } from './compare-format.js';
import { compareRows, type CompareRow, type SummaryJson } from './compare-rows.js';

export type CompareFormat = 'table' | 'md' | 'csv';
export const COMPARE_FORMATS: readonly CompareFormat[] = ['table', 'md', 'csv'];

/** One run to compare: its summary and the name its column carries. */
export interface CompareSide {
  readonly label: string;
  readonly summary: SummaryJson;
}

const MARK = { a: ' ✓', b: ' ✗' } as const;
const CSV_HEADER = 'metric,a,b,delta_pct,better';

/** The comparison of A against baseline B in the given format; the text ends without a newline. */
export function renderCompare(a: CompareSide, b: CompareSide, format: CompareFormat): string {
  const rows = compareRows(a.summary, b.summary);
  switch (format) {
    case 'table':
      return renderTable(a.label, b.label, rows);
    case 'md':
      return renderMarkdown(a.label, b.label, rows);
    case 'csv':
      return renderCsv(rows);
  }
}

/** Metric, A, B and Delta cells of each row, for the table and markdown outputs. */
function cells(rows: readonly CompareRow[]): string[][] {
  return rows.map((row) => [
    row.metric,
    formatValue(row.a, row.count),
    formatValue(row.b, row.count),
    `${row.deltaPct === null ? 'n/a' : `${formatDelta(row.deltaPct, MINUS)}%`}${row.better ? MARK[row.better] : ''}`,
  ]);
}

function widths(table: readonly (readonly string[])[]): number[] {
  return table[0]!.map((_, i) => Math.max(...table.map((row) => row[i]!.length)));
}

/** Metric left-aligned, numbers right-aligned, each column as wide as its widest cell. */
function align(row: readonly string[], w: readonly number[]): string[] {
  return row.map((cell, i) => (i === 0 ? cell.padEnd(w[i]!) : cell.padStart(w[i]!)));
}

function renderTable(labelA: string, labelB: string, rows: readonly CompareRow[]): string {
  const legend = `A = ${labelA} (comparison), B = ${labelB} (baseline); Delta = (A ${MINUS} B) / B; ✓ A better, ✗ B better`;
  if (rows.length === 0) return `${legend}\n(no metric is in both summaries)`;
  const table = [['Metric', labelA, labelB, 'Delta'], ...cells(rows)];
  const w = widths(table);
  const [header, ...body] = table.map((row) => align(row, w).join('  '));
  const rule = '─'.repeat(w.reduce((sum, n) => sum + n, 0) + 2 * (w.length - 1));
  return [legend, rule, header, rule, ...body, rule].join('\n');
}

/** GitHub markdown in the seed's shape: `| Metric | A | B | Delta |`, padded, numeric columns `---:`. */
function renderMarkdown(labelA: string, labelB: string, rows: readonly CompareRow[]): string {
  const escape = (text: string) => text.replaceAll('|', '\\|');
  const table = [['Metric', escape(labelA), escape(labelB), 'Delta'], ...cells(rows)];
  const w = widths(table);
  const line = (row: readonly string[]) => `| ${row.join(' | ')} |`;
  const separator = w.map((n, i) => (i === 0 ? '-'.repeat(n) : `${'-'.repeat(n - 1)}:`));
  return table.map((row) => line(align(row, w))).toSpliced(1, 0, line(separator)).join('\n');
}

function renderCsv(rows: readonly CompareRow[]): string {
  const lines = rows.map((row) =>
    [row.metric, row.a, row.b, row.deltaPct === null ? '' : formatDelta(row.deltaPct, '-'), row.better ?? ''].join(','),
  );
  return [CSV_HEADER, ...lines].join('\n');
}
