// A profile run's execute stage: warm-up and profiled phases under the client-health, server-metrics and GPU telemetry watches, then the client closes.
import { watchClientHealth, type ClientHealth } from '../client/client-health.js';
import type { ScheduleStats } from '../executors/open-loop-executor.js';
import type { RunRecorder } from '../records/run-recorder.js';
import { redactor } from '../secrets/redactor.js';
import { join } from 'node:path';
import { startServerMetricsCollection, type CollectedServerMetrics, type ServerMetricsCollection } from '../server-metrics/collection.js';
import { startGpuTelemetry, type GpuTelemetry } from '../server-metrics/gpu-telemetry.js';
import type { GpuTelemetrySummary } from '../server-metrics/gpu-telemetry-types.js';
import type { RunTextCounter } from '../tokenizer/run-text-counter.js';
import type { Workload } from '../workload/prepared-request.js';
import type { EarlyStop } from './early-stop.js';
import type { ProfileClient } from './open-client.js';
import type { PhaseRunner } from './run-phases.js';
import { serverMetricsUrls, type ProfileConfig } from './run-config.js';
import { waitUntil } from './start-at.js';

export interface Execution {
  /** Profiled requests issued, each settled and recorded. */
  readonly issued: number;
  /** How the open-loop schedule went, when the shape had one. */
  readonly schedule: ScheduleStats | null;
  /** Why the run stopped issuing on its own; null when it did not. */
  readonly earlyStop: EarlyStop | null;
  readonly clientHealth: ClientHealth;
  /** What the servers' Prometheus metrics said over the profiled phase (summary, exports, JSONL); null without them. */
  readonly serverMetrics: CollectedServerMetrics | null;
  /** What the DCGM exporters said over the profiled phase; null with --no-gpu-telemetry. */
  readonly gpuTelemetry: GpuTelemetrySummary | null;
}

export interface ExecuteParts {
  readonly config: ProfileConfig;
  readonly runner: PhaseRunner;
  readonly opened: ProfileClient;
  readonly workload: Workload;
  readonly counter: RunTextCounter | null;
  readonly recorder: RunRecorder;
  /** Aborted by Ctrl-C: a wait for --start-at ends early. */
  readonly startGate: AbortSignal;
  /** Where each GPU telemetry record is streamed (gpu_telemetry_export.jsonl). */
  readonly gpuTelemetryFile: string;
  /** The results directory: the server metrics JSONL is written there as scrapes arrive. */
  readonly resultsDir: string;
}

/** Where the server metrics JSONL grows during the run, until write-run moves it into place under its name. */
const SERVER_METRICS_SPOOL = '.server_metrics_export.jsonl.spool';

/** Runs the phases; the client and the workload's resources are released however it ends. */
export async function executeRun(parts: ExecuteParts, log: (line: string) => void): Promise<Execution> {
  const { config, runner, opened, workload, counter, recorder } = parts;
  const health = watchClientHealth();
  // Scraped from after warm-up (its images would count) to the end of the profiled phase; absence is tolerated.
  let collection: ServerMetricsCollection | null = null;
  let gpu: GpuTelemetry | null = null;
  let profiledStartMs: number | null = null;
  let profiledEndMs: number | null = null;
  counter?.runStarted();
  let outcome: Awaited<ReturnType<PhaseRunner['run']>> | undefined;
  let serverMetrics: CollectedServerMetrics | null = null;
  let gpuTelemetry: GpuTelemetrySummary | null = null;
  let clientHealth: ClientHealth;
  try {
    outcome = await runner.run(async () => {
      if (config.gpuTelemetry !== null) gpu = startGpuTelemetry(config.gpuTelemetry, parts.gpuTelemetryFile);
      const metrics = config.serverMetrics;
      if (metrics !== null) {
        collection = startServerMetricsCollection({
          urls: serverMetricsUrls(config, metrics), intervalMs: metrics.intervalMs, headers: config.headers, sliceSeconds: config.sliceDurationSec ?? null,
          jsonlPath: metrics.formats.includes('jsonl') ? join(parts.resultsDir, SERVER_METRICS_SPOOL) : null, shownUrl: redactor(config.secrets),
        });
        await collection.ready;
      }
      await (gpu as GpuTelemetry | null)?.ready;
      if (config.startAtMs !== undefined) await waitUntil(config.startAtMs + (config.shard?.startOffsetMs ?? 0), log, parts.startGate);
    }, (nowMs) => {
      profiledStartMs = nowMs;
      recorder.begin(nowMs);
      (gpu as GpuTelemetry | null)?.begin(nowMs);
    });
    profiledEndMs = performance.now();
  } finally {
    const started = profiledStartMs;
    const profiled = started === null ? null : { startEpochMs: performance.timeOrigin + started, endEpochMs: performance.timeOrigin + (profiledEndMs ?? performance.now()) };
    serverMetrics = collection === null ? null : await (collection as ServerMetricsCollection).stop(profiled);
    gpuTelemetry = gpu === null ? null : await (gpu as GpuTelemetry).stop();
    const [workerDelays] = await Promise.all([opened.close(), workload.dispose()]);
    clientHealth = health.stop(workerDelays);
  }
  return { ...outcome, clientHealth, serverMetrics, gpuTelemetry };
}
