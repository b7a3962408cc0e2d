// Output and input token counts per record, after the run: the server's usage first, else the tokenizer.
import type { RequestRecord } from '../client/request-record.js';
import { loadTokenizer } from '../tokenizer/load-tokenizer.js';
import type { TokenCounter } from '../tokenizer/token-counter.js';
import type { PreparedRequest } from '../workload/prepared-request.js';
import type { RequestTokenCounts } from './request-metrics.js';
import type { SourceCounts } from './run-totals.js';

export type TokenSource = 'server' | 'tokenizer';

export interface TokenCounts extends RequestTokenCounts {
  readonly oslSource: TokenSource | null;
  readonly islSource: TokenSource | null;
}

export interface TokenCountOptions {
  /** Trust only the server's usage: never load the tokenizer; counts stay null without usage. */
  readonly useServerTokenCount: boolean;
  /** A tokenizer.json; the built-in Qwen3 tokenizer otherwise. */
  readonly tokenizerPath?: string;
}

const UNKNOWN: TokenCounts = { osl: null, isl: null, oslSource: null, islSource: null };

/**
 * One entry per record, in the same order. OSL comes from usage.completionTokens, else the tokenizer's count of
 * the streamed text; ISL from usage.promptTokens, else the tokenizer's count of the prompt's text parts only
 * (image tokens and the chat template are not counted, so a client-side ISL undercounts vision requests).
 * Failed requests get no OSL; their ISL feeds error_isl. Warm-up records get nothing. The tokenizer is loaded
 * only when a successful profiling record lacks usage.
 */
export async function resolveTokenCounts(
  records: readonly RequestRecord[],
  requestsByIndex: (index: number) => PreparedRequest,
  options: TokenCountOptions,
): Promise<TokenCounts[]> {
  const needsTokenizer =
    !options.useServerTokenCount && records.some((r) => r.phase === 'profiling' && r.error === null && r.usage === null);
  const tokenizer = needsTokenizer ? await loadTokenizer(options.tokenizerPath) : null;
  const promptCounter = tokenizer ? cachedPromptCounter(tokenizer, requestsByIndex) : null;

  return records.map((record): TokenCounts => {
    if (record.phase !== 'profiling') return UNKNOWN;
    const ok = record.error === null;
    const expectedIsl = requestsByIndex(record.requestIndex).expectedIsl;
    if (record.usage) {
      const osl = ok ? record.usage.completionTokens : null;
      return { osl, isl: record.usage.promptTokens, expectedIsl, oslSource: ok ? 'server' : null, islSource: 'server' };
    }
    if (!tokenizer || !promptCounter) return { ...UNKNOWN, expectedIsl };
    const osl = ok && record.outputText !== null ? tokenizer.count(record.outputText) : null;
    return {
      osl,
      isl: promptCounter(record.requestIndex),
      expectedIsl,
      oslSource: osl === null ? null : 'tokenizer',
      islSource: 'tokenizer',
    };
  });
}

/** Counts a request's prompt once per request and each distinct text once (the shared system prompt above all). */
function cachedPromptCounter(
  tokenizer: TokenCounter,
  requestsByIndex: (index: number) => PreparedRequest,
): (requestIndex: number) => number {
  const byRequest = new Map<number, number>();
  const byText = new Map<string, number>();
  return (requestIndex) => {
    let total = byRequest.get(requestIndex);
    if (total === undefined) {
      total = 0;
      for (const text of requestsByIndex(requestIndex).promptTexts) {
        let n = byText.get(text);
        if (n === undefined) byText.set(text, (n = tokenizer.count(text)));
        total += n;
      }
      byRequest.set(requestIndex, total);
    }
    return total;
  };
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
