// Chat client failures: every ErrorType is recorded with its code and message, and every promise settles once.
import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { createChatClient, type ChatClient } from '../src/client/chat-client.js';
import type { ErrorType, RequestRecord } from '../src/client/request-record.js';
import { startStreamServer, type Fault, type StreamServer, type StreamServerOptions } from './fixtures/stream-server.js';
import type { PreparedRequest } from '../src/workload/prepared-request.js';
import { closedPort } from './helpers/closed-port.js';

/** A streaming request whose body names its index in `user` (so a fault can be chosen per request). */
function request(index = 0): PreparedRequest {
  const body = { model: 'm', messages: [{ role: 'user', content: 'hi' }], max_tokens: 6, stream: true, stream_options: { include_usage: true }, user: String(index) };
  const bytes = Buffer.from(JSON.stringify(body));
  return { index, body: [bytes], bodyBytes: bytes.length, promptTexts: ['hi'], images: [], imageIds: [], expectedIsl: null, requestedOsl: null, timestampMs: null };
}

const servers: StreamServer[] = [];
const rawServers: Server[] = [];
const clients: ChatClient[] = [];
afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await Promise.all(servers.map((s) => s.close()));
  await Promise.all(rawServers.map((s) => new Promise((resolve) => s.close(resolve))));
});

function client(origin: string, requestTimeoutMs = 10_000, connections = 2): ChatClient {
  const chat = createChatClient({ targets: [{ origin, path: '/v1/chat/completions', modelsPath: '/v1/models' }], headers: {}, connections, requestTimeoutMs, keepText: true });
  clients.push(chat);
  return chat;
}

async function sim(options: StreamServerOptions): Promise<StreamServer> {
  const server = await startStreamServer(options);
  servers.push(server);
  return server;
}

