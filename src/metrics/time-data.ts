// What the report's time charts and timeline draw, gathered in bounded memory as a run's records settle.
import type { RunSeries } from './run-series.js';
import type { TimelineSpans } from './timeline-spans.js';

/** The timeline draws at most this many requests, so the page stays small for any run. */
export const TIMELINE_MAX_REQUESTS = 2000;

/** The time charts' series (null without records) and the timeline's sampled requests (see records/run-aggregates.ts). */
export interface ReportTimeData {
  readonly series: RunSeries | null;
  readonly timeline: TimelineSpans;
}
