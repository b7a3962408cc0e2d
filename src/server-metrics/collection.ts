// Scrapes every Prometheus endpoint of a run (on the scraping thread, telemetry-worker.ts), tallies each scrape, streams the JSONL to disk, and sums up at stop.
import { JsonlFile } from '../fs/jsonl-file.js';
import { EndpointTally, type Scrape } from './endpoint-tally.js';
import { endpointInfo, exportMetrics } from './export-metrics.js';
import type { ServerMetricsExport } from './export-json.js';
import type { EndpointInfo } from './export-types.js';
import { parseFamilies, type MetricFamily } from './families.js';
import { jsonlLine } from './jsonl-line.js';
import { startScrapeLoop } from './scrape-loop.js';
import { summarizeServerMetrics } from './summary.js';
import type { ServerMetricsSummary } from './summary-types.js';

export interface CollectionOptions {
  /** The endpoints, in the order the summary lists them. */
  readonly urls: readonly string[];
  /** Time between scrapes during the run; a tick is skipped while the endpoint's last scrape is in flight. */
  readonly intervalMs: number;
  /** The run's headers (authorization among them): sent only to endpoints on one of `headerOrigins`, the servers under test. */
  readonly headers?: Readonly<Record<string, string>>;
  /** Origins (scheme://host:port) whose endpoints get `headers`; another host named with --server-metrics gets none. */
  readonly headerOrigins?: readonly string[];
  /** Deadline of one scrape (scrape-loop.ts' default when absent). */
  readonly timeoutMs?: number;
  /** --slice-duration in seconds; null without it. */
  readonly sliceSeconds: number | null;
  /** Where each new scrape's JSONL line is appended as it arrives (created with the first line); null: no JSONL. */
  readonly jsonlPath: string | null;
  /** How an endpoint's URL appears in everything written and returned (its secrets masked); as it is when absent. */
  readonly shownUrl?: (url: string) => string;
}

/** The profiled phase, epoch ms: t = 0 of the summary, and the exports' start and end times. */
export interface ProfiledWindow {
  readonly startEpochMs: number;
  readonly endEpochMs: number;
}

/** What a collection sums up to: plain data, which crosses from the scraping thread as it is. */
export interface ServerMetricsData {
  readonly summary: ServerMetricsSummary;
  /** What server_metrics_export.json and .csv hold; null when no endpoint answered (aiperf then writes neither). */
  readonly exports: ServerMetricsExport | null;
  /** JSONL lines were written to options.jsonlPath (asked for, and some endpoint answered). */
  readonly hasJsonl: boolean;
}

export interface ServerMetricsCollection {
  /** Every endpoint's first scrape has been answered or has failed (never rejects). */
  readonly ready: Promise<void>;
  /** Stops the periodic scrapes, takes each endpoint's last scrape, and sums up. */
  stop(profiled: ProfiledWindow | null): Promise<ServerMetricsData>;
}

/** Starts scraping every endpoint now, each on its own single connection, never the run's connection pool. */
export function startServerMetricsCollection(options: CollectionOptions): ServerMetricsCollection {
  const { urls, sliceSeconds } = options;
  const spool = options.jsonlPath === null ? null : new JsonlFile(options.jsonlPath);
  const shown = urls.map((url) => options.shownUrl?.(url) ?? url);
  const endpoints = shown.map((url) => new EndpointTally(url, sliceSeconds));
  const epoch = (ms: number): number => performance.timeOrigin + ms;
  const loops = urls.map((url, i) => {
    let previous: { body: string; families: readonly MetricFamily[] } | null = null;
    const headers = options.headers && options.headerOrigins?.includes(originOf(url)) ? { headers: { ...options.headers } } : {};
    return startScrapeLoop(url, { intervalMs: options.intervalMs, ...headers, ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}) }, (scraped) => {
      // An unchanged body (the server had not updated) is not parsed again: its families are the last ones.
      const duplicate = previous !== null && previous.body === scraped.body;
      const families = duplicate ? previous!.families : parseFamilies(scraped.body);
      previous = { body: scraped.body, families };
      const scrape: Scrape = {
        families, duplicate, sentEpochMs: epoch(scraped.sentMs), firstByteEpochMs: epoch(scraped.firstByteMs), receivedEpochMs: epoch(scraped.receivedMs),
      };
      endpoints[i]!.add(scrape);
      if (!duplicate) spool?.append(jsonlLine(shown[i]!, scrape));
    });
  });
  return {
    ready: Promise.all(loops.map((loop) => loop.ready)).then(() => undefined),
    async stop(profiled) {
      await Promise.all(loops.map((loop) => loop.stop()));
      await spool?.close();
      const answered = endpoints.filter((endpoint) => endpoint.scrapes > 0);
      const windows = answered.map((endpoint) => endpoint.window!);
      const window = profiled ?? (windows.length > 0
        ? { startEpochMs: Math.min(...windows.map((w) => w.fromMs)), endEpochMs: Math.max(...windows.map((w) => w.toMs)) }
        : { startEpochMs: epoch(performance.now()), endEpochMs: epoch(performance.now()) });
      const summary = summarizeServerMetrics(endpoints, loops.map((loop) => loop.failures()), { intervalMs: options.intervalMs, sliceSeconds, originEpochMs: window.startEpochMs });
      const infos = new Map(answered.map((endpoint) => [endpoint.url, endpointInfo(endpoint)!] as [string, EndpointInfo]));
      const exports = answered.length === 0 ? null : {
        endpointsConfigured: shown, endpointsSuccessful: answered.map((endpoint) => endpoint.url),
        startEpochMs: window.startEpochMs, endEpochMs: window.endEpochMs, endpointInfo: infos, metrics: exportMetrics(answered, sliceSeconds),
      };
      return { summary, exports, hasJsonl: spool?.hasLines ?? false };
    },
  };
}

/** scheme://host:port of a URL; the text itself when it is not one. */
function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return url;
  }
}
