// Walks every `aiperf profile` spelling of aiperf 0.8.0: each is implemented by `mmload profile`, ignored with a notice, or refused.
import { readFileSync } from 'node:fs';
import yargs from 'yargs';
import { describe, expect, it } from 'vitest';
import { aiperfFlagPass } from '../src/cli/aiperf-flag-pass.js';
import { AIPERF_FLAGS, type AiperfFlag } from '../src/cli/aiperf-flags.js';
import { withConfigFile } from '../src/cli/config-file.js';
import { UsageError } from '../src/util/exit-codes.js';
import { profileOptions } from '../src/commands/profile/profile-options.js';
import { shardOptions } from '../src/commands/profile/shard-options.js';

interface FixtureFlag { names: string[]; takesValue: boolean; sweep?: boolean }
const fixture: FixtureFlag[] = JSON.parse(readFileSync(new URL('./fixtures/aiperf-0.8.0-profile-flags.json', import.meta.url), 'utf8')).flags;
const spellings = fixture.flatMap((flag) => flag.names.map((name) => ({ name, fact: flag })));

/** `mmload profile`'s parser as main.ts builds it (the --config flag, the profile and shard options), strict, with no handler. */
function profileParser() {
  return shardOptions(profileOptions(withConfigFile(yargs(), [], () => {})))
    .parserConfiguration({ 'short-option-groups': false })
    .strict()
    .fail((message, err) => {
      throw err ?? new Error(message);
    });
}

/** A value the parser accepts for `key` (a flag name without dashes): its first choice when it has choices, else a number any flag takes. */
function sampleValue(parser: ReturnType<typeof profileParser>, key: string): string {
  const { alias, choices } = (parser as unknown as { getOptions(): { alias: Record<string, string[]>; choices: Record<string, string[]> } }).getOptions();
  const option = Object.keys(alias).find((k) => alias[k]!.includes(key)) ?? key;
  return String(choices[option]?.[0] ?? '7');
}

/** A command line around the flag, so the pass must keep what is not the flag's. */
const around = (...args: string[]) => ['--url', 'localhost:8000', ...args, '--concurrency', '4'];
const SURROUNDING = around();

const refusal = (name: string) => new RegExp(`^${name} is an aiperf flag mmload does not support( \\(except [^)]+\\))?: .+`);

describe.each(spellings)('$name', ({ name, fact }) => {
  const entries = AIPERF_FLAGS.filter((entry) => entry.names.includes(name));

  it('is classified exactly once, as the fixture spells it', () => {
    expect(entries).toHaveLength(1);
    expect(entries[0]!.takesValue).toBe(fact.takesValue);
    expect(entries[0]!.sweep ?? false).toBe(fact.sweep ?? false);
  });

  const entry: AiperfFlag | undefined = entries[0];
  if (entry === undefined) return;
  const given = entry.takesValue ? [name, '7'] : [name];

  if (entry.use === 'ignore') {
    it('is dropped with its value, with a notice naming it', () => {
      const notice = `${name} ignored: ${entry.why}`;
      expect(aiperfFlagPass(around(...given))).toEqual({ argv: SURROUNDING, notices: [notice] });
      expect(aiperfFlagPass(around(`${name}=${entry.takesValue ? 'x' : 'false'}`))).toEqual({ argv: SURROUNDING, notices: [notice] });
      expect(aiperfFlagPass(['sweep', ...given])).toEqual({ argv: ['sweep'], notices: [notice] });
    });
  }

  if (entry.use === 'refuse' && entry.noOpValue !== undefined) {
    it(`is dropped at aiperf's default ${entry.noOpValue}, refused at any other value`, () => {
      const pass = aiperfFlagPass(around(name, entry.noOpValue!));
      expect(pass.argv).toEqual(SURROUNDING);
      expect(pass.notices).toEqual([expect.stringMatching(new RegExp(`^${name} ${entry.noOpValue} ignored: `))]);
      expect(aiperfFlagPass(around(`${name}=${entry.noOpValue!.toUpperCase().replace(/-/g, '_')}`)).argv).toEqual(SURROUNDING);
      expect(() => aiperfFlagPass(around(name, '2'))).toThrow(refusal(name));
      expect(() => aiperfFlagPass(around(`${name}=2`))).toThrow(UsageError);
    });
  }

  if (entry.use === 'refuse' && entry.noOpValue === undefined) {
    it('is refused by name with what to use instead', () => {
      expect(() => aiperfFlagPass(around(...given))).toThrow(refusal(name));
      expect(() => aiperfFlagPass(around(`${name}=${entry.takesValue ? '7' : 'true'}`))).toThrow(UsageError);
      expect(() => aiperfFlagPass(['sweep', ...given])).toThrow(refusal(name));
      expect(() => aiperfFlagPass([name])).toThrow(refusal(name));
    });
  }

  if (entry.use === 'mmload') {
    it('is an option of mmload profile', () => {
      const parser = profileParser();
      const key = name.replace(/^-+/, '');
      const args = entry.takesValue ? [name, sampleValue(parser, key)] : [name];
      expect(aiperfFlagPass(args)).toEqual({ argv: args, notices: [] });
      const parsed = parser.parseSync(args) as Record<string, unknown>;
      // yargs reads --no-X as X = false ([false] for a list option X), so an aiperf --no-X flag may be the negation of X.
      const negatedValue = parsed[name.slice('--no-'.length)];
      const negated = name.startsWith('--no-') && (negatedValue === false || (Array.isArray(negatedValue) && negatedValue.includes(false)));
      if (entry.takesValue) expect(String(parsed[key])).toContain(args[1]);
      else expect(parsed[key] === true || negated).toBe(true);
    });
  }

  if (entry.use === 'mmload' && entry.sweep) {
    it('with a comma list, is refused as an aiperf parameter sweep', () => {
      const axis = ['--concurrency', '--request-rate'].includes(name);
      expect(() => aiperfFlagPass(around(name, '1,2'))).toThrow(new RegExp(`^${name} 1,2 is an aiperf parameter sweep; mmload takes one value: ` +
        (axis ? `use mmload sweep ${name} 1,2$` : 'mmload sweep varies only --concurrency or --request-rate$')));
      expect(() => aiperfFlagPass(['profile', `${name}=1,2`])).toThrow(UsageError);
      if (axis) expect(aiperfFlagPass(['sweep', name, '1,2'])).toEqual({ argv: ['sweep', name, '1,2'], notices: [] });
      else expect(() => aiperfFlagPass(['sweep', name, '1,2'])).toThrow(UsageError);
      expect(aiperfFlagPass([name, '4,']).argv).toEqual([name, '4,']);
    });
  }
});

