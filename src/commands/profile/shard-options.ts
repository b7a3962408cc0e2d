// The flags of `mmload profile` for multi-node runs: which shard this process is, and when shards start together.
import type { Argv } from 'yargs';

export function shardOptions<T>(yargs: Argv<T>) {
  const group = 'Multi-node:';
  return yargs
    .option('shard', {
      type: 'string', group,
      describe: 'Run shard i of N (0-based, e.g. 0/3): every N-th request from the i-th, 1/N of the concurrency and rate; ' +
        'auto/N reads i from $JOB_COMPLETION_INDEX (a Kubernetes Indexed Job). Combine shards with `mmload merge`',
    })
    .option('start-at', {
      type: 'string', group,
      describe: 'Wall time to start the profiled phase (after building the workload and warming up): ISO-8601 with a zone, or epoch seconds',
    });
}

export interface ShardFlags {
  shard?: string | undefined;
  'start-at'?: string | undefined;
}
