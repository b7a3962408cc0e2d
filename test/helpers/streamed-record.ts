// A streamed request's record as the client would have made it, for tests that feed totals, slices or shards by hand.
import type { RequestRecord } from '../../src/client/request-record.js';
import type { TokenCounts } from '../../src/metrics/token-counts.js';

/** The server's counts of every such request: 100 prompt tokens, 8 output tokens. */
export const serverTokens: TokenCounts = { osl: 8, isl: 100, outputTokens: 8, reasoningTokens: null, oslSource: 'server', islSource: 'server' };

/** Started at `startMs`, its first token `ttftMs` later and its last 10 ms after that; `failed`: an HTTP 500 instead. */
export function streamedRecord(startMs: number, ttftMs: number, failed = false): RequestRecord {
  return {
    requestIndex: 0, phase: 'profiling', xRequestId: 'id', intendedMs: null, startMs, bodySentMs: null, headersMs: null,
    chunkMs: failed ? [] : [startMs + ttftMs, startMs + ttftMs + 10], chunkTokens: [], endMs: startMs + ttftMs + 11, streamed: true,
    status: failed ? 500 : 200, usage: null, contentText: null, reasoningText: null, finishReason: failed ? null : 'stop',
    bodyBytes: 100, responseBytes: 200, error: failed ? { code: 500, type: 'http_error', message: 'boom' } : null,
  };
}
