// The flag of `mmload profile` that adds per-time-slice metrics (aiperf's --slice-duration), and its check.
import type { Argv } from 'yargs';

export function sliceOptions<T>(yargs: Argv<T>) {
  return yargs.option('slice-duration', {
    type: 'number', group: 'Output:',
    describe: 'Also report every metric per time slice of S seconds (int or float): each request in the slice it started in, slices aligned to ' +
      'whole multiples of S since the Unix epoch, as aiperf; writes profile_export_aiperf_timeslices.json/.csv and summary.json\'s mmload.time_slices',
  });
}

export interface SliceFlags {
  'slice-duration'?: number | undefined;
}

/** --slice-duration in seconds, or undefined when not given; anything but a number > 0 is a problem. */
export function resolveSliceDuration(flags: SliceFlags, problems: string[]): number | undefined {
  const seconds = flags['slice-duration'];
  if (seconds !== undefined && !(seconds > 0 && Number.isFinite(seconds))) problems.push(`--slice-duration must be a number of seconds > 0 (got ${seconds})`);
  return seconds;
}
