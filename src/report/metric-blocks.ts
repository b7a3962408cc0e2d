// A summary's metrics as aiperf's JSON metric blocks ({unit, avg, p1…p99, min, max, std, count, sum}), in aiperf's order.
import { DISTRIBUTION_METRICS, VALUE_METRICS } from '../metrics/catalog.js';
import type { DistributionTag, MetricInfo, ValueTag } from '../metrics/catalog.js';
import type { DistributionResult, ValueResult } from '../metrics/metric-results.js';
import type { RunSummary } from '../metrics/summary.js';
import { BLOCK_KEY_ORDER } from '../util/gauge-stats.js';

/** A metric block; only the keys with a value are present. */
export type MetricBlock = Readonly<Record<string, string | number>>;

/** The metrics that profile_export_aiperf.json declares, in its order; other metrics follow them. */
const DECLARED_METRIC_ORDER: readonly (DistributionTag | ValueTag)[] = [
  'request_throughput',
  'request_latency',
  'request_count',
  'time_to_first_token',
  'time_to_second_token',
  'inter_token_latency',
  'output_token_throughput',
  'output_token_throughput_per_user',
  'output_sequence_length',
  'input_sequence_length',
  'goodput',
  'good_request_count',
  'output_token_count',
  'reasoning_token_count',
  'min_request_timestamp',
  'max_response_timestamp',
  'inter_chunk_latency',
  'total_output_tokens',
  'total_reasoning_tokens',
  'benchmark_duration',
  'total_isl',
  'total_osl',
  'error_request_count',
  'error_isl',
  'total_error_isl',
];

function distributionBlock({ unit, stats }: DistributionResult): MetricBlock {
  const block: Record<string, string | number> = { unit };
  for (const key of BLOCK_KEY_ORDER) block[key] = stats[key];
  return block;
}

function valueBlock({ unit, value }: ValueResult): MetricBlock {
  return { unit, avg: value };
}

/** The catalog entry of any metric tag. */
export function metricInfo(tag: DistributionTag | ValueTag): MetricInfo {
  return (DISTRIBUTION_METRICS as Record<string, MetricInfo>)[tag] ?? (VALUE_METRICS as Record<string, MetricInfo>)[tag]!;
}

/**
 * The summary's metrics that `include` keeps, as blocks by tag: first those aiperf declares (in its order), then the
 * rest in catalog order. `declared` says which of the two groups a block belongs to. A metric without a value is absent.
 */
export function metricBlocks(summary: Pick<RunSummary, 'distributions' | 'values'>, include: (info: MetricInfo) => boolean): { tag: string; block: MetricBlock; declared: boolean }[] {
  const declared = new Set<string>(DECLARED_METRIC_ORDER);
  const catalogOrder = [...Object.keys(DISTRIBUTION_METRICS), ...Object.keys(VALUE_METRICS)] as (DistributionTag | ValueTag)[];
  const order = [...DECLARED_METRIC_ORDER, ...catalogOrder.filter((tag) => !declared.has(tag))];
  const blocks: { tag: string; block: MetricBlock; declared: boolean }[] = [];
  for (const tag of order) {
    if (!include(metricInfo(tag))) continue;
    const distribution = summary.distributions[tag as DistributionTag];
    const value = summary.values[tag as ValueTag];
    const block = distribution ? distributionBlock(distribution) : value ? valueBlock(value) : null;
    if (block) blocks.push({ tag, block, declared: declared.has(tag) });
  }
  return blocks;
}
