// Scrapes DCGM exporters during a run (aiperf's --gpu-telemetry): each endpoint on its own loop, every GPU's record streamed to a JSONL file.
import { GPU_SCRAPE_INTERVAL_MS } from './gpu-fields.js';
import { JsonlFile } from '../fs/jsonl-file.js';
import { gpuJsonlLine } from './gpu-jsonl.js';
import { readGpuScrape } from './gpu-scrape.js';
import { GpuTelemetryTally } from './gpu-summary.js';
import type { GpuTelemetrySummary } from './gpu-telemetry-types.js';
import { startScrapeLoop, type ScrapeLoop } from './scrape-loop.js';

/** What --gpu-telemetry and --no-gpu-telemetry resolved to (null when off). */
export interface GpuTelemetryConfig {
  /** Every endpoint to scrape, aiperf's defaults first, each a URL ending in /metrics. */
  readonly endpoints: readonly string[];
  /** Those given with --gpu-telemetry that are not defaults: named on the console when they do not answer. */
  readonly given: readonly string[];
  /** --gpu-telemetry was given: the console then shows the GPU table, as aiperf's does. */
  readonly console: boolean;
}

export interface GpuTelemetry {
  /** Every endpoint's first scrape (the counters' reference) is done; never rejects. */
  readonly ready: Promise<void>;
  /** The profiled phase starts now (performance.now() ms). */
  begin(startMs: number): void;
  /** Takes each endpoint's last scrape, closes the JSONL file and returns the summary. */
  stop(): Promise<GpuTelemetrySummary>;
}

/**
 * Starts scraping every endpoint now, without headers, one connection each. An endpoint that does not answer its
 * first scrape is dropped, as aiperf drops one that fails its reachability check; one that never shows a GPU is
 * left out of the summary; a scrape identical to the endpoint's previous one is skipped, as aiperf skips it.
 */
export function startGpuTelemetry(config: GpuTelemetryConfig, jsonlPath: string, shownUrl: (url: string) => string = (url) => url): GpuTelemetry {
  const tally = new GpuTelemetryTally();
  const file = new JsonlFile(jsonlPath);
  const answered = new Set<string>();
  const withGpus = new Set<string>();
  const dropped = new Map<string, Promise<void>>();
  const loops = config.endpoints.map((url): [string, ScrapeLoop] => {
    let previous: string | null = null;
    return [url, startScrapeLoop(url, { intervalMs: GPU_SCRAPE_INTERVAL_MS }, ({ body, receivedMs }) => {
      if (dropped.has(url) || body === previous) return;
      previous = body;
      answered.add(url);
      const readings = readGpuScrape(body);
      if (readings.length === 0) return;
      withGpus.add(url);
      tally.add(url, readings, receivedMs);
      const epochMs = performance.timeOrigin + receivedMs;
      file.append(readings.map((reading) => gpuJsonlLine(reading, shownUrl(url), epochMs)).join(''));
    })];
  });
  const ready = Promise.all(loops.map(async ([url, loop]) => {
    await loop.ready;
    if (!answered.has(url)) dropped.set(url, loop.stop());
  })).then(() => undefined);
  return {
    ready,
    begin: (startMs) => tally.begin(startMs),
    async stop() {
      await ready;
      await Promise.all(loops.map(([url, loop]) => dropped.get(url) ?? loop.stop()));
      await file.close();
      const given = new Set(config.given);
      return tally.summary(
        config.endpoints.filter((url) => withGpus.has(url)),
        config.endpoints.filter((url) => given.has(url) && !answered.has(url)),
      );
    },
  };
}
