// Turns sweep flags into a validated SweepConfig whose points each get their ProfileConfig (axis value and directory replaced).
import { parseSlos, type Slos } from '../../metrics/goodput.js';
import { UsageError } from '../../util/exit-codes.js';
import { STAT_PERCENTILES } from '../../util/gauge-stats.js';
import type { ProfileConfig } from '../../run/run-config.js';
import { resolveProfileConfig } from '../profile/profile-config.js';
import type { ProfileFlags } from '../profile/profile-options.js';
import type { SweepFlags } from './sweep-options.js';
import type { SweepConfig } from '../../sweep/run-sweep.js';
import type { ScanPlan, SweepAxis } from '../../sweep/sweep-plan.js';

/** Problems are reported together, the profile flags' with the sweep's, as one UsageError. */
export function resolveSweepConfig(flags: SweepFlags): SweepConfig {
  const problems: string[] = [];
  const { concurrency, 'request-rate': rate, ...rest } = flags;
  // A rate list makes rate the axis (--concurrency is then the cap); --search names its own axis.
  const axis: SweepAxis = rate !== undefined ? 'request-rate' : flags.search !== undefined ? flags['search-axis'] as SweepAxis : 'concurrency';
  const integers = axis === 'concurrency';
  const listed = axis === 'concurrency' ? concurrency : rate;
  let plan: ScanPlan = { kind: 'list', values: [] };
  if (listed !== undefined && flags.search !== undefined) problems.push(`give a --${axis} list or --search, not both`);
  if (listed !== undefined) plan = { kind: 'list', values: parseList(axis, listed, integers, problems) };
  else if (flags.search !== undefined) plan = geometricPlan(flags, integers, problems);
  else problems.push('sweep needs a list (--concurrency 1,4,16,64 or --request-rate 1,2,4,8) or --search geometric');
  // With a rate swept, --concurrency may give the one cap on requests in flight.
  const cap = axis === 'request-rate' && concurrency !== undefined ? parseList('concurrency', concurrency, true, problems) : [];
  if (cap.length > 1) problems.push('with --request-rate swept, --concurrency is one value (the cap), not a list');
  if (flags['fixed-schedule'] || flags.scenario !== undefined) problems.push('sweep varies --concurrency or --request-rate; --fixed-schedule and --scenario set their own load');

  let slo: Slos | undefined;
  if (flags.slo !== undefined) {
    const parsed = parseSlos(flags.slo);
    problems.push(...parsed.problems.map((p) => p.replace(/^--goodput/, '--slo')));
    slo = parsed.slos;
  }
  const percentile = flags['slo-percentile'];
  if (!(STAT_PERCENTILES as readonly number[]).includes(percentile)) problems.push(`--slo-percentile must be one of ${STAT_PERCENTILES.join(', ')} (got ${percentile})`);

  const profileFlags: ProfileFlags = { ...rest, concurrency: cap[0], 'request-rate': undefined, 'artifact-dir': undefined };
  let first: ProfileConfig | undefined;
  try {
    first = profileConfigFor(profileFlags, axis, firstValue(plan), undefined);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    problems.push(err.message);
  }
  if (problems.length > 0 || first === undefined) throw new UsageError(problems.join('; '));
  const target = first.models[0] ?? (first.sim ? undefined : new URL(first.origin).host);
  return {
    axis, plan, slo, sloPercentile: percentile, artifactDir: flags['artifact-dir'], first,
    pointConfig: (value, dir) => profileConfigFor(profileFlags, axis, value, dir),
    defaultName: ['sweep', target, first.sim ? 'sim' : undefined].filter(Boolean).join('-'),
  };
}

function profileConfigFor(flags: ProfileFlags, axis: SweepAxis, value: number | undefined, dir: string | undefined): ProfileConfig {
  return resolveProfileConfig({ ...flags, [axis]: value, 'artifact-dir': dir }, 'mmload');
}

function firstValue(plan: ScanPlan): number | undefined {
  return plan.kind === 'list' ? plan.values[0] : plan.start;
}

/** "1, 4,16" → [1, 4, 16]: ascending, without repeats; integers >= 1 for concurrency, numbers > 0 for rates. */
function parseList(name: string, text: string, integers: boolean, problems: string[]): number[] {
  const items = text.split(',').map((s) => s.trim());
  const values = items.map(Number);
  const bad = items.filter((item, i) => item === '' || !(integers ? Number.isInteger(values[i]) && values[i]! >= 1 : values[i]! > 0 && Number.isFinite(values[i])));
  if (bad.length > 0) {
    problems.push(`--${name} takes comma-separated ${integers ? 'integers >= 1' : 'numbers > 0'} (got "${text}")`);
    return [];
  }
  return [...new Set(values)].sort((a, b) => a - b);
}

function geometricPlan(flags: SweepFlags, integers: boolean, problems: string[]): ScanPlan {
  const start = flags['search-start'];
  const max = flags['search-max'];
  const ok = (v: number) => (integers ? Number.isInteger(v) && v >= 1 : v > 0 && Number.isFinite(v));
  if (!ok(start)) problems.push(`--search-start must be ${integers ? 'an integer >= 1' : 'a number > 0'} (got ${start})`);
  if (!ok(max)) problems.push(`--search-max must be ${integers ? 'an integer >= 1' : 'a number > 0'} (got ${max})`);
  else if (max < start) problems.push(`--search-max (${max}) is below --search-start (${start})`);
  return { kind: 'geometric', start, max };
}
