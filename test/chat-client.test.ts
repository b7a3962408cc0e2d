// Chat client against real local servers: chunks, usage, stamps, request ids, shared body pieces, warm-up, several servers.
import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { createChatClient, type ChatClient } from '../src/client/chat-client.js';
import type { RequestRecord } from '../src/client/request-record.js';
import { startStreamServer, type StreamServer, type StreamServerOptions } from './fixtures/stream-server.js';
import type { PreparedRequest } from '../src/workload/prepared-request.js';
import { useFixtureServer } from './helpers/shared-setup.js';
import { closedPort } from './helpers/closed-port.js';
import { inMemory } from './helpers/in-memory.js';

const PROMPT = 'Describe the picture in one sentence, please.';

function prepared(index: number, body: object | Buffer[]): PreparedRequest {
  const pieces = Array.isArray(body) ? body : [Buffer.from(JSON.stringify(body))];
  return { index, body: pieces, bodyBytes: pieces.reduce((n, p) => n + p.length, 0), promptTexts: [PROMPT], images: [], imageIds: [], expectedIsl: null, requestedOsl: null, timestampMs: null };
}

function chatBody(maxTokens: number, stream = true): object {
  const base = { model: 'mmload-sim', messages: [{ role: 'user', content: [{ type: 'text', text: PROMPT }] }], max_tokens: maxTokens };
  return stream ? { ...base, stream: true, stream_options: { include_usage: true } } : base;
}

function client(origin: string, connections = 2, keepText = false): ChatClient {
  return createChatClient({ targets: [{ origin, path: '/v1/chat/completions', modelsPath: '/v1/models' }], headers: { authorization: 'Bearer test' }, connections, requestTimeoutMs: 10_000, keepText });
}

async function rawServer(listener: RequestListener): Promise<{ server: Server; url: string }> {
  const server = createServer(listener);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

function expectOrderedStamps(record: RequestRecord): void {
  const stamps = [record.startMs, record.bodySentMs, record.headersMs, ...record.chunkMs, record.endMs];
  expect(stamps.every((s) => typeof s === 'number')).toBe(true);
  for (let i = 1; i < stamps.length; i++) expect(stamps[i] as number).toBeGreaterThanOrEqual(stamps[i - 1] as number);
}

describe('chat client against the fixture stream server', () => {
  const servers: StreamServer[] = [];
  const clients: ChatClient[] = [];
  async function setup(options: StreamServerOptions, connections = 2): Promise<{ sim: StreamServer; chat: ChatClient }> {
    const sim = await startStreamServer(options);
    const chat = client(sim.url, connections);
    servers.push(sim);
    clients.push(chat);
    return { sim, chat };
  }
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.close()));
    await Promise.all(servers.map((s) => s.close()));
  });

  it('records a successful stream: content chunks only, usage, finish reason, ordered stamps, request id', async () => {
    const { sim, chat } = await setup({ ttftMs: 30, itlMs: 5 });
    const record = await chat.send(prepared(3, chatBody(8)), 'profiling');
    expect(record.error).toBeNull();
    expect(record).toMatchObject({ requestIndex: 3, phase: 'profiling', status: 200, finishReason: 'length', contentText: null });
    expect(record.chunkMs).toHaveLength(8); // the role chunk does not count
    expect(record.chunkTokens).toEqual([]);
    expect(record.usage).toEqual({ promptTokens: Math.ceil(PROMPT.length / 4), completionTokens: 8, reasoningTokens: null, cachedTokens: null });
    expectOrderedStamps(record);
    expect(record.chunkMs[0] - record.startMs).toBeGreaterThanOrEqual(25); // ttft 30 ms, timers never fire early
    expect(record.responseBytes).toBeGreaterThan(0);
    expect(sim.log).toHaveLength(1);
    expect(sim.log[0].xRequestId).toBe(record.xRequestId);
    expect(record.xRequestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(sim.log[0].tokenEpochMs).toHaveLength(8);
  });

  it('counts a chunk of several tokens once and keeps usage as the token count', async () => {
    const { chat } = await setup({ tokensPerChunk: 3, lineEnding: '\r\n' });
    const record = await chat.send(prepared(0, chatBody(8)), 'warmup');
    expect(record.error).toBeNull();
    expect(record.phase).toBe('warmup');
    expect(record.chunkMs).toHaveLength(3); // 3 + 3 + 2 tokens
    expect(record.usage?.completionTokens).toBe(8);
  });

  it('keeps the reply text for client-side token counts only when asked, usage or not', async () => {
    const { sim } = await setup({ fault: (i) => (i === 0 ? { kind: 'no-usage' } : null) });
    const keeping = client(sim.url, 1, true);
    clients.push(keeping);
    const withoutUsage = await keeping.send(prepared(0, chatBody(5)), 'profiling');
    expect(withoutUsage.usage).toBeNull();
    expect(withoutUsage.contentText).toBe(' tok'.repeat(5));
    const withUsage = await keeping.send(prepared(0, chatBody(3)), 'profiling');
    expect(withUsage.usage?.completionTokens).toBe(3);
    expect(withUsage.contentText).toBe(' tok'.repeat(3));
    expect(withUsage.reasoningText).toBeNull();
    const plain = client(sim.url, 1);
    clients.push(plain);
    expect((await plain.send(prepared(0, chatBody(3)), 'profiling')).contentText).toBeNull();
  });

  it('reads a non-streaming JSON reply as one chunk with usage', async () => {
    const { chat } = await setup({ ttftMs: 10 });
    const record = await chat.send(prepared(0, chatBody(6, false)), 'profiling');
    expect(record.error).toBeNull();
    expect(record.chunkMs).toHaveLength(1);
    expect(record.chunkMs[0]).toBeLessThanOrEqual(record.endMs);
    expect(record.usage?.completionTokens).toBe(6);
    expect(record.finishReason).toBe('length');
    expectOrderedStamps(record);
  });

  it('warmUp opens one connection per pool slot, and the requests that follow reuse them', async () => {
    // A 100 ms TTFT holds the four requests open together, however late a busy machine sends the last of them.
    const { sim, chat } = await setup({ ttftMs: 100, itlMs: 2 }, 4);
    await chat.warmUp();
    expect(sim.connectionCount()).toBe(4);
    const records = await Promise.all([0, 1, 2, 3].map((i) => chat.send(prepared(i, chatBody(4)), 'profiling')));
    expect(records.every((r) => r.error === null)).toBe(true);
    expect(sim.maxInFlight()).toBe(4);
    expect(sim.connectionCount()).toBe(4);
  });

  it('warmUp rejects with a one-line error when nothing listens', async () => {
    const url = `http://127.0.0.1:${await closedPort()}`;
    const chat = client(url);
    await expect(chat.warmUp()).rejects.toThrow(/^cannot reach http:\/\/127\.0\.0\.1:\d+: .*ECONNREFUSED[^\n]*$/);
    await chat.close();
  });
});

