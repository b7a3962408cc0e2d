// The summary as aiperf's profile_export_aiperf.csv: a statistics section, a blank line, a single-value section.
import { DISTRIBUTION_METRICS, VALUE_METRICS, displayName } from '../metrics/catalog.js';
import type { DistributionTag, ValueTag } from '../metrics/catalog.js';
import { STAT_KEYS } from '../metrics/histogram.js';
import type { RunSummary } from '../metrics/summary.js';

/**
 * Like aiperf: rows sorted by metric tag, numbers with 2 decimals, request counts without a unit, and lines
 * ended with CRLF as Python's csv writer (which aiperf uses) ends them, so the files compare byte for byte.
 */
const EOL = '\r\n';

export function toAiperfCsv(summary: RunSummary): string {
  const rows: string[][] = [];
  const distributionTags = (Object.keys(summary.distributions) as DistributionTag[]).sort();
  if (distributionTags.length > 0) {
    rows.push(['Metric', ...STAT_KEYS]);
    for (const tag of distributionTags) {
      const { stats } = summary.distributions[tag]!;
      rows.push([displayName(DISTRIBUTION_METRICS[tag]), ...STAT_KEYS.map((key) => fixed(stats[key]))]);
    }
  }
  const valueTags = (Object.keys(summary.values) as ValueTag[]).sort();
  if (valueTags.length > 0) {
    if (rows.length > 0) rows.push([]);
    rows.push(['Metric', 'Value']);
    for (const tag of valueTags) rows.push([displayName(VALUE_METRICS[tag]), fixed(summary.values[tag]!.value)]);
  }
  // Metric names and numbers never hold a comma or quote, so no field needs quoting.
  return rows.map((row) => row.join(',') + EOL).join('');
}

function fixed(value: number): string {
  return value.toFixed(2);
}

