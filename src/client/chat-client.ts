// The chat client: one undici pool per server that sends prepared requests and turns every outcome into a RequestRecord.
import { randomUUID } from 'node:crypto';
import { Pool, type Dispatcher } from 'undici';
import { isSpooled, piecesAsWritten } from '../workload/body-spool.js';
import type { BodyPiece, PreparedRequest } from '../workload/prepared-request.js';
import type { RequestRecord } from './request-record.js';
import { createRecord } from './new-record.js';
import { StreamHandler } from './stream-handler.js';
import { warmUpHandler } from './handler-warmup.js';
import { oneLine } from './request-errors.js';
import { targetRoundRobin } from './target-round-robin.js';
import { redactor, type Redact } from '../secrets/redactor.js';

/** One server the client sends to (one --url). */
export interface ChatTarget {
  /** e.g. 'http://127.0.0.1:8000' */
  readonly origin: string;
  /** e.g. '/v1/chat/completions' */
  readonly path: string;
  /** The models listing, GET by warmUp to open connections, e.g. '/v1/models'. */
  readonly modelsPath: string;
}

export interface ChatClientOptions {
  /** At least one; sends go round robin over them in issue order (see target-round-robin.ts). */
  targets: readonly ChatTarget[];
  /** User headers incl. Authorization; the client adds content-type, content-length and x-request-id. */
  headers: Record<string, string>;
  /** Pool size per target, normally the concurrency. */
  connections: number;
  /** Whole-request deadline from send start; 0 for none. */
  requestTimeoutMs: number;
  /** Keep each reply's text for client-side token counts (false when counts come only from the server's usage). */
  keepText: boolean;
  /** The run's secret values (see secret-values.ts): masked in every error message, a server's own included. */
  secrets?: readonly string[];
  /** The header that carries a conversation's session id with each of its turns; default x-correlation-id. */
  sessionHeader?: string;
}

export interface ChatClient {
  /** Never rejects: every outcome is a RequestRecord (error set on failure). `intendedMs`: see RequestRecord. */
  send(request: PreparedRequest, phase: 'warmup' | 'profiling', intendedMs?: number | null): Promise<RequestRecord>;
  /**
   * Opens `count` (default: all) keep-alive connections to every target and warms the per-chunk code; rejects naming
   * the first target (in --url order) that is unreachable.
   */
  warmUp(count?: number): Promise<void>;
  /** Ends every in-flight request now; their records get error type 'cancelled' with this reason. */
  cancelAll(reason?: string): void;
  /** Cancels what is still in flight and closes the connections. */
  close(): Promise<void>;
}

/** A chat client whose caller names each request's target (a worker thread, told by the main thread's round robin). */
export interface TargetedChatClient extends Omit<ChatClient, 'send'> {
  /** As ChatClient.send, to `options.targets[target]`. */
  sendTo(target: number, request: PreparedRequest, phase: 'warmup' | 'profiling', intendedMs: number | null): Promise<RequestRecord>;
}

/**
 * undici sends an iterable body piece by piece under the content-length we set, so pieces shared by
 * many requests (images) are written from the shared Buffers without building one per send. Its
 * typings list no iterable body, hence this type and the one cast below.
 */
type PiecesDispatchOptions = Omit<Dispatcher.DispatchOptions, 'body'> & { body: Buffer | readonly Buffer[] | AsyncIterable<Buffer> | null };

/** A client that spreads its sends over the targets round robin, in the order they are issued. */
export function createChatClient(options: ChatClientOptions): ChatClient {
  const { sendTo, warmUp, cancelAll, close } = createTargetedClient(options);
  const nextTarget = targetRoundRobin(options.targets.length);
  return {
    send: (request, phase, intendedMs = null) => sendTo(nextTarget(phase), request, phase, intendedMs),
    warmUp,
    cancelAll,
    close,
  };
}

/** One undici pool of `connections` per target; the caller picks each send's target. */
export function createTargetedClient(options: ChatClientOptions): TargetedChatClient {
  const { targets, connections, requestTimeoutMs, keepText } = options;
  if (targets.length === 0) throw new Error('a chat client needs at least one target');
  const pools = targets.map(({ origin }) => new Pool(origin, { connections, pipelining: 1, headersTimeout: 0, bodyTimeout: 0 }));
  const { getHeaders, postHeaders } = splitHeaders(options.headers);
  const inFlight = new Set<StreamHandler>();
  const redact = redactor(options.secrets ?? []);
  const sessionHeader = options.sessionHeader ?? 'x-correlation-id';

  function sendTo(target: number, request: PreparedRequest, phase: 'warmup' | 'profiling', intendedMs: number | null): Promise<RequestRecord> {
    const xRequestId = randomUUID();
    const headers = postHeaders.concat('content-length', String(request.bodyBytes), 'x-request-id', xRequestId);
    if (request.session !== undefined) headers.push(sessionHeader, request.session.correlationId);
    const dispatchOptions: PiecesDispatchOptions = { path: targets[target]!.path, method: 'POST', headers, body: dispatchBody(request.body) };
    return new Promise<RequestRecord>((resolve) => {
      const turn = request.session === undefined ? undefined : { session: request.session, promptTexts: request.promptTexts, expectedIsl: request.expectedIsl };
      const record = createRecord(request.index, phase, xRequestId, request.bodyBytes, intendedMs, turn, request.imageIds);
      const handler = new StreamHandler(record, requestTimeoutMs, keepText, inFlight, resolve, redact);
      pools[target]!.dispatch(dispatchOptions as Dispatcher.DispatchOptions, handler);
    });
  }

  async function warmUp(count = connections): Promise<void> {
    warmUpHandler();
    const opened = await Promise.all(pools.map((pool, target) => openConnections(pool, targets[target]!, Math.min(count, connections), getHeaders, redact)));
    const failure = opened.find((message) => message !== null);
    if (failure) throw new Error(failure);
  }

  function cancelAll(reason = 'the run was interrupted while the request was in flight'): void {
    for (const handler of inFlight) handler.cancel(reason);
  }

  async function close(): Promise<void> {
    cancelAll();
    await Promise.all(pools.map((pool) => pool.close()));
  }

  return { sendTo, warmUp, cancelAll, close };
}

/**
 * The body as undici takes it: one Buffer, the list of pieces, or, when a piece is spooled, the pieces as they are
 * written, so each spooled one is read only when undici comes to write it and a request waiting for a connection holds none.
 */
function dispatchBody(pieces: readonly BodyPiece[]): PiecesDispatchOptions['body'] {
  if (pieces.some(isSpooled)) return piecesAsWritten(pieces);
  return pieces.length === 0 ? null : pieces.length === 1 ? (pieces[0] as Buffer) : (pieces as readonly Buffer[]);
}

/** GETs the models listing over `count` connections at once; resolves with a one-line failure naming the target, or null. */
async function openConnections(pool: Pool, target: ChatTarget, count: number, headers: string[], redact: Redact): Promise<string | null> {
  const gets = Array.from({ length: count }, async () => {
    const { body } = await pool.request({ path: target.modelsPath, method: 'GET', headers });
    await body.dump();
  });
  const failed = (await Promise.allSettled(gets)).find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed === undefined) return null;
  const reason: unknown = failed.reason;
  return oneLine(redact(`cannot reach ${target.origin}: ${reason instanceof Error ? reason.message : String(reason)}`));
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