describe('chat client over several servers', () => {
  it('sends round robin in issue order, warm-up counted apart, and warms every pool', async () => {
    const sims = await Promise.all([startStreamServer({ itlMs: 1 }), startStreamServer({ itlMs: 1 })]);
    const target = (sim: StreamServer) => ({ origin: sim.url, path: '/v1/chat/completions', modelsPath: '/v1/models' });
    const chat = createChatClient({ targets: sims.map(target), headers: {}, connections: 3, requestTimeoutMs: 10_000, keepText: false });
    try {
      await chat.warmUp(2);
      expect(sims.map((s) => s.connectionCount())).toEqual([2, 2]);
      // Three warm-up sends (targets 0, 1, 0) leave the profiled phase starting at target 0 all the same.
      const warm = await Promise.all([0, 1, 2].map((i) => chat.send(prepared(i, chatBody(2)), 'warmup')));
      const profiled = await Promise.all([3, 4, 5, 6, 7].map((i) => chat.send(prepared(i, chatBody(2)), 'profiling')));
      const servedBy = (record: RequestRecord) => sims.findIndex((s) => s.log.some((r) => r.xRequestId === record.xRequestId));
      expect(warm.map(servedBy)).toEqual([0, 1, 0]);
      expect(profiled.map(servedBy)).toEqual([0, 1, 0, 1, 0]);
      expect([...warm, ...profiled].every((r) => r.error === null)).toBe(true);
    } finally {
      await chat.close();
      await Promise.all(sims.map((s) => s.close()));
    }
  });

  it('warmUp rejects naming the server that does not answer', async () => {
    const sim = await startStreamServer();
    const url = `http://127.0.0.1:${await closedPort()}`;
    const chat = createChatClient({
      targets: [sim.url, url].map((origin) => ({ origin, path: '/v1/chat/completions', modelsPath: '/v1/models' })),
      headers: {}, connections: 1, requestTimeoutMs: 10_000, keepText: false,
    });
    try {
      await expect(chat.warmUp()).rejects.toThrow(new RegExp(`^cannot reach ${url}: .*ECONNREFUSED`));
      expect(sim.connectionCount()).toBe(1);
    } finally {
      await chat.close();
      await sim.close();
    }
  });
});

