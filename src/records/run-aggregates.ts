// Everything a run keeps about its profiled requests, in memory that does not grow with their number: totals, chart sums, a timeline sample.
import type { RequestRecord } from '../client/request-record.js';
import type { Slos } from '../metrics/goodput.js';
import { responseEndMs } from '../metrics/request-metrics.js';
import { RunTotals } from '../metrics/run-totals.js';
import { ConversationStats } from '../metrics/conversation-stats.js';
import type { TokenCounts } from '../metrics/token-counts.js';
import type { MlperfSample } from '../mlperf/verdict-types.js';
import { TIMELINE_MAX_REQUESTS, type ReportTimeData } from '../metrics/time-data.js';
import { RunSeriesBuilder } from '../metrics/run-series.js';
import { TimelineSample } from '../metrics/timeline-spans.js';

/**
 * Fed by a run as its records settle (records/run-recorder.ts) or by `mmload report` from records.jsonl. The one thing
 * that grows is an MLPerf scenario's samples: three numbers per request, for LoadGen's exact percentiles.
 */
export class RunAggregates {
  readonly totals = new RunTotals();
  /** A run of conversations' figures by turn and by session (nothing for single-turn records). */
  readonly conversations = new ConversationStats();
  /** Each request's schedule, end and outcome, for MLPerf scenarios only (scheduledMs NaN: sent when a slot freed). */
  readonly mlperfSamples: MlperfSample[] | null;
  private readonly series: RunSeriesBuilder;
  private readonly timeline = new TimelineSample(TIMELINE_MAX_REQUESTS);

  /** `originMs`: when the profiled phase began, the charts' time zero. */
  constructor(private readonly originMs: number, private readonly slos: Slos | undefined, mlperf: boolean) {
    this.series = new RunSeriesBuilder(originMs);
    this.mlperfSamples = mlperf ? [] : null;
  }

  /** A profiled record with its token counts; `sessionNum` is its position in issue order. */
  add(record: RequestRecord, counts: TokenCounts, sessionNum: number): void {
    this.totals.add(record, counts, this.slos);
    this.conversations.add(record, counts.isl);
    this.series.add(record, counts.osl);
    this.timeline.add(record, sessionNum);
    this.mlperfSamples?.push({ scheduledMs: record.intendedMs ?? NaN, endMs: responseEndMs(record), ok: record.error === null });
  }

  /** What report.html draws over time. */
  timeData(): ReportTimeData {
    return { series: this.series.series(), timeline: this.timeline.spans(this.originMs) };
  }
}
