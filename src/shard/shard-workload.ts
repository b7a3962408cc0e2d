// A shard's 1/N of a workload: the requests (and warm-up requests) at positions p with p % N == i.
import type { PreparedRequest, SessionWorkload, Workload } from '../workload/prepared-request.js';
import { UsageError } from '../util/exit-codes.js';
import type { ShardPlan } from './shard.js';

/** The items at positions p with p % N == i: round-robin, so the whole run's order (and image reuse) stays interleaved in time. */
export function shardPositions<T>(items: readonly T[], shard: { readonly index: number; readonly count: number }): T[] {
  const picked: T[] = [];
  for (let p = shard.index; p < items.length; p += shard.count) picked.push(items[p]!);
  return picked;
}

/**
 * The shard's part of `workload` (the whole workload when not sharded). Its info still describes the whole workload:
 * the server sees every shard's requests together. A shard left without profiled requests is a UsageError.
 */
export async function shardWorkload(workload: Workload, plan: ShardPlan | undefined): Promise<Workload> {
  if (plan === undefined) return workload;
  let requests = shardPositions(workload.requests, plan);
  if (requests.length === 0) {
    await workload.dispose();
    throw new UsageError(`shard ${plan.index}/${plan.count} gets no requests: the workload has only ${workload.requests.length}; raise --request-count or use fewer shards`);
  }
  const conversations = workload.sessions?.conversations.length;
  if (conversations !== undefined && conversations <= plan.index) {
    await workload.dispose();
    throw new UsageError(`shard ${plan.index}/${plan.count} gets no conversation: the workload has only ${conversations}; use fewer shards`);
  }
  if (plan.rebaseTimestamps) requests = rebased(requests, firstTimestamp(workload.requests));
  return {
    entries: workload.entries,
    requests,
    warmup: shardPositions(workload.warmup, plan),
    info: workload.info,
    description: `${workload.description}; shard ${plan.index}/${plan.count}: ${requests.length} of ${workload.requests.length} requests`,
    notices: workload.notices,
    ...(workload.sessions === undefined ? {} : { sessions: shardSessions(workload.sessions, plan) }),
    dispose: () => workload.dispose(),
  };
}

/** A run of conversations split as its requests are: conversation p goes to shard p % N, and so does a share of each limit. */
function shardSessions(sessions: SessionWorkload, plan: ShardPlan): SessionWorkload {
  // Of `total` items dealt round robin, shard i gets those at positions i, i + N, …
  const share = (total: number | undefined) => (total === undefined ? undefined : Math.ceil((total - plan.index) / plan.count));
  return { conversations: shardPositions(sessions.conversations, plan), turns: share(sessions.turns), sessions: share(sessions.sessions) };
}

function firstTimestamp(requests: readonly PreparedRequest[]): number {
  let first = Infinity;
  for (const r of requests) if (r.timestampMs !== null && r.timestampMs < first) first = r.timestampMs;
  return Number.isFinite(first) ? first : 0;
}

/** The requests with `first` taken off their timestamps (those without one are left for the trace check to report). */
function rebased(requests: readonly PreparedRequest[], first: number): PreparedRequest[] {
  return requests.map((r) => (r.timestampMs === null ? r : { ...r, timestampMs: r.timestampMs - first }));
}
