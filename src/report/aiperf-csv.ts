// A summary as aiperf 0.8's profile_export_aiperf.csv: a statistics section, a blank line, a single-value section, then the GPU telemetry section.
import { DISTRIBUTION_METRICS, VALUE_METRICS, displayName } from '../metrics/catalog.js';
import type { DistributionTag, MetricInfo, ValueTag } from '../metrics/catalog.js';
import { STAT_KEYS } from '../metrics/histogram.js';
import type { RunSummary } from '../metrics/summary.js';
import { gpuCsvRows, gpuEfficiencyMetrics } from './gpu-aiperf-sections.js';

/**
 * Like aiperf: rows sorted by metric tag, every number with 2 decimals (counts too), request counts without a unit,
 * lines ended with CRLF as Python's csv writer (which aiperf uses) ends them, so the files compare byte for byte.
 */
const EOL = '\r\n';

/** `include` picks the metrics written: aiperf's own for profile_export_aiperf.csv, all for summary.csv. */
export function toAiperfCsv(summary: RunSummary, include: (info: MetricInfo) => boolean): string {
  const rows: string[][] = [];
  const distributionTags = (Object.keys(summary.distributions) as DistributionTag[]).filter((tag) => include(DISTRIBUTION_METRICS[tag])).sort();
  if (distributionTags.length > 0) {
    rows.push(['Metric', ...STAT_KEYS]);
    for (const tag of distributionTags) {
      const { stats } = summary.distributions[tag]!;
      rows.push([displayName(DISTRIBUTION_METRICS[tag]), ...STAT_KEYS.map((key) => twoDecimals(stats[key]))]);
    }
  }
  const valueTags = (Object.keys(summary.values) as ValueTag[]).filter((tag) => include(VALUE_METRICS[tag]));
  const valueRows = [
    ...valueTags.map((tag) => ({ tag, row: [displayName(VALUE_METRICS[tag]), twoDecimals(summary.values[tag]!.value)] })),
    ...gpuEfficiencyMetrics(summary).map(({ tag, rowName, block }) => ({ tag, row: [rowName, twoDecimals(block['avg'] as number)] })),
  ].sort((a, b) => (a.tag < b.tag ? -1 : 1));
  if (valueRows.length > 0) {
    if (rows.length > 0) rows.push([]);
    rows.push(['Metric', 'Value']);
    rows.push(...valueRows.map(({ row }) => row));
  }
  const telemetry = summary.meta.gpuTelemetry;
  if (telemetry) rows.push([], [], ...gpuCsvRows(telemetry, STAT_KEYS, twoDecimals));
  return rows.map((row) => row.map(csvCell).join(',') + EOL).join('');
}

/** Python's csv quoting (minimal): a cell holding a comma, quote or line break is quoted, its quotes doubled. */
function csvCell(cell: string): string {
  return /[",\r\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell;
}

/**
 * A number as Python's format(x, ".2f") writes it: the exact value rounded to 2 decimals, an exact tie to the even
 * digit (0.125 → "0.12"), where toFixed would round it up. Ties are the numbers with 1/8 steps in the third decimal.
 */
export function twoDecimals(value: number): string {
  const eighths = value * 8; // exact: a power-of-two scaling
  if (!Number.isInteger(eighths) || eighths % 2 === 0) {
    return Object.is(value, -0) ? '-0.00' : value.toFixed(2);
  }
  // value = j/8 with j odd, so value·100 = 25j/2 lies halfway between two hundredths: take the even one.
  const j = BigInt(Math.abs(eighths));
  const below = (25n * j - 1n) / 2n;
  const hundredths = below % 2n === 0n ? below : below + 1n;
  const digits = hundredths.toString().padStart(3, '0');
  return `${value < 0 ? '-' : ''}${digits.slice(0, -2)}.${digits.slice(-2)}`;
}