describe('chat client against hand-written servers', () => {
  const servers: Server[] = [];
  afterAll(async () => {
    await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  });

  it('sends a body of shared Buffer pieces byte-identical, with its content-length', async () => {
    const received: { bytes: Buffer; length: string | undefined }[] = [];
    const { server, url } = await rawServer((req, res) => {
      const parts: Buffer[] = [];
      req.on('data', (p: Buffer) => parts.push(p));
      req.on('end', () => {
        received.push({ bytes: Buffer.concat(parts), length: req.headers['content-length'] });
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        res.end('data: {"choices":[{"delta":{"content":"ok"}}]}\n\ndata: [DONE]\n\n');
      });
    });
    servers.push(server);
    const image = Buffer.from(`"data:image/png;base64,${'QUJD'.repeat(512 * 1024)}"`); // 2 MiB, shared
    const head = Buffer.from('{"messages":[{"role":"user","content":[{"type":"text","text":"héllo ünïcode"},{"type":"image_url","image_url":{"url":');
    const tails = [Buffer.from('}}]}],"stream":true}'), Buffer.from('}}]}],"stream":true,"n":1}')];
    const requests = tails.map((tail, i) => prepared(i, [head, image, tail]));
    const chat = client(url);
    const records = await Promise.all(requests.map((r) => chat.send(r, 'profiling')));
    await chat.close();
    expect(records.map((r) => r.error)).toEqual([null, null]);
    for (const request of requests) {
      const got = received.find((r) => r.bytes.length === request.bodyBytes);
      expect(got?.bytes.equals(Buffer.concat(inMemory(request.body)))).toBe(true);
      expect(got?.length).toBe(String(request.bodyBytes));
    }
    expect(records.every((r) => r.bodySentMs !== null && r.bodySentMs <= (r.headersMs as number))).toBe(true);
  });

  it('counts reasoning content, reads per-chunk usage steps, and skips empty deltas', async () => {
    const events = [
      '{"choices":[{"delta":{"role":"assistant","content":""}}],"usage":{"prompt_tokens":7,"completion_tokens":0}}',
      '{"choices":[{"delta":{"reasoning_content":"think"}}],"usage":{"prompt_tokens":7,"completion_tokens":1}}',
      '{"choices":[{"delta":{"content":""}}],"usage":{"prompt_tokens":7,"completion_tokens":1}}',
      '{"choices":[{"delta":{"content":" a b"},"finish_reason":"stop"}],"usage":{"prompt_tokens":7,"completion_tokens":3}}',
      '{"choices":[],"usage":{"prompt_tokens":7,"completion_tokens":3}}',
      '[DONE]',
    ];
    const { server, url } = await rawServer((req, res) => {
      req.resume();
      res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8' });
      res.end(events.map((e) => `data: ${e}\n\n`).join(''));
    });
    servers.push(server);
    const chat = client(url);
    const record = await chat.send(prepared(0, chatBody(3)), 'profiling');
    await chat.close();
    expect(record.error).toBeNull();
    expect(record.chunkMs).toHaveLength(2);
    expect(record.chunkTokens).toEqual([1, 2]);
    expect(record.usage).toEqual({ promptTokens: 7, completionTokens: 3, reasoningTokens: null, cachedTokens: null });
    expect(record.finishReason).toBe('stop');
  });
});

describe('send timing', () => {
  const fixture = useFixtureServer({ ttftMs: 20, itlMs: 10 });

  it('server writes tokens on schedule and the client stamps them no earlier than written', async () => {
    const chat = client(fixture.server.url);
    const record = await chat.send(prepared(0, chatBody(5)), 'profiling');
    await chat.close();
    const written = fixture.server.log[0].tokenEpochMs;
    expect(record.chunkMs).toHaveLength(written.length);
    record.chunkMs.forEach((t, i) => expect(performance.timeOrigin + t).toBeGreaterThanOrEqual(written[i] - 1));
    // the server never writes token k before arrival + ttft + k * itl
    written.forEach((t, k) => expect(t).toBeGreaterThanOrEqual(fixture.server.log[0].receivedEpochMs + 20 + 10 * k - 0.01));
  });
});
