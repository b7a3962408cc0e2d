// What profile_export_aiperf.json says about a profile run (input_config, run_info), from its resolved configuration.
import { randomUUID } from 'node:crypto';
import type { LoadShape } from '../executors/load-shape.js';
import type { AiperfPhase, AiperfRunFacts } from '../metrics/aiperf-run-facts.js';
import type { Workload } from '../workload/prepared-request.js';
import type { ProfileConfig } from './run-config.js';
import { cliCommand } from './redact.js';
import { argumentRedactor, redactHeaders } from '../secrets/redactor.js';

export function aiperfRunFacts(config: ProfileConfig, models: readonly string[], argv: readonly string[], workload: Workload, artifactDir: string): AiperfRunFacts {
  const w = config.workload;
  const { load } = config;
  const sec = (ms: number | undefined) => (ms === undefined ? undefined : ms / 1000);
  const entries = workload.entries.length;
  const phases: AiperfPhase[] = [];
  if (workload.warmup.length > 0) {
    phases.push({
      name: 'warmup', type: 'concurrency', concurrency: load.warmupConcurrency ?? config.concurrency,
      ...(load.warmupDurationMs === undefined ? { requests: workload.warmup.length } : { duration: sec(load.warmupDurationMs) }),
    });
  }
  phases.push({
    name: 'profiling', ...shapePhase(load.shape),
    ...(load.durationMs === undefined || w.requestCount !== undefined ? { requests: workload.requests.length } : {}),
    ...(load.durationMs === undefined ? {} : { duration: sec(load.durationMs), gracePeriod: load.graceMs / 1000 }),
  });
  return {
    benchmarkId: randomUUID(),
    models,
    modelSelection: w.modelSelection,
    endpoint: {
      urls: config.targets.map((target) => target.origin),
      path: config.endpointPath,
      streaming: w.streaming,
      timeoutSec: config.requestTimeoutMs / 1000,
      headers: redactHeaders(config.headers),
      extra: w.extraInputs,
      useLegacyMaxTokens: w.maxTokensKey === 'max_tokens',
      useServerTokenCount: config.useServerTokenCount,
    },
    dataset: w.inputFile === undefined
      ? { type: 'synthetic', entries, sampling: w.generated.sampling }
      : { type: 'file', path: w.inputFile, format: w.datasetType, entries, sampling: w.generated.sampling },
    phases,
    artifactDir,
    randomSeed: w.seed,
    cliCommand: cliCommand(argv, argumentRedactor(config.secrets)),
  };
}

function shapePhase(shape: LoadShape): Pick<AiperfPhase, 'type' | 'concurrency' | 'rate'> {
  switch (shape.kind) {
    case 'concurrency': return { type: 'concurrency', concurrency: shape.concurrency };
    case 'rate': return { type: shape.mode, rate: shape.rate, ...(shape.cap === undefined ? {} : { concurrency: shape.cap }) };
    case 'schedule': return { type: 'fixed_schedule', ...(shape.cap === undefined ? {} : { concurrency: shape.cap }) };
    case 'mlperf-offline': return { type: 'concurrency', concurrency: shape.connections };
    case 'mlperf-server': return { type: 'poisson', rate: shape.targetQps, ...(shape.cap === undefined ? {} : { concurrency: shape.cap }) };
  }
}