async function rawServer(listener: RequestListener): Promise<string> {
  const server = createServer(listener);
  rawServers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** One request against a fixture server injecting `fault` into every request. */
async function faulted(fault: Fault, requestTimeoutMs?: number): Promise<RequestRecord> {
  const server = await sim({ itlMs: 1, fault: () => fault });
  return client(server.url, requestTimeoutMs).send(request(), 'profiling');
}

function expectError(record: RequestRecord, type: ErrorType, code: number | null, message?: RegExp): void {
  expect(record.error?.type).toBe(type);
  expect(record.error?.code).toBe(code);
  if (message) expect(record.error?.message).toMatch(message);
  expect(record.endMs).toBeGreaterThanOrEqual(record.startMs);
}

describe('client errors', () => {
  it('connection_refused when nothing listens', async () => {
    const record = await client(`http://127.0.0.1:${await closedPort()}`).send(request(), 'profiling');
    expectError(record, 'connection_refused', null, /ECONNREFUSED/);
    expect(record.status).toBeNull();
  });

  it('connection_error when the socket closes before any response', async () => {
    const url = await rawServer((req) => req.socket.destroy());
    expectError(await client(url).send(request(), 'profiling'), 'connection_error', null);
  });

  it('timeout when the stream stalls past the deadline, and the request is aborted', async () => {
    const server = await sim({ fault: () => ({ kind: 'stall', ms: 20_000, afterTokens: 1 }) });
    const record = await client(server.url, 300).send(request(), 'profiling');
    expectError(record, 'timeout', null, /300 ms/);
    expect(record.endMs - record.startMs).toBeGreaterThanOrEqual(290);
    expect(record.endMs - record.startMs).toBeLessThan(10_000);
    expect(record.chunkMs).toHaveLength(1);
    await expect.poll(() => server.inFlight()).toBe(0);
  });

  it.each([500, 429])('http_error %i with the server message', async (status) => {
    const record = await faulted({ kind: 'http', status, message: `busy ${status}` });
    expectError(record, 'http_error', status, new RegExp(`^busy ${status}$`));
  });

  it('http_error takes the message from detail, message or the raw text', async () => {
    const bodies = ['{"detail":"Not Found"}', '{"message":"bad key"}', 'upstream\n  exploded'];
    const url = await rawServer((req, res) => {
      req.resume();
      const body = bodies[Number(req.headers['x-case'])];
      res.writeHead(503, { 'content-type': 'text/plain' }).end(body);
    });
    const messages = [];
    for (let i = 0; i < bodies.length; i++) {
      const chat = createChatClient({ targets: [{ origin: url, path: '/v1/chat/completions', modelsPath: '/v1/models' }], headers: { 'x-case': String(i) }, connections: 1, requestTimeoutMs: 5000, keepText: true });
      clients.push(chat);
      messages.push((await chat.send(request(), 'profiling')).error);
    }
    expect(messages).toEqual([
      { code: 503, type: 'http_error', message: 'Not Found' },
      { code: 503, type: 'http_error', message: 'bad key' },
      { code: 503, type: 'http_error', message: 'upstream exploded' },
    ]);
  });

  it('stream_reset when the socket dies mid-stream, even after all content but before [DONE]', async () => {
    const early = await faulted({ kind: 'reset', afterTokens: 2 });
    expectError(early, 'stream_reset', null);
    expect(early.status).toBe(200);
    expect(early.chunkMs).toHaveLength(2);
    expectError(await faulted({ kind: 'reset', afterTokens: 6 }), 'stream_reset', null);
  });

  it('malformed_sse for an event that is not JSON, and for a body that is not SSE', async () => {
    expectError(await faulted({ kind: 'malformed', afterTokens: 1 }), 'malformed_sse', null, /not json/);
    const url = await rawServer((req, res) => {
      req.resume();
      res.writeHead(200, { 'content-type': 'text/plain' }).end('hello');
    });
    expectError(await client(url).send(request(), 'profiling'), 'malformed_sse', null, /not an SSE stream/);
  });

  it('error_event for a mid-stream error, with its message and numeric code', async () => {
    expectError(await faulted({ kind: 'error-event', afterTokens: 2, message: 'engine died' }), 'error_event', 500, /^engine died$/);
  });

  describe('error_event for an error the stream sends as SSE, with the server\'s message and code, whatever follows', () => {
    const content = (text: string) => `data: {"choices":[{"delta":{"content":"${text}"},"finish_reason":null}]}\n\n`;
    /** Enough identical content events for the client to read them by its template before the error comes. */
    const hello = Array.from({ length: 6 }, (_, i) => content(`Hello ${i}`)).join('');
    const streams: [string, string, number | null, RegExp][] = [
      ['an error: line after content (llama.cpp)', `${hello}error: {"code":500,"message":"slot unavailable","type":"server_error"}\n\ndata: [DONE]\n\n`, 500, /^slot unavailable$/],
      ['an error: line before any content', 'error: {"code":500,"message":"context too long"}\n\ndata: [DONE]\n\n', 500, /^context too long$/],
      ['an error: line of plain text', `${hello}error: backend gone\n\n${content('more')}data: [DONE]\n\n`, null, /^backend gone$/],
      ['an event: error whose data is {"error": {...}}', `${hello}event: error\ndata: {"error":{"message":"overloaded","code":503}}\n\ndata: [DONE]\n\n`, 503, /^overloaded$/],
      ['an event: error without data', `${hello}event: error\n\ndata: [DONE]\n\n`, null, /without a message/],
      ['a data: object with an error key', `${hello}data: {"error":{"message":"out of memory","code":507}}\n\ndata: [DONE]\n\n`, 507, /^out of memory$/],
      ['a data: object that is vLLM\'s error response ("object": "error")',
        `${hello}data: {"object":"error","message":"out of KV cache","type":"InternalServerError","param":null,"code":500}\n\ndata: [DONE]\n\n`, 500, /^out of KV cache$/],
    ];
    it.each(streams)('%s', async (_name, stream, code, message) => {
      const url = await rawServer((req, res) => {
        req.resume();
        res.writeHead(200, { 'content-type': 'text/event-stream' }).end(stream);
      });
      expectError(await client(url).send(request(), 'profiling'), 'error_event', code, message);
    });

    it('an event named otherwise is read as data', async () => {
      const url = await rawServer((req, res) => {
        req.resume();
        res.writeHead(200, { 'content-type': 'text/event-stream' }).end(`event: message\n${content('x')}data: [DONE]\n\n`);
      });
      const record = await client(url).send(request(), 'profiling');
      expect(record.error).toBeNull();
      expect(record.contentText).toBe('x');
    });
  });

  it('masks the run\'s secrets in every error message, where the server quoted them', async () => {
    const secret = 'sk-echoed-9f3a7c1d';
    const url = await rawServer((req, res) => {
      req.resume();
      const quoted = `${req.headers.authorization}, also sig=${encodeURIComponent(secret)} and https://u:p@host/x?token=abc&n=1`;
      if (req.headers['x-case'] === 'http') res.writeHead(401, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: `bad key ${quoted}` } }));
      else if (req.headers['x-case'] === 'stream') res.writeHead(200, { 'content-type': 'text/event-stream' }).end(`error: ${JSON.stringify({ message: `bad key ${quoted}` })}\n\n`);
      // A long page that quotes the key where a message is cut: masked before the cut, no start of it is left.
      else res.writeHead(403, { 'content-type': 'text/html' }).end(`<p>${'x'.repeat(290)} ${req.headers.authorization}</p>`);
    });
    const errors = [];
    for (const kind of ['http', 'stream', 'long']) {
      const chat = createChatClient({ targets: [{ origin: url, path: '/v1/chat/completions', modelsPath: '/v1/models' }],
        headers: { Authorization: `Bearer ${secret}`, 'x-case': kind }, connections: 1, requestTimeoutMs: 5000, keepText: true, secrets: [`Bearer ${secret}`, secret] });
      clients.push(chat);
      errors.push((await chat.send(request(), 'profiling')).error?.message);
    }
    expect(errors.slice(0, 2)).toEqual(Array(2).fill('bad key <redacted>, also sig=<redacted> and https://<redacted>@host/x?token=<redacted>&n=1'));
    expect(errors[2]).toMatch(/^<p>x{290} <reda…$/);
  });

  it('empty_response for a stream with a role chunk and [DONE] only', async () => {
    const url = await rawServer((req, res) => {
      req.resume();
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.end('data: {"choices":[{"delta":{"role":"assistant","content":""}}]}\n\ndata: [DONE]\n\n');
    });
    expectError(await client(url).send(request(), 'profiling'), 'empty_response', null);
  });

  it('a clean end with content but neither [DONE] nor a finish_reason is a cut-short stream, not a success', async () => {
    const url = await rawServer((req, res) => {
      req.resume();
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.end('data: {"choices":[{"delta":{"content":"x"}}]}\n\n');
    });
    expectError(await client(url).send(request(), 'profiling'), 'stream_reset', null);
  });

  it('a clean end after a finish_reason, without [DONE], is a success', async () => {
    const url = await rawServer((req, res) => {
      req.resume();
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.end('data: {"choices":[{"delta":{"content":"x"},"finish_reason":"stop"}]}\n\n');
    });
    const record = await client(url).send(request(), 'profiling');
    expect(record.error).toBeNull();
    expect(record.contentText).toBe('x');
  });

  it('cancelled for every in-flight request on cancelAll', async () => {
    const server = await sim({ fault: () => ({ kind: 'stall', ms: 20_000, afterTokens: 1 }) });
    const chat = client(server.url);
    const pending = [chat.send(request(0), 'profiling'), chat.send(request(1), 'profiling'), chat.send(request(2), 'profiling')];
    await expect.poll(() => server.inFlight()).toBe(2); // the third waits in the pool queue
    chat.cancelAll();
    const records = await Promise.all(pending);
    for (const record of records) expectError(record, 'cancelled', null);
    await expect.poll(() => server.inFlight()).toBe(0);
    expect(server.log).toHaveLength(2); // the queued request was never sent
  });
});

