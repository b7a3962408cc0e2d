// Creates the RequestRecord of a request about to be sent, stamped with its start time.
import type { SessionTag } from '../workload/prepared-request.js';
import type { RequestRecord } from './request-record.js';

/**
 * A record with nothing received yet; the stream handler fills in the rest. `turn`: a conversation's turn, what it is
 * and what its prompt said; `imageIds`: its request's (the same array, not a copy).
 */
export function createRecord(
  requestIndex: number, phase: RequestRecord['phase'], xRequestId: string, bodyBytes: number, intendedMs: number | null = null,
  turn?: { session: SessionTag; promptTexts: readonly string[]; expectedIsl: number | null }, imageIds: readonly number[] = [],
): RequestRecord {
  const startMs = performance.now();
  return {
    requestIndex, phase, xRequestId, intendedMs, startMs, bodySentMs: null, headersMs: null, chunkMs: [], chunkTokens: [],
    endMs: startMs, streamed: false, status: null, usage: null, contentText: null, reasoningText: null, finishReason: null, bodyBytes, imageIds, responseBytes: 0, error: null,
    ...(turn === undefined ? {} : { session: turn.session, promptTexts: turn.promptTexts, expectedIsl: turn.expectedIsl }),
  };
}
