// The summary's conversation figures of a run's aggregates, for a fresh run and a rebuilt one alike.
import type { SummaryMeta } from '../metrics/summary.js';
import type { RunAggregates } from '../records/run-aggregates.js';

/** `{ conversations }` for the summary's meta when the run's records were conversations' turns; `{}` otherwise. */
export function conversationsOf(aggregates: RunAggregates): Pick<SummaryMeta, 'conversations'> {
  const conversations = aggregates.conversations.summary(aggregates.totals.okDurationSec());
  return conversations === null ? {} : { conversations };
}
