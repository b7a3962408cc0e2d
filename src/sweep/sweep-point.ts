// One point of a sweep: its load-curve row read back from the point's summary.json, and its SLO verdict.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DISTRIBUTION_METRICS, type DistributionTag } from '../metrics/catalog.js';
import type { Slos } from '../metrics/goodput.js';
import type { RunStop } from '../metrics/run-stop.js';
import type { PointOutcome, PointPhase } from './sweep-plan.js';

export interface SweepPoint extends PointOutcome {
  /** The point's results directory, relative to the sweep's (c4, r2.5). */
  readonly dir: string;
  readonly outputTokenThroughput: number | null;
  readonly ttftP50: number | null;
  readonly ttftP99: number | null;
  readonly itlP50: number | null;
  readonly itlP99: number | null;
  readonly requestLatencyP99: number | null;
  readonly errorCount: number;
  /** Each SLO metric at the judged percentile (null: no request had it); empty without an SLO. */
  readonly sloValues: Readonly<Record<string, number | null>>;
  /** Stopped by Ctrl-C: partial figures, never judged against the SLO. */
  readonly interrupted: boolean;
  /** Why the point stopped early on its own (it exited 3: server lost, too many failures): partial figures, never judged; null when it did not. */
  readonly stopped: RunStop | null;
}

/** The SLOs a sweep judges its points on. */
export interface SloJudge {
  readonly slos: Slos;
  /** Share of requests, in percent, that must meet each threshold. */
  readonly percentile: number;
}

/** The directory name of a point: c<N> for a concurrency, r<R> for a request rate. */
export function pointDirName(axis: 'concurrency' | 'request-rate', value: number): string {
  return `${axis === 'concurrency' ? 'c' : 'r'}${value}`;
}

/** Reads `<sweepDir>/<dir>/summary.json` (aiperf's layout) into the point's row. */
export async function readPoint(sweepDir: string, dir: string, value: number, phase: PointPhase, judge: SloJudge | undefined, interrupted: boolean): Promise<SweepPoint> {
  const summary = JSON.parse(await readFile(join(sweepDir, dir, 'summary.json'), 'utf8')) as Record<string, unknown>;
  const stat = (tag: string, key: string): number | null => {
    const metric = summary[tag] as Record<string, unknown> | null | undefined;
    const value = metric?.[key];
    return typeof value === 'number' && Number.isFinite(value) ? value : null;
  };
  const stopped = (summary['mmload'] as { stopped?: RunStop } | undefined)?.stopped ?? null;
  const errorCount = stat('error_request_count', 'avg') ?? 0;
  const sloValues: Record<string, number | null> = {};
  let meetsSlo: boolean | null = null;
  if (judge) {
    // "p99 meets it" means 99% of requests do: for a larger-is-better metric that is its 1st percentile.
    for (const tag of Object.keys(judge.slos)) sloValues[tag] = stat(tag, `p${judgedPercentile(tag, judge.percentile)}`);
    const issued = (stat('request_count', 'avg') ?? 0) + errorCount;
    const failedShare = issued > 0 ? errorCount / issued : 1;
    meetsSlo = interrupted || stopped !== null ? null : failedShare <= (100 - judge.percentile) / 100 && Object.entries(judge.slos).every(([tag, threshold]) => {
      const measured = sloValues[tag];
      if (measured === null || measured === undefined) return false;
      return largerIsBetter(tag) ? measured >= threshold : measured <= threshold;
    });
  }
  return {
    value, phase, dir, interrupted, stopped, errorCount, sloValues, meetsSlo,
    requestThroughput: stat('request_throughput', 'avg'),
    outputTokenThroughput: stat('output_token_throughput', 'avg'),
    ttftP50: stat('time_to_first_token', 'p50'),
    ttftP99: stat('time_to_first_token', 'p99'),
    itlP50: stat('inter_token_latency', 'p50'),
    itlP99: stat('inter_token_latency', 'p99'),
    requestLatencyP50: stat('request_latency', 'p50'),
    requestLatencyP99: stat('request_latency', 'p99'),
  };
}

/** The percentile judged for `tag`: the given one, mirrored for metrics where larger is better. */
export function judgedPercentile(tag: string, percentile: number): number {
  return largerIsBetter(tag) ? 100 - percentile : percentile;
}

function largerIsBetter(tag: string): boolean {
  return Object.hasOwn(DISTRIBUTION_METRICS, tag) && DISTRIBUTION_METRICS[tag as DistributionTag].largerIsBetter;
}
