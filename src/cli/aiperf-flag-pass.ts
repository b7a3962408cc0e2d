// aiperf's `profile` flags before yargs parses: implemented ones pass through, ignored ones are dropped with a notice, the rest refused.
import { AIPERF_FLAGS, type AiperfFlag } from './aiperf-flags.js';
import { UsageError } from '../util/exit-codes.js';

/** The commands that take aiperf's flags: `mmload profile` (also the bare command) and `mmload sweep`. */
export type AiperfCommand = 'profile' | 'sweep';

export interface FlagPass {
  /** The command line without the ignored flags and their values. */
  readonly argv: string[];
  /** One `--ui ignored: …` line per ignored flag, for stderr. */
  readonly notices: string[];
}

const BY_SPELLING = new Map(AIPERF_FLAGS.flatMap((flag) => flag.names.map((name) => [name, flag] as const)));

/** The flags whose comma lists `mmload sweep` runs, one point per value. */
const MMLOAD_SWEEP_AXES = new Set(['--concurrency', '--request-rate']);

/** The aiperf flag a spelling (`--ui`, `-m`) names, if any. */
export function findAiperfFlag(spelling: string): AiperfFlag | undefined {
  return BY_SPELLING.get(spelling);
}

/** Which command a command line runs, when it is one that takes aiperf's flags (read from its first word). */
export function aiperfCommand(argv: readonly string[]): AiperfCommand | undefined {
  const first = argv[0];
  if (first === undefined || first.startsWith('-') || first === 'profile') return 'profile';
  return first === 'sweep' ? 'sweep' : undefined;
}

/**
 * Drops the ignored aiperf flags (with their values: `--ui none`, `--ui=none`) from a command line and returns a notice
 * for each; throws a UsageError naming the first refused one. Stops at `--`; other commands' lines pass unchanged.
 */
export function aiperfFlagPass(argv: readonly string[]): FlagPass {
  const command = aiperfCommand(argv);
  if (command === undefined) return { argv: [...argv], notices: [] };
  const kept: string[] = [];
  const notices = new Set<string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') {
      kept.push(...argv.slice(i));
      break;
    }
    const equals = arg.indexOf('=');
    const spelling = equals > 0 ? arg.slice(0, equals) : arg;
    const flag = arg.startsWith('-') ? findAiperfFlag(spelling) : undefined;
    if (flag === undefined) {
      kept.push(arg);
      continue;
    }
    const inline = equals > 0 ? arg.slice(equals + 1) : undefined;
    const next = inline === undefined && flag.takesValue ? valueAfter(argv, i) : undefined;
    const notice = judgeAiperfFlag(flag, spelling, flag.takesValue ? inline ?? next : undefined, command);
    if (notice === undefined) {
      kept.push(arg);
      continue;
    }
    notices.add(notice);
    if (next !== undefined) i++;
  }
  return { argv: kept, notices: [...notices] };
}

/**
 * What mmload does with one aiperf flag given as `spelling` with `value` (undefined for a boolean, or a value flag
 * given none): undefined when mmload takes it, a notice when it is dropped; a refused flag throws a UsageError.
 */
export function judgeAiperfFlag(flag: AiperfFlag, spelling: string, value: string | undefined, command: AiperfCommand): string | undefined {
  if (flag.use === 'mmload') {
    if (flag.sweep && value !== undefined) refuseSweepList(flag, spelling, value, command);
    return undefined;
  }
  const droppable = flag.use === 'ignore' || flag.noOpValue !== undefined;
  if (droppable && flag.takesValue && value === undefined) throw new UsageError(`${spelling} needs a value`);
  if (flag.use === 'ignore') return `${spelling} ignored: ${flag.why}`;
  if (flag.noOpValue !== undefined && sameValue(value!, flag.noOpValue)) {
    return `${spelling} ${value} ignored: it is aiperf's default, and what mmload does`;
  }
  const except = flag.noOpValue === undefined ? '' : ` (except ${spelling} ${flag.noOpValue}, aiperf's default)`;
  throw new UsageError(`${spelling} is an aiperf flag mmload does not support${except}: ${flag.why}`);
}

/** aiperf runs one profile per item of a comma list; `mmload sweep` does that for its axes, and nothing else does. */
function refuseSweepList(flag: AiperfFlag, spelling: string, value: string, command: AiperfCommand): void {
  if (value.split(',').filter((item) => item.trim() !== '').length < 2) return;
  const axis = flag.names.find((name) => MMLOAD_SWEEP_AXES.has(name));
  if (axis !== undefined && command === 'sweep') return;
  const instead = axis !== undefined ? `use mmload sweep ${axis} ${value}` : 'mmload sweep varies only --concurrency or --request-rate';
  throw new UsageError(`${spelling} ${value} is an aiperf parameter sweep; mmload takes one value: ${instead}`);
}

/** The token after argv[i] when it can be a value: present, not `--`, and not an option (a negative number is a value). */
function valueAfter(argv: readonly string[], i: number): string | undefined {
  const next = argv[i + 1];
  if (next === undefined || next === '--') return undefined;
  return next.startsWith('-') && !Number.isFinite(Number(next)) ? undefined : next;
}

/** aiperf matches enum values ignoring case, with `-` and `_` alike, and numbers by value (`1` = `1.0`). */
function sameValue(given: string, expected: string): boolean {
  const normal = (text: string) => text.trim().toLowerCase().replace(/_/g, '-');
  const [a, b] = [Number(given), Number(expected)];
  return given.trim() !== '' && Number.isFinite(a) && Number.isFinite(b) ? a === b : normal(given) === normal(expected);
}
