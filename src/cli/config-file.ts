// `--config run.yaml|json`: flags read from a YAML or JSON file, under the command line's own (explicit flags win).
import { readFileSync } from 'node:fs';
import { parseDocument } from 'yaml';
import type { Argv } from 'yargs';
import { aiperfCommand, findAiperfFlag, judgeAiperfFlag, type AiperfCommand } from './aiperf-flag-pass.js';
import { UsageError } from '../util/exit-codes.js';

/** A value as the command line would give it, so yargs coerces it by the flag's type exactly as it does a typed flag. */
export type ConfigValue = string | boolean | string[];

/** Keys that name flags yet mean nothing in a file: yargs would act on them (help, a second file) rather than set a value. */
const COMMAND_LINE_ONLY = new Set(['config', 'help', 'version']);

/**
 * Adds --config to the command line: the file it names (read now, before parsing) supplies flag values that the command
 * line's own flags override, for whichever command runs. Keys are the long flag names (kebab-case or camelCase).
 * Keys naming aiperf flags that mmload ignores are dropped, each with a notice passed to `notify`.
 */
export function withConfigFile<T>(cli: Argv<T>, argv: readonly string[], notify: (notice: string) => void) {
  const withFlag = cli.option('config', { type: 'string', describe: 'YAML or JSON file of flags (keys: the long flag names); flags given here win' });
  const path = configPath(argv);
  if (path === undefined) return withFlag;
  const values = passAiperfKeys(path, readConfigFile(path), aiperfCommand(argv), notify);
  // Checked once the command's own flags are declared, before yargs' strict check would report the key without the file.
  return withFlag.config(values).middleware(() => refuseUnknownKeys(path, Object.keys(values), declaredFlags(cli)), true);
}

/** The file named by `--config path` or `--config=path` (before any `--`), if any. */
export function configPath(argv: readonly string[]): string | undefined {
  const paths: string[] = [];
  for (let i = 0; i < argv.length && argv[i] !== '--'; i++) {
    const arg = argv[i]!;
    if (arg.startsWith('--config=')) paths.push(arg.slice('--config='.length));
    else if (arg === '--config') {
      if (i + 1 >= argv.length || argv[i + 1] === '--') throw new UsageError('--config needs a file (YAML or JSON)');
      paths.push(argv[++i]!);
    }
  }
  if (paths.length > 1) throw new UsageError('give --config once');
  if (paths[0] === '') throw new UsageError('--config needs a file (YAML or JSON)');
  return paths[0];
}

/** Reads and checks a config file: a mapping of flag names to values. Every problem is a one-line UsageError naming the file. */
export function readConfigFile(path: string): Record<string, ConfigValue> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    const { code, message } = err as NodeJS.ErrnoException;
    throw new UsageError(`cannot read config file ${path}: ${code === 'ENOENT' ? 'no such file' : message}`);
  }
  // YAML 1.2 reads JSON as is, so one parser serves both and reports the line of any error.
  const doc = parseDocument(text);
  const problem = doc.errors[0] ?? doc.warnings[0];
  if (problem) throw new UsageError(`${path}: ${problem.message.split('\n')[0]!.replace(/:$/, '')}`);
  let top: unknown;
  try {
    top = doc.toJS();
  } catch (err) {
    throw new UsageError(`${path}: ${(err as Error).message}`);
  }
  if (top === null || typeof top !== 'object' || Array.isArray(top)) {
    const got = top === null ? 'the file is empty' : Array.isArray(top) ? 'got a list' : `got ${JSON.stringify(top)}`;
    throw new UsageError(`${path}: the top level must map flag names to values, e.g. "request-rate: 4" (${got})`);
  }
  const entries = Object.entries(top);
  // yargs would read "extends" as another file to merge in; a config file holds flags only.
  if ('extends' in top) throw new UsageError(`${path}: "extends" is not a flag`);
  return Object.fromEntries(entries.map(([key, value]) => [key, configValue(path, key, value)]));
}

/** Numbers become the text a flag would carry (so a list flag such as sweep's --concurrency gets "4"); mappings become JSON text. */
function configValue(path: string, key: string, value: unknown): ConfigValue {
  if (value === null) throw new UsageError(`${path}: "${key}" has no value`);
  if (typeof value === 'boolean') return value;
  if (!Array.isArray(value)) return text(value);
  return value.map((item: unknown) => {
    if (item === null || Array.isArray(item)) throw new UsageError(`${path}: "${key}" must be a value or a list of values`);
    return text(item);
  });
}

function text(value: unknown): string {
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/** For the commands that take aiperf's flags: keys naming ignored ones are dropped with a notice, those naming refused ones are errors. */
function passAiperfKeys(path: string, values: Record<string, ConfigValue>, command: AiperfCommand | undefined,
  notify: (notice: string) => void): Record<string, ConfigValue> {
  if (command === undefined) return values;
  return Object.fromEntries(Object.entries(values).filter(([key, value]) => {
    const spelling = key.length === 1 ? `-${key}` : `--${kebabCase(key)}`;
    const flag = findAiperfFlag(spelling);
    if (flag === undefined) return true;
    let notice: string | undefined;
    try {
      notice = judgeAiperfFlag(flag, spelling, flag.takesValue ? [value].flat().join(',') : undefined, command);
    } catch (err) {
      throw new UsageError(`${path}: ${(err as Error).message}`);
    }
    if (notice !== undefined) notify(`${path}: ${notice}`);
    return notice === undefined;
  }));
}

function refuseUnknownKeys(path: string, keys: readonly string[], declared: readonly string[]): void {
  const known = new Set(declared.filter((name) => !COMMAND_LINE_ONLY.has(name)).flatMap((name) => [name, camelCase(name)]));
  const problems = keys.filter((key) => !known.has(key)).map((key) =>
    COMMAND_LINE_ONLY.has(key) ? `"${key}" can only be given on the command line`
      : key.startsWith('no-') && known.has(key.slice(3)) ? `"${key}" is not a key (write "${key.slice(3)}: false")`
      : `"${key}" is not a flag of this command`);
  if (problems.length > 0) throw new UsageError(`${path}: ${problems.join('; ')}`);
}

/** Every flag name and alias the running command declares (yargs' getOptions(), which @types/yargs leaves out). */
function declaredFlags(cli: unknown): string[] {
  return Object.keys((cli as { getOptions(): { key: Record<string, unknown> } }).getOptions().key);
}

const camelCase = (name: string) => name.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());
const kebabCase = (name: string) => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
