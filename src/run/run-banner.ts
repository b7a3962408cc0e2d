// The lines a profile run prints before its first request: whose defaults, what it sends where, and what to know about it.
import { describeShape } from '../executors/load-summary.js';
import { VERSION } from '../util/version.js';
import { describeOpinions } from './opinions.js';
import type { PreparedRun } from './prepare-run.js';

export function runBanner({ config, workload, model, tokenizerWarning }: PreparedRun): string[] {
  const { load } = config;
  const lines = [
    describeOpinions(config.opinions, config.preset),
    `mmload ${VERSION}: ${model} at ${config.targets.map((t) => `${t.origin}${t.path}`).join(', ')}, ${describeShape(load.shape)}, ` +
      `${load.durationMs === undefined ? `${workload.requests.length} requests` : `requests for ${load.durationMs / 1000} s`}` +
      `${workload.warmup.length ? ` after ${load.warmupDurationMs === undefined ? workload.warmup.length : `${load.warmupDurationMs / 1000} s of`} warm-up` : ''}`,
    `workload: ${workload.description}`,
    ...workload.notices.map((notice) => `notice: ${notice}`),
  ];
  if (tokenizerWarning) lines.push(`warning: ${tokenizerWarning}`);
  if (load.durationMs !== undefined && config.workload.requestCount === undefined) {
    lines.push(`notice: --benchmark-duration sends the ${workload.requests.length} requests in order and starts over when they run out; ` +
      'past the first pass every image repeats, so the planned hit rate holds for the first pass only (raise --request-count for a longer first pass)');
  }
  return lines;
}
