// A profile run's execute stage: warm-up and profiled phases under the client-health, server-metrics and GPU telemetry watches, then the client closes.
import { watchClientHealth, type ClientHealth } from '../client/client-health.js';
import type { ScheduleStats } from '../executors/open-loop-executor.js';
import type { RunRecorder } from '../records/run-recorder.js';
import { startServerMetrics, type ServerMetricsScraper, type ServerMetricsSummary } from '../server-metrics/scraper.js';
import { startGpuTelemetry, type GpuTelemetry } from '../server-metrics/gpu-telemetry.js';
import type { GpuTelemetrySummary } from '../server-metrics/gpu-telemetry-types.js';
import type { RunTextCounter } from '../tokenizer/run-text-counter.js';
import type { Workload } from '../workload/prepared-request.js';
import type { EarlyStop } from './early-stop.js';
import type { ProfileClient } from './open-client.js';
import type { PhaseRunner } from './run-phases.js';
import type { ProfileConfig } from './run-config.js';
import { waitUntil } from './start-at.js';

export interface Execution {
  /** Profiled requests issued, each settled and recorded. */
  readonly issued: number;
  /** How the open-loop schedule went, when the shape had one. */
  readonly schedule: ScheduleStats | null;
  /** Why the run stopped issuing on its own; null when it did not. */
  readonly earlyStop: EarlyStop | null;
  readonly clientHealth: ClientHealth;
  /** What the server's Prometheus metrics said over the profiled phase; null without them. */
  readonly serverMetrics: ServerMetricsSummary | null;
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
}

/** Runs the phases; the client and the workload's resources are released however it ends. */
export async function executeRun(parts: ExecuteParts, log: (line: string) => void): Promise<Execution> {
  const { config, runner, opened, workload, counter, recorder } = parts;
  const health = watchClientHealth();
  // Scraped from after warm-up (its images would count) to the end of the profiled phase; absence is tolerated.
  let scraper: ServerMetricsScraper | null = null;
  let gpu: GpuTelemetry | null = null;
  counter?.runStarted();
  let outcome: Awaited<ReturnType<PhaseRunner['run']>> | undefined;
  let serverMetrics: ServerMetricsSummary | null = null;
  let gpuTelemetry: GpuTelemetrySummary | null = null;
  let clientHealth: ClientHealth;
  try {
    outcome = await runner.run(async () => {
      if (config.gpuTelemetry !== null) gpu = startGpuTelemetry(config.gpuTelemetry, parts.gpuTelemetryFile);
      if (config.serverMetricsUrl !== null) {
        scraper = startServerMetrics(config.serverMetricsUrl, { headers: { ...config.headers } });
        await scraper.ready;
      }
      await (gpu as GpuTelemetry | null)?.ready;
      if (config.startAtMs !== undefined) await waitUntil(config.startAtMs + (config.shard?.startOffsetMs ?? 0), log, parts.startGate);
    }, (nowMs) => {
      recorder.begin(nowMs);
      (gpu as GpuTelemetry | null)?.begin(nowMs);
    });
  } finally {
    serverMetrics = scraper === null ? null : await (scraper as ServerMetricsScraper).stop();
    gpuTelemetry = gpu === null ? null : await (gpu as GpuTelemetry).stop();
    const [workerDelays] = await Promise.all([opened.close(), workload.dispose()]);
    clientHealth = health.stop(workerDelays);
  }
  return { ...outcome, clientHealth, serverMetrics, gpuTelemetry };
}
