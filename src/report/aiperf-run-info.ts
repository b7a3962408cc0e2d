// profile_export_aiperf.json's input_config (aiperf's config v2 shape) and run_info, from plain facts about the run.
import type { AiperfRunFacts } from '../metrics/aiperf-run-facts.js';

/** How the aiperf files were named and which were written: input_config.artifacts. */
export interface AiperfArtifactsFacts {
  readonly prefix?: string | undefined;
  readonly exportLevel: 'summary' | 'records';
  /** --slice-duration in seconds, when given. */
  readonly sliceDuration?: number | undefined;
}

/** input_config: aiperf's resolved BenchmarkConfig, with only the fields this run sets. */
export function aiperfInputConfig(facts: AiperfRunFacts, artifacts: AiperfArtifactsFacts): Record<string, unknown> {
  const { endpoint, dataset } = facts;
  const some = (record: Readonly<Record<string, unknown>>) => Object.keys(record).length > 0;
  return {
    models: { strategy: facts.modelSelection, items: facts.models.map((name) => ({ name })) },
    endpoint: {
      urls: [...endpoint.urls],
      type: 'chat',
      streaming: endpoint.streaming,
      ...(endpoint.path === undefined ? {} : { path: endpoint.path }),
      timeout: endpoint.timeoutSec,
      ...(some(endpoint.headers) ? { headers: { ...endpoint.headers } } : {}),
      ...(some(endpoint.extra) ? { extra: { ...endpoint.extra } } : {}),
      ...(endpoint.useLegacyMaxTokens ? { use_legacy_max_tokens: true } : {}),
      ...(endpoint.useServerTokenCount ? { use_server_token_count: true } : {}),
    },
    datasets: [{ name: 'default', ...definedOnly(dataset) }],
    phases: facts.phases.map((phase) => definedOnly({
      name: phase.name,
      type: phase.type,
      concurrency: phase.concurrency,
      rate: phase.rate,
      requests: phase.requests,
      duration: phase.duration,
      grace_period: phase.gracePeriod,
    })),
    artifacts: {
      dir: facts.artifactDir,
      ...(artifacts.prefix === undefined ? {} : { prefix: artifacts.prefix }),
      ...(artifacts.exportLevel === 'summary' ? { records: false } : {}),
      ...(artifacts.sliceDuration === undefined ? {} : { slice_duration: artifacts.sliceDuration }),
    },
  };
}

/** run_info: which run this was and the command that started it. */
export function aiperfRunInfo(facts: AiperfRunFacts): Record<string, unknown> {
  return {
    benchmark_id: facts.benchmarkId,
    ...(facts.randomSeed === undefined ? {} : { random_seed: facts.randomSeed }),
    trial: 0,
    cli_command: facts.cliCommand,
  };
}

function definedOnly<T extends object>(record: T): Partial<T> {
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined)) as Partial<T>;
}
