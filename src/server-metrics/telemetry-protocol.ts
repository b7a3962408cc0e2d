// The messages between the main thread and the scraping thread (telemetry-worker.ts): plain data, structured-cloneable.
import type { CollectionOptions, ProfiledWindow, ServerMetricsData } from './collection.js';
import type { GpuTelemetryConfig } from './gpu-telemetry.js';
import type { GpuTelemetrySummary } from './gpu-telemetry-types.js';

/** The thread's workerData: what to scrape. */
export interface TelemetryInit {
  /** The server metrics collection; its URLs are shown with the run's `secrets` masked. null without --server-metrics. */
  readonly serverMetrics: (Omit<CollectionOptions, 'shownUrl'> & { readonly secrets: readonly string[] }) | null;
  /** The DCGM exporters and where their records are streamed (URLs shown with `secrets` masked); null with --no-gpu-telemetry. */
  readonly gpu: { readonly config: GpuTelemetryConfig; readonly jsonlPath: string; readonly secrets: readonly string[] } | null;
}

/** The two collections the thread runs. */
export type TelemetryPart = 'serverMetrics' | 'gpu';

export type ToTelemetry =
  /** The profiled phase starts (epoch ms: each thread has its own performance.now()). */
  | { readonly kind: 'begin'; readonly epochMs: number }
  | { readonly kind: 'stop'; readonly part: 'serverMetrics'; readonly profiled: ProfiledWindow | null }
  | { readonly kind: 'stop'; readonly part: 'gpu' };

export type FromTelemetry =
  /** The part's first scrapes are done. */
  | { readonly kind: 'ready'; readonly part: TelemetryPart }
  | { readonly kind: 'stopped'; readonly part: 'serverMetrics'; readonly data: ServerMetricsData }
  | { readonly kind: 'stopped'; readonly part: 'gpu'; readonly summary: GpuTelemetrySummary }
  /** Stopping the part failed (its file could not be written, say). */
  | { readonly kind: 'failed'; readonly part: TelemetryPart; readonly message: string };
