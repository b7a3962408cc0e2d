// The flags of `mmload sweep`: every profile flag, with --concurrency and --request-rate as comma lists, plus the search and SLO flags.
import type { Argv } from 'yargs';
import { profileOptions } from '../profile/profile-options.js';
import type { ProfileFlags } from '../profile/profile-options.js';
import { sliceOptions } from '../profile/slice-options.js';

export function sweepOptions<T>(yargs: Argv<T>) {
  const group = 'Sweep:';
  // Redefined after profileOptions: a string replaces the number, so "1,4,16" reaches resolveSweepConfig whole.
  return sliceOptions(profileOptions(yargs))
    .option('concurrency', { type: 'string', coerce: joinList, group: 'Load:', describe: 'Concurrencies to sweep, comma-separated (1,4,16,64); with --request-rate, one value: the cap on requests in flight' })
    .option('request-rate', { type: 'string', coerce: joinList, group: 'Load:', describe: 'Request rates to sweep in req/s, comma-separated (1,2,4,8)' })
    .option('search', { type: 'string', choices: ['geometric'], group, describe: 'No list: double the value from --search-start up to --search-max' })
    .option('search-axis', { type: 'string', choices: ['concurrency', 'request-rate'], default: 'concurrency', group, describe: 'What --search varies' })
    .option('search-start', { type: 'number', default: 1, group, describe: 'First value of --search' })
    .option('search-max', { type: 'number', default: 256, group, describe: 'Largest value --search may run' })
    .option('slo', { type: 'string', group, describe: 'SLOs "time_to_first_token:200 inter_token_latency:20" (ms): find the highest value that meets them' })
    .option('slo-percentile', { type: 'number', default: 99, group, describe: 'Percentile of each SLO metric that must meet its threshold (1, 5, 10, 25, 50, 75, 90, 95 or 99)' })
    .option('artifact-dir', { type: 'string', group: 'Output:', describe: 'The sweep\'s directory, one subdirectory per point; default results/<date>-sweep-<model or sim>/' });
}

/** The flags of sweepOptions as yargs parsed them. */
export interface SweepFlags extends Omit<ProfileFlags, 'concurrency' | 'request-rate'> {
  concurrency?: string | undefined;
  'request-rate'?: string | undefined;
  search?: string | undefined;
  'search-axis': string;
  'search-start': number;
  'search-max': number;
  slo?: string | undefined;
  'slo-percentile': number;
}

/** A list given as "1,4,16", as a flag repeated, or as a YAML list in --config: one comma-separated string. */
function joinList(value: unknown): string {
  return [value].flat().join(',');
}
