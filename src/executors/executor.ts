// The contract of a load shape: decides when each request is sent, never prints, returns every record.
import type { RequestRecord } from '../client/request-record.js';
import type { PreparedRequest } from '../workload/prepared-request.js';

export type Phase = RequestRecord['phase'];

/** Sends one request and settles with its record; never rejects (the chat client's contract). */
export type SendFn = (request: PreparedRequest, phase: Phase) => Promise<RequestRecord>;

export interface PhaseResult {
  /** One record per issued request, in issue order: issued = records.length. */
  readonly records: RequestRecord[];
  /** True when stop() ended the phase before every request was issued. */
  readonly stopped: boolean;
}

export interface Executor {
  /** Sends `requests` in order under this executor's load shape and resolves when every issued one has settled. */
  run(requests: readonly PreparedRequest[], phase: Phase, send: SendFn): Promise<PhaseResult>;
  /** Stops issuing new requests; requests in flight still settle (the caller may cancel them). */
  stop(): void;
}
