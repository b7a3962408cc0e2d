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

/**
 * Files that start no mmload process (units and in-process runs): they share their worker's modules (isolate: false), so
 * each does not load the tokenizer, sharp and the source afresh. Files that start the CLI stay isolated. Their project
 * sorts after 'parallel', so the long CLI files start first and these short ones fill the end.
 */
const IN_PROCESS = [
  'accuracy-log', 'aiperf-exports', 'aiperf-flags', 'aiperf-known-answers', 'body-spool', 'catalogue-jsonl',
  'catalogue-parquet', 'catalogue-synthetic', 'chunk-scan', 'client-errors', 'conversation-flags', 'data-url',
  'extra-inputs', 'image-threads', 'images', 'import-graph', 'json-object', 'jsonl-writer', 'metrics',
  'mlperf-accuracy', 'mlperf', 'mmload-sections', 'mooncake-trace', 'multi-turn-jsonl', 'number-format',
  'profile-config', 'q3vl-request', 'qwen3-vl-tokens', 'report-html-conversations', 'reports', 'request-body',
  'resolve-tokenizer', 'reuse-plan', 'run-stages', 'secrets', 'server-metrics-exports', 'server-metrics-flags',
  'server-metrics-parse', 'server-metrics', 'shard-merge', 'shard-split', 'shared-bodies', 'sim-cache', 'sim-child',
  'sim-engine', 'sim-mlperf-answers', 'sim-reply', 'sim-server', 'single-turn-sessions', 'snake-case', 'sse-parser',
  'synthetic-conversations', 'telemetry-thread', 'time-slices', 'token-text', 'user-conf', 'user-texts',
  'workload-defaults', 'workload-draws', 'workload',
  // timing files too: they run alone all the same, one after another in one worker
  'chat-client', 'client-health', 'concurrency-executor', 'rate-executor', 'schedule-executor', 'early-stop', 'temporary-files',
  'run-text-counter', 'sim-faults', 'run-progress', 'session-executor', 'sim-conversation',
].map((name) => `test/${name}.test.ts`);

/** Integration tests start real local servers and child processes: give them room on a 2-core machine. */
const shared = { testTimeout: 30_000, hookTimeout: 30_000, pool: 'forks' } as const;

export default defineConfig({
  test: {
    globalSetup: ['test/helpers/suite-image-cache.ts'],
    projects: [
      { test: { ...shared, name: 'parallel-shared', include: IN_PROCESS, exclude: TIMING, isolate: false, maxWorkers: availableParallelism(), sequence: { groupOrder: 0 } } },
      { test: { ...shared, name: 'parallel', include: ['test/**/*.test.ts'], exclude: [...TIMING, ...IN_PROCESS], maxWorkers: availableParallelism(), sequence: { groupOrder: 0 } } },
      { test: { ...shared, name: 'timing-shared', include: TIMING.filter((file) => IN_PROCESS.includes(file)), isolate: false, fileParallelism: false, sequence: { groupOrder: 1 } } },
      { test: { ...shared, name: 'timing', include: TIMING, exclude: IN_PROCESS, fileParallelism: false, sequence: { groupOrder: 2 } } },
    ],
  },
});
