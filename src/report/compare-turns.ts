// The per-turn TTFT p50 `mmload compare` reads from a session run's summary (mmload.conversations.by_turn).
import type { ConversationSummary } from '../metrics/conversation-summary.js';

/** TTFT p50 (ms) by turn index, ascending; empty for a summary without sessions (aiperf's, or a run of single requests). */
export function turnTtftP50(summary: Readonly<Record<string, unknown>>): Map<number, number> {
  const mmload = summary['mmload'] as { conversations?: Partial<ConversationSummary> | null } | null | undefined;
  const turns: unknown = mmload?.conversations?.by_turn;
  const byTurn: [number, number][] = [];
  if (!Array.isArray(turns)) return new Map();
  for (const turn of turns) {
    const { turn_index: index, ttft_ms: ttft } = (turn ?? {}) as { turn_index?: unknown; ttft_ms?: { p50?: unknown } | null };
    const p50 = ttft?.p50;
    if (typeof index === 'number' && Number.isInteger(index) && typeof p50 === 'number' && Number.isFinite(p50)) byTurn.push([index, p50]);
  }
  return new Map(byTurn.sort(([x], [y]) => x - y));
}
