// A sweep's outputs: sweep.json (points in run order, SLO verdict, why it stopped), sweep.csv (the load curve) and the console table.
import { join } from 'node:path';
import { DISTRIBUTION_METRICS, type DistributionTag } from '../metrics/catalog.js';
import type { Slos } from '../metrics/goodput.js';
import { writeFileAtomically } from '../fs/write-atomically.js';
import { axisName, type SweepAxis } from './sweep-plan.js';
import { judgedPercentile, type SweepPoint } from './sweep-point.js';

export interface SweepResult {
  readonly axis: SweepAxis;
  /** In run order (scan, then bisection). */
  readonly points: readonly SweepPoint[];
  readonly slo: Slos | undefined;
  readonly sloPercentile: number;
  /** The highest value whose point met every SLO; null without an SLO or when none did. */
  readonly bestPassing: number | null;
  readonly stoppedBecause: string;
  readonly interrupted: boolean;
  /** The point that stopped early on its own (exit 3), which ended the sweep; null when none did. */
  readonly stoppedAt: SweepPoint | null;
}

/** The highest axis value among the points that met the SLO. */
export function bestPassing(points: readonly SweepPoint[]): number | null {
  const passing = points.filter((p) => p.meetsSlo === true).map((p) => p.value);
  return passing.length > 0 ? Math.max(...passing) : null;
}

/** One curve row, keyed as in sweep.json and headed as in sweep.csv. */
function row(result: SweepResult, p: SweepPoint): Record<string, number | boolean | string | null> {
  return {
    [result.axis === 'concurrency' ? 'concurrency' : 'request_rate']: p.value,
    request_throughput: p.requestThroughput,
    output_token_throughput: p.outputTokenThroughput,
    time_to_first_token_p50: p.ttftP50,
    time_to_first_token_p99: p.ttftP99,
    inter_token_latency_p50: p.itlP50,
    inter_token_latency_p99: p.itlP99,
    request_latency_p50: p.requestLatencyP50,
    request_latency_p99: p.requestLatencyP99,
    error_request_count: p.errorCount,
    ...(result.slo ? { meets_slo: p.meetsSlo } : {}),
    dir: p.dir,
  };
}

/** Writes sweep.json and sweep.csv into the sweep directory, each atomically; `result.points` is never empty. */
export async function writeSweepFiles(dir: string, result: SweepResult): Promise<void> {
  const json = {
    axis: result.axis,
    points: result.points.map((p) => ({
      ...row(result, p), phase: p.phase, interrupted: p.interrupted, stopped: p.stopped, ...(result.slo ? { slo_values: p.sloValues } : {}),
    })),
    slo: result.slo ?? null,
    slo_percentile: result.slo ? result.sloPercentile : null,
    best_passing: result.bestPassing,
    stopped_because: result.stoppedBecause,
    interrupted: result.interrupted,
    stopped: result.stoppedAt && { ...result.stoppedAt.stopped!, dir: result.stoppedAt.dir },
    units: 'times in ms, throughputs per second; slo_values are each SLO metric at the judged percentile (mirrored for larger-is-better metrics)',
  };
  const rows = [...result.points].sort((a, b) => a.value - b.value).map((p) => row(result, p));
  const header = Object.keys(rows[0]!);
  const cell = (v: number | boolean | string | null) => (v === null ? '' : typeof v === 'number' && !Number.isInteger(v) ? v.toFixed(2) : String(v));
  const csv = [header.join(','), ...rows.map((r) => header.map((h) => cell(r[h] ?? null)).join(','))].join('\n');
  await writeFileAtomically(join(dir, 'sweep.json'), `${JSON.stringify(json, null, 2)}\n`);
  await writeFileAtomically(join(dir, 'sweep.csv'), `${csv}\n`);
}

/** The compact end-of-sweep table, sorted by axis value, then the SLO verdict and why the sweep stopped. */
export function renderSweep(result: SweepResult, dir: string): string {
  const ms = (v: number | null) => (v === null ? '-' : v.toFixed(1));
  const head = [axisName(result.axis), 'req/s', 'out tok/s', 'TTFT p50', 'TTFT p99', 'ITL p50', 'ITL p99', 'lat p50', 'lat p99', 'errors', ...(result.slo ? ['SLO'] : [])];
  const body = [...result.points].sort((a, b) => a.value - b.value).map((p) => [
    `${p.value}${p.phase === 'bisect' ? '*' : ''}`, ms(p.requestThroughput), ms(p.outputTokenThroughput), ms(p.ttftP50), ms(p.ttftP99),
    ms(p.itlP50), ms(p.itlP99), ms(p.requestLatencyP50), ms(p.requestLatencyP99), String(p.errorCount),
    ...(result.slo ? [p.meetsSlo === null ? '-' : p.meetsSlo ? 'meets' : 'misses'] : []),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((r) => r[i]!.length)));
  const line = (cells: readonly string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  const ending = result.interrupted ? ' (interrupted)' : result.stoppedAt ? ' (stopped early)' : '';
  const lines = [`mmload sweep | ${axisName(result.axis)}${ending} | times in ms${body.some((r) => r[0]!.endsWith('*')) ? ', * bisection point' : ''}`, line(head), ...body.map(line)];
  if (result.slo) {
    const terms = Object.entries(result.slo).map(([tag, threshold]) => {
      const info = DISTRIBUTION_METRICS[tag as DistributionTag];
      return `${tag} p${judgedPercentile(tag, result.sloPercentile)} ${info.largerIsBetter ? '≥' : '≤'} ${threshold} ${info.unit}`;
    });
    const best = result.points.find((p) => p.value === result.bestPassing && p.meetsSlo === true);
    lines.push(`SLO (${result.sloPercentile}% of requests): ${terms.join(', ')}`);
    lines.push(best ? `SLO-limited point: ${axisName(result.axis)} ${best.value} (${join(dir, best.dir)})` : 'SLO-limited point: none; no point met the SLO');
  }
  lines.push(`stopped: ${result.stoppedBecause}`);
  return lines.join('\n');
}
