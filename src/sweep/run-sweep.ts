// `mmload sweep`: profile runs over a series of concurrencies or request rates, each into its own directory, summed up as a load curve.
import { access } from 'node:fs/promises';
import { join } from 'node:path';
import { claimArtifactDir, mmloadArtifactDir } from '../report/artifact-dir.js';
import { ExitCode, UsageError } from '../util/exit-codes.js';
import { onInterrupt } from '../run/interrupt.js';
import { runProfile, startSimulator } from '../run/profile-run.js';
import type { SimChild } from '../sim/sim-child.js';
import { stdio, type Console } from '../util/console.js';
import type { Slos } from '../metrics/goodput.js';
import type { ProfileConfig } from '../run/run-config.js';
import { axisName, nextStep, type ScanPlan, type SweepAxis } from './sweep-plan.js';
import { pointDirName, readPoint, type SloJudge, type SweepPoint } from './sweep-point.js';
import { bestPassing, renderSweep, writeSweepFiles } from './sweep-report.js';

export interface SweepConfig {
  readonly axis: SweepAxis;
  readonly plan: ScanPlan;
  /** Thresholds by metric tag (ms for times); undefined without --slo. */
  readonly slo: Slos | undefined;
  /** Share of requests, in percent, that must meet each SLO: judged on that percentile of the metric. */
  readonly sloPercentile: number;
  /** --artifact-dir, the sweep's own directory; undefined: results/<date>-<defaultName>. */
  readonly artifactDir: string | undefined;
  readonly defaultName: string;
  /** The profile configuration of one point: the swept flag set to `value`, results in `dir`. */
  pointConfig(value: number, dir: string): ProfileConfig;
  /** The profile configuration of the first point, validated. */
  readonly first: ProfileConfig;
}

/**
 * Runs the sweep and returns the exit code: 0, or 130 when Ctrl-C stopped it (sweep.json then says interrupted), or 3
 * when a point stopped early on its own (server lost, too many failures: the point exited 3): no further point runs
 * against a server in that state, and sweep.json's `stopped` names the point and why.
 * A point refused as bad input stops the sweep: what ran is written, then its UsageError is rethrown (exit 2).
 */
export async function runSweep(config: SweepConfig, argv: readonly string[], io: Console = stdio): Promise<number> {
  const dir = await claimSweepDir(config);
  const judge: SloJudge | undefined = config.slo ? { slos: config.slo, percentile: config.sloPercentile } : undefined;
  // A point's own table stays in its summary files (and on stderr with --verbose); stdout gets the sweep's table.
  const pointIo: Console = { out: config.first.verbose ? io.err : () => {}, err: io.err };
  const points: SweepPoint[] = [];
  let interrupted = false;
  let stoppedAt: SweepPoint | null = null;
  let stoppedBecause = 'interrupted (Ctrl-C)';
  let badInput: UsageError | undefined;
  // The running point handles Ctrl-C itself (and writes what it measured); this keeps the next one from starting.
  const uninstall = onInterrupt(() => { interrupted = true; }, () => io.err('sweep: interrupted; no further points will run'));
  // One simulator serves every point, its caches emptied before each, so each point starts as cold as a fresh one.
  let sim: SimChild | undefined;
  try {
    if (config.first.sim) sim = await startSimulator(config.first, io);
    while (!interrupted) {
      const step = nextStep(config.plan, config.axis, points);
      if ('stop' in step) {
        stoppedBecause = step.stop;
        break;
      }
      const name = pointDirName(config.axis, step.value);
      io.err(`sweep: ${axisName(config.axis)} ${step.value}${step.phase === 'bisect' ? ' (bisecting the SLO limit)' : ''} → ${join(dir, name)}`);
      let code: number;
      try {
        code = await runProfile(config.pointConfig(step.value, join(dir, name)), argv, pointIo, sim);
      } catch (err) {
        if (!(err instanceof UsageError)) throw err;
        badInput = new UsageError(`sweep stopped at ${name}: ${err.message}`);
        stoppedBecause = badInput.message;
        break;
      }
      if (code === ExitCode.interrupted) interrupted = true;
      const point = await readPoint(dir, name, step.value, step.phase, judge, code === ExitCode.interrupted);
      points.push(point);
      io.err(`sweep: ${name}: ${describePoint(point)}`);
      if (code === ExitCode.stopped) {
        stoppedAt = point;
        stoppedBecause = `${name} stopped early: ${point.stopped?.message ?? 'the point exited 3'}`;
        io.err(`sweep: ${stoppedBecause}; no further points will run`);
        break;
      }
    }
  } finally {
    uninstall();
    await sim?.stop();
  }
  if (points.length > 0) {
    const result = {
      axis: config.axis, points, slo: config.slo, sloPercentile: config.sloPercentile,
      bestPassing: bestPassing(points), stoppedBecause, interrupted, stoppedAt,
    };
    await writeSweepFiles(dir, result);
    io.out(renderSweep(result, dir));
    io.err(`sweep results: ${dir}${interrupted ? ' (interrupted)' : stoppedAt ? ' (stopped early)' : ''}`);
  }
  if (badInput) throw badInput;
  return interrupted ? ExitCode.interrupted : stoppedAt ? ExitCode.stopped : ExitCode.ok;
}

/** The sweep's directory: an explicit one must not hold an earlier sweep; the default is a fresh one. */
async function claimSweepDir(config: SweepConfig): Promise<string> {
  const dir = await claimArtifactDir(config.artifactDir, mmloadArtifactDir(config.defaultName));
  const taken = await access(join(dir, 'sweep.json')).then(() => true, () => false);
  if (taken) throw new UsageError(`--artifact-dir ${dir} already holds a sweep; choose another directory or remove it`);
  return dir;
}

function describePoint(p: SweepPoint): string {
  const figure = (v: number | null, unit: string) => (v === null ? 'n/a' : `${v.toFixed(1)} ${unit}`);
  return `${figure(p.requestThroughput, 'req/s')}, TTFT p99 ${figure(p.ttftP99, 'ms')}, request latency p50 ${figure(p.requestLatencyP50, 'ms')}` +
    `, ${p.errorCount} failed${p.meetsSlo === null ? '' : p.meetsSlo ? ', meets the SLO' : ', misses the SLO'}${p.interrupted ? ' (interrupted)' : ''}` +
    `${p.stopped ? ' (stopped early)' : ''}`;
}
