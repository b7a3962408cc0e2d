// Scrapes the server's Prometheus /metrics before, during and after a run, off the request path, into a summary.
import { Agent, request } from 'undici';
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
  const intervalMs = options.intervalMs ?? 2_000;
  const timeoutMs = options.timeoutMs ?? 2_000;
  const headers = { accept: 'text/plain; version=0.0.4', ...options.headers };
  const agent = new Agent({ connections: 1, headersTimeout: timeoutMs, bodyTimeout: timeoutMs });
  const origin = performance.now();
  const tally = new ServerMetricsTally();
  let inFlight: Promise<void> | null = null;

  const scrape = (): Promise<void> => {
    inFlight ??= fetchBody(url, agent, headers, timeoutMs)
      .then((body) => {
        if (body !== null) tally.add(takeSnapshot(body, (performance.now() - origin) / 1000));
      })
      .finally(() => {
        inFlight = null;
      });
    return inFlight;
  };

  const ready = scrape();
  const timer = setInterval(() => void scrape(), intervalMs);
  timer.unref();
  return {
    ready,
    async stop() {
      clearInterval(timer);
      while (inFlight !== null) await inFlight;
      await scrape();
      await agent.close();
      return tally.summary(url);
    },
  };
}

/** The body of a 200 answer; null for any other status, a network error or a timeout. */
async function fetchBody(url: string, agent: Agent, headers: Record<string, string>, timeoutMs: number): Promise<string | null> {
  try {
    const response = await request(url, { dispatcher: agent, headers, signal: AbortSignal.timeout(timeoutMs) });
    if (response.statusCode !== 200) {
      await response.body.dump();
      return null;
    }
    return await response.body.text();
  } catch {
    return null;
  }
}
