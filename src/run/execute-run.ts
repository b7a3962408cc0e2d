// A profile run's execute stage: warm-up and profiled phases under the client-health, server-metrics and GPU telemetry watches, then the client closes.
import { watchClientHealth, type ClientHealth } from '../client/client-health.js';
import type { ScheduleStats } from '../executors/open-loop-executor.js';
import type { RunRecorder } from '../records/run-recorder.js';
import { join } from 'node:path';
import type { GpuTelemetrySummary } from '../server-metrics/gpu-telemetry-types.js';
import { startTelemetryWorker, type CollectedServerMetrics, type TelemetryWatches } from '../server-metrics/telemetry-thread.js';
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
  /** What the servers' Prometheus metrics said over the profiled phase (summary, exports, JSONL); null without them, or when the scraping thread died. */
  readonly serverMetrics: CollectedServerMetrics | null;
  /** What the DCGM exporters said over the profiled phase; null with --no-gpu-telemetry, or when the scraping thread died. */
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
  // Scraped from after warm-up (its images would count) to the end of the profiled phase, on a thread of their own; absence is tolerated.
  let watches: TelemetryWatches = { serverMetrics: null, gpu: null };
  let profiledStartMs: number | null = null;
  let profiledEndMs: number | null = null;
  counter?.runStarted();
  let outcome: Awaited<ReturnType<PhaseRunner['run']>> | undefined;
  let serverMetrics: CollectedServerMetrics | null = null;
  let gpuTelemetry: GpuTelemetrySummary | null = null;
  let clientHealth: ClientHealth;
  try {
    outcome = await runner.run(async () => {
      const metrics = config.serverMetrics;
      watches = startTelemetryWorker({
        serverMetrics: metrics === null ? null : {
          urls: serverMetricsUrls(config, metrics), intervalMs: metrics.intervalMs, headers: config.headers, headerOrigins: config.targets.map((t) => new URL(t.origin).origin), sliceSeconds: config.sliceDurationSec ?? null,
          jsonlPath: metrics.formats.includes('jsonl') ? join(parts.resultsDir, SERVER_METRICS_SPOOL) : null, secrets: config.secrets,
        },
        gpu: config.gpuTelemetry === null ? null : { config: config.gpuTelemetry, jsonlPath: parts.gpuTelemetryFile, secrets: config.secrets },
      }, log);
      await Promise.all([watches.serverMetrics?.ready, watches.gpu?.ready]);
      if (config.startAtMs !== undefined) await waitUntil(config.startAtMs + (config.shard?.startOffsetMs ?? 0), log, parts.startGate);
    }, (nowMs) => {
      profiledStartMs = nowMs;
      recorder.begin(nowMs);
      watches.gpu?.begin(nowMs);
    });
    profiledEndMs = performance.now();
  } finally {
    const started = profiledStartMs;
    const profiled = started === null ? null : { startEpochMs: performance.timeOrigin + started, endEpochMs: performance.timeOrigin + (profiledEndMs ?? performance.now()) };
    serverMetrics = (await watches.serverMetrics?.stop(profiled)) ?? null;
    gpuTelemetry = (await watches.gpu?.stop()) ?? null;
    const [workerDelays] = await Promise.all([opened.close(), workload.dispose()]);
    clientHealth = health.stop(workerDelays);
  }
  return { ...outcome, clientHealth, serverMetrics, gpuTelemetry };
}
