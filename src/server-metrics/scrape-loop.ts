// Fetches one Prometheus endpoint once now, then every interval, then once at stop: off the request path, one at a time.
import { Agent, request } from 'undici';

export interface ScrapeLoopOptions {
  /** Time between scrapes during the run; a tick is skipped while a scrape is in flight. */
  readonly intervalMs: number;
  /** Sent with every scrape (e.g. authorization). */
  readonly headers?: Readonly<Record<string, string>>;
  /** Deadline of one scrape, default 2,000 ms; a scrape past it counts as unanswered. */
  readonly timeoutMs?: number;
}

/** One answered scrape: its body and when it was asked for, began to arrive and arrived, on performance.now()'s clock (ms). */
export interface ScrapedBody {
  readonly body: string;
  readonly sentMs: number;
  /** The answer's headers arrived: the best guess at when the server wrote its metrics. */
  readonly firstByteMs: number;
  readonly receivedMs: number;
}

export interface ScrapeLoop {
  /** The first scrape; resolves when it is done, answered or not (never rejects). */
  readonly ready: Promise<void>;
  /** Scrapes that failed (status other than 200, network error, timeout). */
  readonly failures: () => number;
  /** Stops the periodic scrapes and takes the last one. */
  stop(): Promise<void>;
}

/** Starts scraping `url` now, on its own single connection, never the run's pool; `onBody` gets every 200 answer. */
export function startScrapeLoop(url: string, options: ScrapeLoopOptions, onBody: (scraped: ScrapedBody) => void): ScrapeLoop {
  const timeoutMs = options.timeoutMs ?? 2_000;
  const headers = { accept: 'text/plain; version=0.0.4', ...options.headers };
  const agent = new Agent({ connections: 1, headersTimeout: timeoutMs, bodyTimeout: timeoutMs });
  let failures = 0;
  let inFlight: Promise<void> | null = null;

  const scrape = (): Promise<void> => {
    const sentMs = performance.now();
    inFlight ??= fetchBody(url, agent, headers, timeoutMs)
      .then((answer) => {
        if (answer === null) failures++;
        else onBody({ ...answer, sentMs, receivedMs: performance.now() });
      })
      .finally(() => {
        inFlight = null;
      });
    return inFlight;
  };

  const ready = scrape();
  const timer = setInterval(() => void scrape(), options.intervalMs);
  timer.unref();
  return {
    ready,
    failures: () => failures,
    async stop() {
      clearInterval(timer);
      while (inFlight !== null) await inFlight;
      await scrape();
      await agent.close();
    },
  };
}

/** The body of a 200 answer and when its headers came; null for any other status, a network error or a timeout. */
async function fetchBody(url: string, agent: Agent, headers: Record<string, string>, timeoutMs: number): Promise<{ body: string; firstByteMs: number } | null> {
  try {
    const response = await request(url, { dispatcher: agent, headers, signal: AbortSignal.timeout(timeoutMs) });
    const firstByteMs = performance.now();
    if (response.statusCode !== 200) {
      await response.body.dump();
      return null;
    }
    return { body: await response.body.text(), firstByteMs };
  } catch {
    return null;
  }
}