describe('the flag table', () => {
  it('names only aiperf spellings (no stale entries)', () => {
    const known = new Set(spellings.map(({ name }) => name));
    expect(AIPERF_FLAGS.flatMap((entry) => entry.names).filter((name) => !known.has(name))).toEqual([]);
  });

  it('says why for every flag it ignores or refuses, and nothing for those mmload implements', () => {
    for (const entry of AIPERF_FLAGS) {
      expect(entry.why === undefined, entry.names[0]).toBe(entry.use === 'mmload');
      if (entry.noOpValue !== undefined) expect(entry.takesValue, entry.names[0]).toBe(true);
    }
  });
});

describe('aiperfFlagPass', () => {
  it('reports the first refused flag, leaves everything after -- alone, and keeps values that look like flags\' values', () => {
    expect(() => aiperfFlagPass(['--ui', 'none', '--reset-kv-cache', '--gpu-telemetry', 'x'])).toThrow(/^--reset-kv-cache is/);
    expect(aiperfFlagPass(['--ui', 'none', '--', '--ui', 'none', '--reset-kv-cache'])).toEqual({
      argv: ['--', '--ui', 'none', '--reset-kv-cache'], notices: [expect.stringMatching(/^--ui ignored: /)],
    });
    expect(aiperfFlagPass(['--stats-interval', '-1', '-m', 'x']).argv).toEqual(['-m', 'x']);
  });

  it('gives one notice per ignored flag however often it is given', () => {
    const pass = aiperfFlagPass(['--ui', 'none', '--log-level', 'DEBUG', '--ui=simple']);
    expect(pass.argv).toEqual([]);
    expect(pass.notices).toHaveLength(2);
  });

  it('refuses an ignored or default-only value flag given no value', () => {
    expect(() => aiperfFlagPass(['--ui'])).toThrow(/^--ui needs a value$/);
    expect(() => aiperfFlagPass(['--log-level', '--url', 'x'])).toThrow(/^--log-level needs a value$/);
    expect(() => aiperfFlagPass(['--transport', '--'])).toThrow(/^--transport needs a value$/);
  });

  it('takes aiperf flags only for profile, the bare command and sweep', () => {
    for (const command of ['generate', 'sim', 'compare', 'merge', 'plan']) {
      expect(aiperfFlagPass([command, '--ui', 'none', '--gpu-telemetry'])).toEqual({ argv: [command, '--ui', 'none', '--gpu-telemetry'], notices: [] });
    }
    expect(aiperfFlagPass(['profile', '--ui', 'none']).argv).toEqual(['profile']);
  });
});
