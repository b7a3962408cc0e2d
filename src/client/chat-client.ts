// The chat client: one undici pool that sends prepared requests and turns every outcome into a RequestRecord.
import { randomUUID } from 'node:crypto';
import { Pool, type Dispatcher } from 'undici';
import type { PreparedRequest } from '../workload/prepared-request.js';
import type { RequestRecord } from './request-record.js';
import { createRecord } from './new-record.js';
import { StreamHandler } from './stream-handler.js';
import { warmUpHandler } from './handler-warmup.js';
import { oneLine } from './request-errors.js';

export interface ChatClientOptions {
  /** e.g. 'http://127.0.0.1:8000' */
  origin: string;
  /** e.g. '/v1/chat/completions' */
  path: string;
  /** The models listing, GET by warmUp to open connections, e.g. '/v1/models'. */
  modelsPath: string;
  /** User headers incl. Authorization; the client adds content-type, content-length and x-request-id. */
  headers: Record<string, string>;
  /** Pool size, normally the concurrency. */
  connections: number;
  /** Whole-request deadline from send start; 0 for none. */
  requestTimeoutMs: number;
  /** Keep each reply's text for client-side token counts (false when counts come only from the server's usage). */
  keepText: boolean;
}

export interface ChatClient {
  /** Never rejects: every outcome is a RequestRecord (error set on failure). `intendedMs`: see RequestRecord. */
  send(request: PreparedRequest, phase: 'warmup' | 'profiling', intendedMs?: number | null): Promise<RequestRecord>;
  /** Opens `count` (default: all) keep-alive connections and warms the per-chunk code; rejects when the server is unreachable. */
  warmUp(count?: number): Promise<void>;
  /** Ends every in-flight request now; their records get error type 'cancelled' with this reason. */
  cancelAll(reason?: string): void;
  /** Cancels what is still in flight and closes the connections. */
  close(): Promise<void>;
}

/**
 * undici sends an iterable body piece by piece under the content-length we set, so pieces shared by
 * many requests (images) are written from the shared Buffers without building one per send. Its
 * typings list no iterable body, hence this type and the one cast below.
 */
type PiecesDispatchOptions = Omit<Dispatcher.DispatchOptions, 'body'> & { body: Buffer | readonly Buffer[] | null };

export function createChatClient(options: ChatClientOptions): ChatClient {
  const { origin, path, modelsPath, connections, requestTimeoutMs, keepText } = options;
  const pool = new Pool(origin, { connections, pipelining: 1, headersTimeout: 0, bodyTimeout: 0 });
  const { getHeaders, postHeaders } = splitHeaders(options.headers);
  const inFlight = new Set<StreamHandler>();

  function send(request: PreparedRequest, phase: 'warmup' | 'profiling', intendedMs: number | null = null): Promise<RequestRecord> {
    const xRequestId = randomUUID();
    const headers = postHeaders.concat('content-length', String(request.bodyBytes), 'x-request-id', xRequestId);
    const pieces = request.body;
    const dispatchOptions: PiecesDispatchOptions = {
      path,
      method: 'POST',
      headers,
      body: pieces.length === 1 ? pieces[0] : pieces.length === 0 ? null : pieces,
    };
    return new Promise<RequestRecord>((resolve) => {
      const record = createRecord(request.index, phase, xRequestId, request.bodyBytes, intendedMs);
      const handler = new StreamHandler(record, requestTimeoutMs, keepText, inFlight, resolve);
      pool.dispatch(dispatchOptions as Dispatcher.DispatchOptions, handler);
    });
  }

  async function warmUp(count = connections): Promise<void> {
    warmUpHandler();
    const gets = Array.from({ length: Math.min(count, connections) }, async () => {
      const { body } = await pool.request({ path: modelsPath, method: 'GET', headers: getHeaders });
      await body.dump();
    });
    const failed = (await Promise.allSettled(gets)).find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed !== undefined) {
      const reason: unknown = failed.reason;
      throw new Error(`cannot reach ${origin}: ${oneLine(reason instanceof Error ? reason.message : String(reason))}`);
    }
  }

  function cancelAll(reason = 'the run was interrupted while the request was in flight'): void {
    for (const handler of inFlight) handler.cancel(reason);
  }

  async function close(): Promise<void> {
    cancelAll();
    await pool.close();
  }

  return { send, warmUp, cancelAll, close };
}

/** User headers as flat [name, value, ...] lists; a user content-type replaces the default one. */
function splitHeaders(user: Record<string, string>): { getHeaders: string[]; postHeaders: string[] } {
  const getHeaders: string[] = [];
  let contentType = 'application/json';
  for (const [name, value] of Object.entries(user)) {
    const lower = name.toLowerCase();
    if (lower === 'content-type') contentType = value;
    else if (lower !== 'content-length' && lower !== 'x-request-id') getHeaders.push(name, value);
  }
  return { getHeaders, postHeaders: [...getHeaders, 'content-type', contentType] };
}
