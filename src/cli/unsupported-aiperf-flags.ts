// aiperf flags mmload does not support yet: refused by name, never silently ignored.
import { UsageError } from './exit-codes.js';

const UNSUPPORTED = new Set([
  'fixed-schedule-start-offset', 'fixed-schedule-end-offset', 'audio-batch-size', 'audio-length-mean',
  'video-batch-size', 'output-tokens-stddev', 'osl-stddev',
  'prompt-batch-size', 'batch-size', 'conversation-num', 'num-sessions',
  'conversation-turn-mean', 'session-turns-mean', 'public-dataset', 'gpu-telemetry',
  'server-metrics', 'request-cancellation-rate', 'request-cancellation-delay', 'model-selection-strategy',
  'record-processors', 'workers-max', 'profile-export-file', 'export-level', 'ui-type', 'ui', 'log-level',
  'extra-verbose', 'prefix-prompt-length', 'num-prefix-prompts', 'prefix-prompt-pool-size', 'user-centric-rate',
  'goodput-constraints', 'slice-duration', 'tokenizer-revision', 'tokenizer-trust-remote-code', 'num-users',
  'random-seed-per-request', 'transport', 'connection-reuse-strategy',
]);

/** Throws a UsageError naming the first aiperf flag in argv that mmload does not implement yet. */
export function refuseUnsupportedAiperfFlags(argv: readonly string[]): void {
  for (const arg of argv) {
    if (arg === '--') return;
    const match = /^--(?:no-)?([a-z0-9-]+)(?:=.*)?$/.exec(arg);
    if (match && UNSUPPORTED.has(match[1]!)) {
      throw new UsageError(`--${match[1]} is an aiperf flag that mmload does not support yet`);
    }
  }
}
