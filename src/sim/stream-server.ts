// An OpenAI-compatible fixture server with fixed, known timing and fault injection (for tests and benchmarks).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendError, type Fault } from './faults.js';
import { sendFixedReply, type FixedClock } from './fixed-reply.js';
import { closeServer, createRoutedServer, listen } from './http-server.js';
import { parseBody, readBody, readSimRequest } from './sim-request.js';

export type { Fault } from './faults.js';

export interface StreamServerOptions {
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 0 (any free port). */
  port?: number;
  /** Listed at GET /v1/models; default 'mmload-sim'. */
  model?: string;
  /** From request fully received to first token (default 0). */
  ttftMs?: number;
  /** Between tokens (default 0). */
  itlMs?: number;
  /** Used when the body has no max_tokens / max_completion_tokens (default 16). */
  outputTokens?: number;
  /** Tokens per content chunk (default 1). */
  tokensPerChunk?: number;
  lineEnding?: '\n' | '\r\n';
  /** sequence = 0-based arrival order of chat requests. */
  fault?: (sequence: number, body: unknown) => Fault | null;
}

/** What the server saw of one chat request, and when it wrote each content chunk (epoch ms). */
export interface ServerRequestLog {
  xRequestId: string | null;
  receivedEpochMs: number;
  tokenEpochMs: number[];
  fault: Fault['kind'] | null;
  body: unknown;
}

export interface StreamServer {
  url: string;
  port: number;
  log: ServerRequestLog[];
  /** Chat requests open now, and the most open at once. */
  inFlight(): number;
  maxInFlight(): number;
  /** TCP connections accepted so far (shows keep-alive reuse). */
  connectionCount(): number;
  /** Stops listening and ends open sockets too. */
  close(): Promise<void>;
}

export async function startStreamServer(options: StreamServerOptions = {}): Promise<StreamServer> {
  const model = options.model ?? 'mmload-sim';
  const clock: FixedClock = {
    ttftMs: options.ttftMs ?? 0,
    itlMs: options.itlMs ?? 0,
    tokensPerChunk: Math.max(1, options.tokensPerChunk ?? 1),
    lineEnding: options.lineEnding ?? '\n',
    defaultOutputTokens: options.outputTokens ?? 16,
  };
  const log: ServerRequestLog[] = [];
  let sequence = 0;
  let open = 0;
  let maxOpen = 0;
  let connections = 0;

  function chat(req: IncomingMessage, res: ServerResponse): void {
    const seq = sequence++;
    maxOpen = Math.max(maxOpen, ++open);
    res.on('close', () => open--);
    // A client that leaves before sending all of its body gets no answer.
    readBody(req, 0).then((raw) => answer(req, res, seq, raw), () => undefined);
  }

  function answer(req: IncomingMessage, res: ServerResponse, seq: number, raw: Buffer): void {
    const arrivalMs = performance.now();
    const xRequestId = req.headers['x-request-id'];
    const entry: ServerRequestLog = {
      xRequestId: typeof xRequestId === 'string' ? xRequestId : null,
      receivedEpochMs: performance.timeOrigin + arrivalMs,
      tokenEpochMs: [],
      fault: null,
      body: null,
    };
    log.push(entry);
    const body = parseBody(raw, res);
    if (body === undefined) return;
    entry.body = body;
    const request = readSimRequest(body);
    if (typeof request === 'string') return sendError(res, 400, request);
    const fault = options.fault?.(seq, body) ?? null;
    entry.fault = fault?.kind ?? null;
    if (fault?.kind === 'http') return sendError(res, fault.status, fault.message);
    sendFixedReply(res, clock, { id: `chatcmpl-${seq}`, model, request, arrivalMs, fault, tokenEpochMs: entry.tokenEpochMs });
  }

  const server = createRoutedServer({ chat, models: JSON.stringify({ object: 'list', data: [{ id: model, object: 'model' }] }) });
  server.on('connection', () => connections++);
  const { url, port } = await listen(server, options.port ?? 0, options.host ?? '127.0.0.1');

  return {
    url,
    port,
    log,
    inFlight: () => open,
    maxInFlight: () => maxOpen,
    connectionCount: () => connections,
    close: () => closeServer(server),
  };
}
