// Runs the warm-up and profiling phases of a profile under its load shape, with the duration's grace period.
import type { ChatClient } from '../client/chat-client.js';
import type { RequestRecord } from '../client/request-record.js';
import { ConcurrencyExecutor } from '../executors/concurrency-executor.js';
import { createExecutor, createSessionExecutor } from '../executors/create-executor.js';
import type { Executor, PhasePlan, SendFn } from '../executors/executor.js';
import type { TraceWindow } from '../executors/load-shape.js';
import type { ScheduleStats } from '../executors/open-loop-executor.js';
import type { PreparedRequest, SessionWorkload, Workload } from '../workload/prepared-request.js';
import type { RunProgress } from './run-progress.js';
import { UsageError } from '../util/exit-codes.js';
import type { LoadConfig } from '../executors/load-config.js';
import { watchEarlyStops, type EarlyStop } from './early-stop.js';

export interface PhasesOutcome {
  /** Profiled requests issued (each settled and handed to onProfiled). */
  readonly issued: number;
  /** How the open-loop schedule went (late sends, unsent), when the shape had one. */
  readonly schedule: ScheduleStats | null;
  /** Why the run stopped issuing on its own (server lost, failure threshold); null when it did not. */
  readonly earlyStop: EarlyStop | null;
}

export interface PhaseRunner {
  /**
   * `beforeProfiling` runs between warm-up and the profiled phase (e.g. the "before" scrape of server metrics); it is
   * given the phase's start, the instant before its first send.
   */
  run(beforeProfiling?: () => Promise<void>, profilingStarts?: (nowMs: number) => void): Promise<PhasesOutcome>;
  /** Ctrl-C: stop issuing; the caller cancels what is in flight. An early stop (see early-stop.ts) does both itself. */
  stop(): void;
}

/**
 * Checks the plan before anything is sent (a trace needs a timestamp on every line) and returns the runner.
 * `explicitCount`: the user asked for a request count, so a duration run stops at whichever comes first.
 * `onProfiled` sees each profiled record as it settles, with its position in issue order.
 */
export function phaseRunner(
  workload: Workload, load: LoadConfig, client: ChatClient, seed: number, closedLoop: number, explicitCount: boolean, progress: RunProgress,
  onProfiled: (record: RequestRecord, sessionNum: number) => void,
): PhaseRunner {
  const shape = load.shape;
  const requests = shape.kind === 'schedule' ? byTimestamp(workload.requests, shape.window) : workload.requests;
  const offsets = shape.kind === 'schedule' ? requests.map((r) => r.timestampMs! - (shape.window?.startMs ?? 0)) : [];
  let profiling: PhasePlan = {
    requests,
    count: load.durationMs !== undefined && !explicitCount ? undefined : requests.length,
    durationMs: load.durationMs,
  };
  if (workload.sessions !== undefined) profiling = sessionPlan(workload.sessions, load);
  const warmup: PhasePlan = { requests: workload.warmup, count: load.warmupDurationMs === undefined ? workload.warmup.length : undefined, durationMs: load.warmupDurationMs };
  // Warm-up only has to warm: closed loop at --warmup-concurrency or the run's concurrency (or its cap), whatever the profiled shape.
  const warmExecutor = new ConcurrencyExecutor(load.warmupConcurrency ?? closedLoop);
  const executor: Executor = workload.sessions !== undefined ? createSessionExecutor(shape, seed) : createExecutor(shape, seed, requests.length, offsets);
  let stopped = false;
  const stopIssuing = (): void => {
    stopped = true;
    warmExecutor.stop();
    executor.stop();
  };
  const earlyStops = watchEarlyStops({ ...load, concurrency: closedLoop }, (stop) => {
    stopIssuing();
    client.cancelAll(`cancelled when the run stopped early: ${stop.message}`);
  });
  // Once the run is stopping (Ctrl-C or an early stop), what settles is cancelled, not evidence.
  const observed = (record: RequestRecord): RequestRecord => {
    if (!stopped) earlyStops.observe(record);
    return record;
  };
  let issued = 0;
  const send: SendFn = (request, phase, intendedMs) => {
    if (phase === 'warmup') return client.send(request, phase, intendedMs).then(observed);
    const sessionNum = issued++;
    progress.sent();
    return client.send(request, phase, intendedMs).then((record) => {
      progress.settled(record);
      observed(record);
      onProfiled(record, sessionNum);
      return record;
    });
  };
  return {
    async run(beforeProfiling, profilingStarts) {
      if (warmup.requests.length > 0) await warmExecutor.run(warmup, 'warmup', send);
      if (stopped) {
        earlyStops.dispose();
        return { issued: 0, schedule: null, earlyStop: earlyStops.stop };
      }
      await beforeProfiling?.();
      profilingStarts?.(performance.now());
      const grace = load.durationMs === undefined || load.graceMs === Infinity ? null : setTimeout(() => {
        client.cancelAll(`still in flight ${load.graceMs / 1000} s after --benchmark-duration ended (the grace period)`);
      }, load.durationMs + load.graceMs);
      try {
        await executor.run(profiling, 'profiling', send);
        return { issued, schedule: 'lastSchedule' in executor ? (executor.lastSchedule as ScheduleStats | null) : null, earlyStop: earlyStops.stop };
      } finally {
        if (grace) clearTimeout(grace);
        earlyStops.dispose();
        progress.stop();
      }
    },
    stop: stopIssuing,
  };
}

/** The requests in timestamp order (stable), those inside the window only; every one must carry a timestamp. */
function byTimestamp(requests: readonly PreparedRequest[], window: TraceWindow | undefined): PreparedRequest[] {
  const missing = requests.find((r) => r.timestampMs === null);
  if (missing) throw new UsageError(`--fixed-schedule needs a "timestamp" on every line (line ${missing.index + 1} of the input has none)`);
  const inside = requests.filter((r) => r.timestampMs! >= (window?.startMs ?? -Infinity) && r.timestampMs! <= (window?.endMs ?? Infinity));
  if (inside.length === 0) throw new UsageError('no line of the input file has a timestamp inside --fixed-schedule-start-offset / --fixed-schedule-end-offset');
  return inside.sort((a, b) => a.timestampMs! - b.timestampMs!);
}

/** A run of conversations: its turn and session limits, each conversation once when neither they nor a duration limit it. */
function sessionPlan({ conversations, turns, sessions }: SessionWorkload, load: LoadConfig): PhasePlan {
  const once = turns === undefined && sessions === undefined && load.durationMs === undefined;
  return { requests: [], count: turns, durationMs: load.durationMs, conversations, sessions: once ? conversations.length : sessions };
}
