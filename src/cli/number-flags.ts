// A number flag given no number is named with the text as typed ("got 'abc'"), never passed on as yargs' NaN or dropped.
import type { Arguments } from 'yargs';
import { UsageError } from '../util/exit-codes.js';

/** What yargs' getOptions() tells of the running command's flags (left out of @types/yargs). */
interface DeclaredOptions {
  /** Every flag declared a number, aliases included. */
  number: string[];
  /** Every flag declared a string: one also declared a number was redeclared (sweep's --concurrency list), and yargs reads it as a string. */
  string: string[];
  array: string[];
  /** The values --config supplied, keyed as the file wrote them. */
  configObjects: Record<string, unknown>[];
}

/** A flag as spelled, and the text it was given (undefined: none). */
interface Typed {
  flag: string;
  text: string | undefined;
}

/**
 * A middleware for `cli`, which parses `args` (run before validation): a number flag given text that is not a number,
 * or nothing at all, is a UsageError: "--concurrency must be a number (got 'abc')", "--concurrency needs a number".
 */
export function numberFlagCheck(cli: unknown, args: readonly string[]): (argv: Arguments) => void {
  return (argv) => {
    const options = (cli as { getOptions(): DeclaredOptions }).getOptions();
    for (const name of options.number.filter((n) => !options.string.includes(n))) {
      const typed = notANumberOnCommandLine(args, name, options.array.includes(name))
        ?? ([argv[name]].flat().some((value) => Number.isNaN(value)) ? notANumberInConfig(options.configObjects, name) : undefined);
      if (typed) throw new UsageError(typed.text === undefined ? `${typed.flag} needs a number` : `${typed.flag} must be a number (got '${typed.text}')`);
    }
  };
}

/** The first time `--name` (or `-n`) is given no value or one that is not a number, before any `--`. */
function notANumberOnCommandLine(args: readonly string[], name: string, list: boolean): Typed | undefined {
  const spelling = name.length === 1 ? `-${name}` : `--${name}`;
  for (let i = 0; i < args.length && args[i] !== '--'; i++) {
    const arg = args[i]!;
    const inline = arg.startsWith(`${spelling}=`) ? [arg.slice(spelling.length + 1)] : undefined;
    if (arg !== spelling && inline === undefined) continue;
    const texts = inline ?? valuesAfter(args, i + 1, list);
    if (texts.length === 0) return { flag: spelling, text: undefined };
    const text = texts.find((t) => !isNumber(t));
    if (text !== undefined) return { flag: spelling, text };
  }
  return undefined;
}

/** The first text a --config file gives `name` (kebab-case or camelCase) that is not a number. */
function notANumberInConfig(configs: readonly Record<string, unknown>[], name: string): Typed | undefined {
  const keys = [name, name.replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase())];
  const texts = configs.flatMap((config) => keys.flatMap((key) => (config[key] === undefined ? [] : [config[key]].flat().map(String))));
  const text = texts.find((t) => !isNumber(t));
  return text === undefined ? undefined : { flag: `--${name}`, text };
}

/** The values after a flag: the next argument, or for a list flag every one up to the next flag (-5 is a value). */
function valuesAfter(args: readonly string[], from: number, list: boolean): string[] {
  const values: string[] = [];
  for (let i = from; i < args.length && (list || values.length === 0); i++) {
    if (/^--?[A-Za-z]/.test(args[i]!) || args[i] === '--') break;
    values.push(args[i]!);
  }
  return values;
}

/** Text yargs reads as a number (blank text it would read as 0). */
function isNumber(text: string): boolean {
  return text.trim() !== '' && !Number.isNaN(Number(text));
}
