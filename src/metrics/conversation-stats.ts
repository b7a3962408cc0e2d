// A run of conversations by turn index (turn 0 against later turns is the cache story) and by session, in memory bounded by turns per session and sessions in flight.
import type { RequestRecord } from '../client/request-record.js';
import { Distribution, type DistributionStats } from './histogram.js';
import { firstTokenMs, responseEndMs } from './request-metrics.js';

/** Percentiles and mean of a distribution as summary.json shows them; null when it holds no value. */
export interface ShortStats {
  readonly avg: number;
  readonly min: number;
  readonly max: number;
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
}

/** One turn index over every session. */
export interface TurnFigures {
  /** 0-based. */
  readonly turn_index: number;
  readonly requests: number;
  readonly errors: number;
  /** Successful streamed turns only. */
  readonly ttft_ms: ShortStats | null;
  readonly request_latency_ms: ShortStats | null;
  /** Prompt tokens (the client's count, else the server's), history included. */
  readonly isl: { readonly avg: number } | null;
}

/** summary.json's `mmload.conversations`. */
export interface ConversationSummary {
  /** Sessions whose first turn was sent, and those whose every turn was (failed turns included). */
  readonly sessions_started: number;
  readonly sessions_completed: number;
  readonly turns: number;
  /** Completed sessions over the profiled phase's duration. */
  readonly sessions_per_sec: number | null;
  /** A completed session's first send to its last turn's end, think time included. */
  readonly session_latency_ms: ShortStats | null;
  readonly by_turn: readonly TurnFigures[];
}

interface TurnAccumulator {
  requests: number;
  errors: number;
  readonly ttft: Distribution;
  readonly latency: Distribution;
  islSum: number;
  islCount: number;
}

/** A session seen but not finished yet: when it began and how many of its turns settled. */
interface OpenSession {
  readonly startMs: number;
  settled: number;
}

export class ConversationStats {
  private readonly turns: TurnAccumulator[] = [];
  private readonly open = new Map<string, OpenSession>();
  private readonly sessionLatency = new Distribution('ms');
  private started = 0;
  private completed = 0;

  /** A profiled record; one without a session tag is not a conversation's turn and is left out. */
  add(record: RequestRecord, isl: number | null): void {
    const session = record.session;
    if (session === undefined) return;
    const turn = (this.turns[session.turnIndex] ??= { requests: 0, errors: 0, ttft: new Distribution('ms'), latency: new Distribution('ms'), islSum: 0, islCount: 0 });
    turn.requests++;
    if (record.error !== null) turn.errors++;
    else {
      const first = firstTokenMs(record);
      if (first !== null) turn.ttft.record(first - record.startMs);
      turn.latency.record(responseEndMs(record) - record.startMs);
    }
    if (isl !== null) {
      turn.islSum += isl;
      turn.islCount++;
    }
    let open = this.open.get(session.correlationId);
    if (open === undefined) {
      this.started++;
      open = { startMs: record.startMs, settled: 0 };
      this.open.set(session.correlationId, open);
    }
    // Turns settle in order (each waits for the one before), so the first seen began the session.
    if (++open.settled === session.turnCount) {
      this.open.delete(session.correlationId);
      this.completed++;
      this.sessionLatency.record(record.endMs - open.startMs);
    }
  }

  /** The figures; null when no record was a conversation's turn. `durationS`: the profiled phase's. */
  summary(durationS: number | null): ConversationSummary | null {
    if (this.started === 0) return null;
    return {
      sessions_started: this.started,
      sessions_completed: this.completed,
      turns: this.turns.reduce((sum, turn) => sum + (turn?.requests ?? 0), 0),
      sessions_per_sec: durationS === null || durationS <= 0 ? null : this.completed / durationS,
      session_latency_ms: short(this.sessionLatency.stats()),
      by_turn: [...this.turns.entries()].flatMap(([index, turn]) => (turn === undefined ? [] : [{
        turn_index: index,
        requests: turn.requests,
        errors: turn.errors,
        ttft_ms: short(turn.ttft.stats()),
        request_latency_ms: short(turn.latency.stats()),
        isl: turn.islCount === 0 ? null : { avg: turn.islSum / turn.islCount },
      }])),
    };
  }
}

function short(stats: DistributionStats | null): ShortStats | null {
  return stats === null ? null : { avg: stats.avg, min: stats.min, max: stats.max, p50: stats.p50, p90: stats.p90, p99: stats.p99 };
}
