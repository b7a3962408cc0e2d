// A run of conversations by turn index (turn 0 against later turns is the cache story) and by session, in memory bounded by turns per session and sessions in flight.
import type { RequestRecord } from '../client/request-record.js';
import { Distribution, type DistributionStats } from './histogram.js';
import { firstTokenMs, responseEndMs } from './request-metrics.js';
import type { ConversationSummary, SessionLatencyMs } from './conversation-summary.js';

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

/** A distribution as summary.json shows it (what SessionLatencyMs holds; a turn's figures take part of it). */
function short(stats: DistributionStats | null): SessionLatencyMs | null {
  return stats === null ? null : { avg: stats.avg, min: stats.min, max: stats.max, p50: stats.p50, p90: stats.p90, p99: stats.p99 };
}
