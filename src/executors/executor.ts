// The contract of a load shape: decides when each request is sent, never prints, counts what it issued.
import type { RequestRecord } from '../client/request-record.js';
import type { Conversation, PreparedRequest } from '../workload/prepared-request.js';

export type Phase = RequestRecord['phase'];

/**
 * Sends one request and settles with its record; never rejects (the chat client's contract).
 * `intendedMs` is when the load shape meant it to go (monotonic ms), or null for closed-loop shapes.
 */
export type SendFn = (request: PreparedRequest, phase: Phase, intendedMs: number | null) => Promise<RequestRecord>;

/** What one phase sends: requests in order, cycled (the same objects) when more are issued than listed. */
export interface PhasePlan {
  readonly requests: readonly PreparedRequest[];
  /** Requests to issue at most; undefined: as many as the duration allows (then durationMs is set). */
  readonly count: number | undefined;
  /** Stop issuing this many ms after the phase started (--benchmark-duration); undefined: no time limit. */
  readonly durationMs: number | undefined;
  /** Multi-turn sessions (SessionExecutor): each send is a turn of one, `count` counts turns, and `requests` is unused. */
  readonly conversations?: readonly Conversation[];
  /** --conversation-num: sessions to start (each started one runs to its end); undefined: as count and duration allow. */
  readonly sessions?: number;
}

export interface PhaseResult {
  /** Requests issued; each has settled (its record went to the SendFn's caller) by the time run() resolves. */
  readonly issued: number;
  /** True when stop() ended the phase early (Ctrl-C), not its count or duration. */
  readonly stopped: boolean;
}

export interface Executor {
  /** Sends the plan's requests under this executor's load shape; resolves when every issued one has settled. */
  run(plan: PhasePlan, phase: Phase, send: SendFn): Promise<PhaseResult>;
  /** Stops issuing new requests; requests in flight still settle (the caller may cancel them). */
  stop(): void;
}

/** The request the i-th send of a plan carries. */
export function planRequest(plan: PhasePlan, i: number): PreparedRequest {
  return plan.requests[i % plan.requests.length]!;
}
