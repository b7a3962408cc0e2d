// Token counts per record as aiperf takes them: the client tokenizer by default, the server's usage with --use-server-token-count.
import type { RequestRecord } from '../client/request-record.js';
import type { TextCounter } from '../tokenizer/text-counter.js';
import type { PreparedRequest } from '../workload/prepared-request.js';
import type { RequestTokenCounts } from './request-metrics.js';

export type TokenSource = 'server' | 'tokenizer';

export interface TokenCounts extends RequestTokenCounts {
  readonly oslSource: TokenSource | null;
  readonly islSource: TokenSource | null;
}

/** Counts for the records of a run, started before it so that counting overlaps the run. */
export interface TokenCountRun {
  /**
   * A record has settled: its counts, once known. The reply's text is handed to the counter at once, off the thread
   * that stamps; the record's text is not needed after this call.
   */
  countsFor(record: RequestRecord): Promise<TokenCounts>;
}

const NONE: TokenCounts = { isl: null, osl: null, outputTokens: null, reasoningTokens: null, oslSource: null, islSource: null };

/**
 * With a `counter` (client-side counts, aiperf's default): input_sequence_length is the tokenizer's count of the
 * prompt's text parts (system prompt first) joined by one space, for successes and failures alike (a failure's feeds
 * error_isl); output_token_count and reasoning_token_count count the reply's content and reasoning text apart, and
 * output_sequence_length is their sum. Images and the chat template are not counted, as in aiperf. Each distinct
 * request's prompt is counted once, all of them handed over at the start; a conversation's turn is not, as its record
 * brings the prompt it sent (its history makes each send's own) and that is counted instead.
 * Without one (--use-server-token-count): input_sequence_length = usage.prompt_tokens, reasoning_token_count =
 * usage's reasoning_tokens, output_token_count = completion_tokens − reasoning (at least 0), output_sequence_length
 * = completion_tokens; a failure gets none, nor does a reply without usage. Warm-up records get nothing.
 */
export function startTokenCounts(requests: readonly PreparedRequest[], counter: TextCounter | null): TokenCountRun {
  const byIndex = new Map<number, PreparedRequest>();
  for (const request of requests) byIndex.set(request.index, request);
  const requestOf = (index: number): PreparedRequest => byIndex.get(index)!;
  if (counter === null) return { countsFor: async (record) => serverCounts(record, requestOf(record.requestIndex)) };
  const prompts = new Map<number, Promise<number>>();
  for (const request of byIndex.values()) {
    if (request.session === undefined) prompts.set(request.index, handled(counter.countPrompt(request.promptTexts)));
  }
  const countOf = (text: string | null): Promise<number | null> => (text === null ? Promise.resolve(null) : counter.countText(text));
  return {
    async countsFor(record) {
      if (record.phase !== 'profiling') return NONE;
      const request = requestOf(record.requestIndex);
      const replies = record.error === null ? Promise.all([countOf(record.contentText), countOf(record.reasoningText)]) : null;
      // A conversation's turn carries its history: its prompt is its own, counted as it was sent.
      const isl = await (record.promptTexts === undefined ? prompts.get(request.index)! : counter.countPrompt(record.promptTexts));
      const base = { isl, islSource: 'tokenizer' as const, expectedIsl: record.expectedIsl === undefined ? request.expectedIsl : record.expectedIsl, requestedOsl: request.requestedOsl, clientCounted: true };
      if (replies === null) return { ...base, osl: null, outputTokens: null, reasoningTokens: null, oslSource: null };
      const [outputTokens, reasoningTokens] = await replies;
      const osl = outputTokens === null && reasoningTokens === null ? null : (outputTokens ?? 0) + (reasoningTokens ?? 0);
      return { ...base, osl, outputTokens, reasoningTokens, oslSource: osl === null ? null : 'tokenizer' };
    },
  };
}

/** The same promise, marked as handled: its failure surfaces where countsFor() awaits it, not as an unhandled rejection. */
function handled<T>(promise: Promise<T>): Promise<T> {
  promise.catch(() => {});
  return promise;
}

function serverCounts(record: RequestRecord, request: PreparedRequest): TokenCounts {
  if (record.phase !== 'profiling') return NONE;
  const known = { expectedIsl: record.expectedIsl === undefined ? request.expectedIsl : record.expectedIsl, requestedOsl: request.requestedOsl };
  const usage = record.usage;
  if (record.error !== null || usage === null) return { ...NONE, ...known };
  const reasoningTokens = usage.reasoningTokens;
  return {
    ...known,
    isl: usage.promptTokens,
    islSource: usage.promptTokens === null ? null : 'server',
    outputTokens: Math.max(0, usage.completionTokens - (reasoningTokens ?? 0)),
    reasoningTokens,
    osl: usage.completionTokens,
    oslSource: 'server',
  };
}

/** Successful requests by where a token count came from (unknown: neither). */
export interface SourceCounts {
  server: number;
  tokenizer: number;
  unknown: number;
}

/** How many successful requests took their count from each source (unknown: neither); `overall` names the mix. */
export interface TokenSourceTally {
  readonly server: number;
  readonly tokenizer: number;
  readonly unknown: number;
  readonly overall: 'server' | 'tokenizer' | 'mixed' | 'none';
}

export function tallyTokenSources({ server, tokenizer, unknown }: SourceCounts): TokenSourceTally {
  const overall = server > 0 ? (tokenizer > 0 ? 'mixed' : 'server') : tokenizer > 0 ? 'tokenizer' : 'none';
  return { server, tokenizer, unknown, overall };
}
