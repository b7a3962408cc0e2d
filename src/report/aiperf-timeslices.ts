// aiperf's time-slice files: profile_export_aiperf_timeslices.json (each slice's metric blocks) and .csv (tidy: a row per slice, metric and statistic).
import type { DistributionTag, MetricInfo, ValueTag } from '../metrics/catalog.js';
import { STAT_KEYS } from '../metrics/histogram.js';
import type { TimeSlice } from '../records/time-slices.js';
import { twoDecimals } from './aiperf-csv.js';
import { metricBlocks, metricInfo } from './metric-blocks.js';

/** Picks the metrics written: aiperf's own (--compat aiperf) or all. */
type Include = (info: MetricInfo) => boolean;

/** {"timeslices": [{"timeslice_index": 0, <tag>: <block as in profile_export_aiperf.json>, …}, …], "input_config": …}. */
export function toAiperfTimeslicesJson(slices: readonly TimeSlice[], inputConfig: unknown, include: Include): string {
  const timeslices = slices.map((slice) => {
    const entry: Record<string, unknown> = { timeslice_index: slice.index };
    for (const { tag, block } of metricBlocks(slice, include)) entry[tag] = block;
    return entry;
  });
  return JSON.stringify({ timeslices, ...(inputConfig === undefined ? {} : { input_config: inputConfig }) }, null, 2);
}

/** Python's csv writer ends lines so, as aiperf writes the file. */
const EOL = '\r\n';

/**
 * "Timeslice,Metric,Unit,Stat,Value": slices in order, each slice's metrics sorted by tag, a row for every statistic a
 * metric has in aiperf's STAT_KEYS order (a single-value metric has avg only), the metric's name without its unit,
 * every value with 2 decimals (aiperf's values are floats by then, counts too).
 */
export function toAiperfTimeslicesCsv(slices: readonly TimeSlice[], include: Include): string {
  const rows = ['Timeslice,Metric,Unit,Stat,Value'];
  for (const slice of slices) {
    const stats = new Map<string, Readonly<Partial<Record<string, number>>>>();
    for (const [tag, result] of Object.entries(slice.distributions)) stats.set(tag, result.stats);
    for (const [tag, result] of Object.entries(slice.values)) stats.set(tag, { avg: result.value });
    for (const tag of [...stats.keys()].sort()) {
      const info = metricInfo(tag as DistributionTag | ValueTag);
      if (!include(info)) continue;
      const values = stats.get(tag)!;
      for (const stat of STAT_KEYS) {
        const value = values[stat];
        // Metric names and units hold no comma or quote, so no field needs quoting.
        if (value !== undefined) rows.push(`${slice.index},${info.header},${info.unit},${stat},${twoDecimals(value)}`);
      }
    }
  }
  return rows.map((row) => row + EOL).join('');
}
