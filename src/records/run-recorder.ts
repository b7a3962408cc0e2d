// Takes each profiled record as it settles: counts its tokens, adds it to the run's aggregates, appends its line; keeps nothing per request.
import type { RequestRecord } from '../client/request-record.js';
import type { Slos } from '../metrics/goodput.js';
import type { TokenCountRun, TokenCounts } from '../metrics/token-counts.js';
import { RecordsFile } from './records-file.js';
import { recordLine } from './records-jsonl.js';
import { RunAggregates } from './run-aggregates.js';

interface Settled {
  readonly record: RequestRecord;
  readonly counts: TokenCounts;
  readonly sessionNum: number;
}

export interface RecorderOptions {
  /** Where records.jsonl goes; null: no per-request file (--export-level summary). */
  readonly recordsPath: string | null;
  readonly slos?: Slos | undefined;
  /** Keep what an MLPerf verdict needs (see RunAggregates). */
  readonly mlperf: boolean;
  /** Told once when BACKLOG_WARNING records wait for their token counts at the same time (counting is behind the run). */
  readonly onBacklog?: (waiting: number) => void;
}

/** Records waiting for their counts that make the run's memory worth a warning (about 1 KB each). */
const BACKLOG_WARNING = 20_000;

/**
 * A record waits only for its token counts (client-side counting runs on its own thread), then joins the aggregates
 * and goes to records.jsonl, so the run's memory holds aggregates only, whatever its number of requests.
 */
export class RunRecorder {
  private aggregates: RunAggregates | null = null;
  private readonly pending = new Set<Promise<void>>();
  private failure: Error | null = null;
  private warned = false;

  private constructor(private readonly counts: TokenCountRun, private readonly file: RecordsFile<Settled> | null, private readonly options: RecorderOptions) {}

  /** Opens records.jsonl, when there is to be one. */
  static async open(counts: TokenCountRun, options: RecorderOptions): Promise<RunRecorder> {
    const slos = options.slos;
    const file = options.recordsPath === null ? null
      : await RecordsFile.create<Settled>(options.recordsPath, (s) => recordLine(s.record, s.counts, s.sessionNum, { slos }));
    return new RunRecorder(counts, file, options);
  }

  /** The profiled phase begins now (its time zero for the charts); records arrive after this. */
  begin(originMs: number): void {
    this.aggregates = new RunAggregates(originMs, this.options.slos, this.options.mlperf);
  }

  /** A profiled record has settled; `sessionNum` is its position in issue order. */
  settled(record: RequestRecord, sessionNum: number): void {
    const done = this.counts.countsFor(record).then((counts) => this.take({ record, counts, sessionNum }), (err: Error) => {
      this.failure ??= err;
    });
    // The reply's text has gone to the counter: the record need not hold it while it waits for its line (a
    // conversation's turn keeps it: its session's next turn sends it back).
    if (record.session === undefined) record.contentText = null;
    record.reasoningText = null;
    this.pending.add(done);
    void done.finally(() => this.pending.delete(done));
    if (this.pending.size >= BACKLOG_WARNING && !this.warned) {
      this.warned = true;
      this.options.onBacklog?.(this.pending.size);
    }
  }

  /** Waits for every count, writes the last lines and closes the file; throws a counting or writing failure. */
  async finish(): Promise<RunAggregates> {
    while (this.pending.size > 0) await Promise.all(this.pending);
    await this.file?.close();
    if (this.failure) throw this.failure;
    return this.aggregates ?? new RunAggregates(0, this.options.slos, this.options.mlperf);
  }

  private take(settled: Settled): void {
    this.aggregates!.add(settled.record, settled.counts, settled.sessionNum);
    this.file?.add(settled);
  }
}