describe('mixed faults', () => {
  it('settles each of 20 faulted requests once with the right type, and the pool still serves', async () => {
    const kinds: (Fault | null)[] = [
      null,
      { kind: 'http', status: 500, message: 'boom' },
      { kind: 'reset', afterTokens: 1 },
      { kind: 'stall', ms: 30, afterTokens: 2 },
      { kind: 'malformed', afterTokens: 0 },
      { kind: 'error-event', afterTokens: 3, message: 'oops' },
      { kind: 'no-usage' },
      { kind: 'stall', ms: 20_000, afterTokens: 1 },
    ];
    const expected: Record<string, ErrorType | null> = {
      none: null, http: 'http_error', reset: 'stream_reset', stall: null, malformed: 'malformed_sse',
      'error-event': 'error_event', 'no-usage': null, long: 'timeout',
    };
    const indexOf = (body: unknown): number => Number((body as { user: string }).user);
    const server = await sim({ itlMs: 2, fault: (_seq, body) => (indexOf(body) < 20 ? kinds[indexOf(body) % kinds.length] : null) });
    const chat = client(server.url, 1500, 4);
    const snapshots = new Map<string, string>();
    const records = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        chat.send(request(i), 'profiling').then((record) => {
          expect(snapshots.has(record.xRequestId)).toBe(false);
          snapshots.set(record.xRequestId, JSON.stringify(record));
          return record;
        }),
      ),
    );
    for (const record of records) {
      const fault = kinds[record.requestIndex % kinds.length];
      const key = fault === null ? 'none' : fault.kind === 'stall' && fault.ms > 1000 ? 'long' : fault.kind;
      expect(record.error?.type ?? null, `${key}: ${record.error?.message}`).toBe(expected[key]);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
    for (const record of records) expect(JSON.stringify(record)).toBe(snapshots.get(record.xRequestId)); // nothing changed after settling
    const good = await chat.send(request(99), 'profiling');
    expect(good.error).toBeNull();
    expect(good.usage?.completionTokens).toBe(6);
    await expect.poll(() => server.inFlight()).toBe(0);
  });
});
