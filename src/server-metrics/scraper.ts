// Scrapes the server's Prometheus /metrics before, during and after a run, off the request path, into a summary.
import { startScrapeLoop } from './scrape-loop.js';
import { takeSnapshot } from './snapshot.js';
import { ServerMetricsTally, type ServerMetricsSummary } from './summary.js';

export type { CacheCounts, ServerMetricsSummary, TimePoint } from './summary.js';
export { describeServerCache } from './describe.js';

export interface ServerMetricsOptions {
  /** Time between scrapes during the run, default 2,000 ms; a tick is skipped while a scrape is in flight. */
  intervalMs?: number;
  /** Sent with every scrape (e.g. authorization). */
  headers?: Record<string, string>;
  /** Deadline of one scrape, default 2,000 ms; a scrape past it counts as unanswered. */
  timeoutMs?: number;
}

export interface ServerMetricsScraper {
  /** Takes the "before" scrape; resolves when done (or failed: then available=false, no throw). */
  readonly ready: Promise<void>;
  /** Stops the periodic scrapes, takes the "after" scrape, returns the summary. */
  stop(): Promise<ServerMetricsSummary>;
}

/** Starts scraping `url` now: one scrape at a time on its own connection, never touching the run's connection pool. */
export function startServerMetrics(url: string, options: ServerMetricsOptions = {}): ServerMetricsScraper {
  const origin = performance.now();
  const tally = new ServerMetricsTally();
  const loop = startScrapeLoop(url, { intervalMs: options.intervalMs ?? 2_000, ...options }, ({ body, receivedMs }) =>
    tally.add(takeSnapshot(body, (receivedMs - origin) / 1000)),
  );
  return {
    ready: loop.ready,
    async stop() {
      await loop.stop();
      return tally.summary(url);
    },
  };
}
