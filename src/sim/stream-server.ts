// An OpenAI-compatible fixture server with fixed, known timing and fault injection (for tests and benchmarks).
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readChatRequest } from './chat-request.js';
import { writeReply, writeStream } from './chat-reply.js';
import { sendError, type Fault } from './faults.js';

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
  const log: ServerRequestLog[] = [];
  let sequence = 0;
  let open = 0;
  let maxOpen = 0;
  let connections = 0;

  function chat(req: IncomingMessage, res: ServerResponse): void {
    const seq = sequence++;
    maxOpen = Math.max(maxOpen, ++open);
    res.on('close', () => open--);
    const parts: Buffer[] = [];
    req.on('data', (part: Buffer) => parts.push(part));
    req.on('end', () => {
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
      try {
        entry.body = JSON.parse(Buffer.concat(parts).toString('utf8'));
      } catch {
        sendError(res, 400, 'request body is not valid JSON');
        return;
      }
      const request = readChatRequest(entry.body, options.outputTokens ?? 16);
      if (typeof request === 'string') return sendError(res, 400, request);
      const fault = options.fault?.(seq, entry.body) ?? null;
      entry.fault = fault?.kind ?? null;
      if (fault?.kind === 'http') return sendError(res, fault.status, fault.message);
      const plan = {
        id: `chatcmpl-${seq}`, model, request, arrivalMs, fault, tokenEpochMs: entry.tokenEpochMs,
        ttftMs: options.ttftMs ?? 0, itlMs: options.itlMs ?? 0,
        tokensPerChunk: Math.max(1, options.tokensPerChunk ?? 1), lineEnding: options.lineEnding ?? '\n',
      };
      if (request.stream) writeStream(res, plan);
      else writeReply(res, plan);
    });
  }

  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method === 'POST' && path === '/v1/chat/completions') return chat(req, res);
    req.resume();
    if (req.method === 'GET' && path === '/v1/models') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ object: 'list', data: [{ id: model, object: 'model' }] }));
    } else if (req.method === 'GET' && path === '/health') {
      res.writeHead(200).end();
    } else {
      sendError(res, 404, `no route for ${req.method} ${path}`);
    }
  });
  server.keepAliveTimeout = 60_000;
  server.on('connection', () => connections++);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const { address, port } = server.address() as AddressInfo;
  const host = address.includes(':') ? `[${address}]` : address;

  return {
    url: `http://${host}:${port}`,
    port,
    log,
    inFlight: () => open,
    maxInFlight: () => maxOpen,
    connectionCount: () => connections,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
