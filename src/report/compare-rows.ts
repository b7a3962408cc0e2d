// The headline metrics `mmload compare` sets side by side, read from aiperf's summary layout, with delta and winner.
import { turnTtftP50 } from './compare-turns.js';

/** A parsed summary.json or profile_export_aiperf.json: metrics keyed by tag, each `{unit, avg, p50, …}`. */
export type SummaryJson = Readonly<Record<string, unknown>>;

/** Which side wins a row; null when the values are equal. A is the comparison, B the baseline. */
export type Winner = 'a' | 'b' | null;

interface CompareMetric {
  readonly label: string;
  readonly tag: string;
  readonly stat: 'avg' | 'p50' | 'p99';
  readonly higherIsBetter: boolean;
  /**
   * A count of requests, shown as an integer. Absent beside a request_count means none (aiperf leaves the error count
   * out of a clean run), and so does null (older mmload summaries).
   */
  readonly count?: true;
}

/** Rows in display order; the seed 003 table's five rows keep their labels. */
const COMPARE_METRICS: readonly CompareMetric[] = [
  { label: 'Output TPS (tok/s)', tag: 'output_token_throughput', stat: 'avg', higherIsBetter: true },
  { label: 'Request throughput (req/s)', tag: 'request_throughput', stat: 'avg', higherIsBetter: true },
  { label: 'TTFT avg (ms)', tag: 'time_to_first_token', stat: 'avg', higherIsBetter: false },
  { label: 'TTFT p50 (ms)', tag: 'time_to_first_token', stat: 'p50', higherIsBetter: false },
  { label: 'TTFT p99 (ms)', tag: 'time_to_first_token', stat: 'p99', higherIsBetter: false },
  { label: 'ITL avg (ms)', tag: 'inter_token_latency', stat: 'avg', higherIsBetter: false },
  { label: 'Request latency avg (ms)', tag: 'request_latency', stat: 'avg', higherIsBetter: false },
  { label: 'Request latency p99 (ms)', tag: 'request_latency', stat: 'p99', higherIsBetter: false },
  { label: 'Error requests', tag: 'error_request_count', stat: 'avg', higherIsBetter: false, count: true },
];

export interface CompareRow {
  readonly metric: string;
  readonly a: number;
  readonly b: number;
  /** (A − B) / B × 100; null when B is 0 and A is not (no finite change). */
  readonly deltaPct: number | null;
  readonly better: Winner;
  /** True for request counts, shown without decimals. */
  readonly count: boolean;
}

/**
 * One row per metric both summaries carry, in display order, then for session runs the TTFT p50 of each turn index
 * both have (turn 0 against later turns tells whether the server's caches work); a metric either side lacks is left out.
 */
export function compareRows(a: SummaryJson, b: SummaryJson): CompareRow[] {
  const rows: CompareRow[] = [];
  for (const metric of COMPARE_METRICS) {
    const va = metricValue(a, metric);
    const vb = metricValue(b, metric);
    if (va !== undefined && vb !== undefined) rows.push(row(metric.label, va, vb, metric.higherIsBetter, metric.count === true));
  }
  const turnsB = turnTtftP50(b);
  for (const [turn, va] of turnTtftP50(a)) {
    const vb = turnsB.get(turn);
    if (vb !== undefined) rows.push(row(`TTFT p50 turn ${turn} (ms)`, va, vb, false, false));
  }
  return rows;
}

function row(metric: string, a: number, b: number, higherIsBetter: boolean, count: boolean): CompareRow {
  return {
    metric,
    a,
    b,
    deltaPct: b !== 0 ? ((a - b) / b) * 100 : a === 0 ? 0 : null,
    better: a === b ? null : (a > b) === higherIsBetter ? 'a' : 'b',
    count,
  };
}

/** True when the object carries at least one compared metric: what tells a summary from any other JSON. */
export function isSummary(json: unknown): json is SummaryJson {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return false;
  return COMPARE_METRICS.some((metric) => !metric.count && metricValue(json as SummaryJson, metric) !== undefined);
}

function metricValue(summary: SummaryJson, metric: CompareMetric): number | undefined {
  const entry = summary[metric.tag];
  if (metric.count && (entry === null || (entry === undefined && 'request_count' in summary))) return 0;
  if (typeof entry !== 'object' || entry === null) return undefined;
  const value = (entry as Record<string, unknown>)[metric.stat];
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}
