// Vitest settings: the suite runs its files in parallel, then alone the few whose assertions depend on timing.
import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

/**
 * Files that assert on timing (pacing, throughput rising with load, latency targets, event-loop delay, hang detection,
 * signals mid-run, shards meeting --start-at, think times between turns): they run one at a time after the parallel batch, so no other file's
 * load skews them.
 */
const TIMING = [
  'chat-client', 'client-health', 'concurrency-executor', 'rate-executor', 'schedule-executor', 'early-stop',
  'cli-load', 'cli-sweep', 'cli-server-lost', 'cli-sim-faults', 'cli-workers', 'worker-hang',
  'temporary-files', 'run-text-counter', 'sim-faults', 'run-progress', 'cli-shard-merge', 'session-executor', 'conversations', 'sim-conversation', 'cli-chat-reuse',
].map((name) => `test/${name}.test.ts`);

/** Integration tests start real local servers and child processes: give them room on a 2-core machine. */
const shared = { testTimeout: 30_000, hookTimeout: 30_000, pool: 'forks' } as const;

export default defineConfig({
  test: {
    globalSetup: ['test/helpers/suite-image-cache.ts'],
    projects: [
      { test: { ...shared, name: 'parallel', include: ['test/**/*.test.ts'], exclude: TIMING, maxWorkers: availableParallelism(), sequence: { groupOrder: 0 } } },
      { test: { ...shared, name: 'timing', include: TIMING, fileParallelism: false, sequence: { groupOrder: 1 } } },
    ],
  },
});
