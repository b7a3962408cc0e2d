// One line of server_metrics_export.jsonl, aiperf's slim record of a scrape: every kept family's samples, no HELP or types.
import { epochNs } from '../util/epoch-now.js';
import { stringifyWithBigInts } from '../util/json-bigint.js';
import { keptAs, type Scrape } from './endpoint-tally.js';
import { sortedLabels, type MetricFamily } from './families.js';

/**
 * The scrape as one JSON line ("\n" included): timestamps in epoch ns, then each family aiperf keeps (`_info` ones
 * aside) by name, its series as `{labels, value}` or `{labels, buckets, sum, count}`, labels sorted and left out when none.
 */
export function jsonlLine(endpointUrl: string, scrape: Scrape): string {
  const metrics: Record<string, object[]> = {};
  for (const family of scrape.families) {
    const kept = keptAs(family);
    if (kept === null || kept.name.endsWith('_info')) continue;
    const samples = family.series.flatMap((series) => sampleOf(family, series));
    if (samples.length > 0) metrics[kept.name] = [...(metrics[kept.name] ?? []), ...samples];
  }
  const firstByte = epochNs(scrape.firstByteEpochMs, 0);
  return `${stringifyWithBigInts({
    endpoint_url: endpointUrl,
    timestamp_ns: firstByte,
    endpoint_latency_ns: BigInt(Math.round((scrape.receivedEpochMs - scrape.sentEpochMs) * 1e6)),
    metrics,
    request_sent_ns: epochNs(scrape.sentEpochMs, 0),
    first_byte_ns: firstByte,
  })}\n`;
}

function sampleOf(family: MetricFamily, series: MetricFamily['series'][number]): object[] {
  const labels = Object.keys(series.labels).length === 0 ? {} : { labels: sortedLabels(series.labels) };
  if ('value' in series) return Number.isFinite(series.value) ? [{ ...labels, value: series.value }] : [];
  if (family.type === 'summary' || !('buckets' in series)) return [];
  const { buckets, sum, count } = series;
  if (buckets.size === 0 && sum === null && count === null) return [];
  return [{ ...labels, buckets: Object.fromEntries(buckets), ...(sum === null ? {} : { sum }), ...(count === null ? {} : { count }) }];
}
