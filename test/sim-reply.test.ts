// The simulators' reply writer on a real socket: chunks leave in the call that writes them, stamped just before.
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SimReply } from '../src/sim/sim-reply.js';

interface Seen {
  corked: number[];
  buffered: number[];
  stamps: number[];
  stampedBy: number[];
}

function reply(res: ServerResponse, stamps: number[]): SimReply {
  return new SimReply(res, {
    id: 'chatcmpl-1', model: 'm', stream: true, includeUsage: true, promptTokens: 3, outputTokens: 4, finishReason: 'length',
    tokensPerChunk: 1, lineEnding: '\n', eagerRole: true, fault: null, tokenEpochMs: stamps, onStruck: () => undefined,
  });
}

describe('SimReply', () => {
  let server: Server;
  let url: string;
  const seen: Seen = { corked: [], buffered: [], stamps: [], stampedBy: [] };

  beforeAll(async () => {
    // Hands over token 1 alone, then tokens 2–4 in one call (due together), checking the socket as each call returns.
    server = createServer((_req, res) => {
      const writer = reply(res, seen.stamps);
      for (const generated of [1, 4]) {
        writer.token(generated);
        seen.stampedBy.push(performance.timeOrigin + performance.now());
        seen.corked.push(res.socket?.writableCorked ?? -1);
        seen.buffered.push(res.socket?.writableLength ?? -1);
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('sends what a call writes before it returns (not at the next tick), each chunk stamped just before its write', async () => {
    const res = await request(`${url}/v1/chat/completions`, { method: 'POST', body: '{}' });
    const text = await res.body.text();
    expect(text.match(/"content":" tok"/g)).toHaveLength(4);
    expect(text.endsWith('data: [DONE]\n\n')).toBe(true);
    // Node corks a response's socket until the next tick; the writer uncorks it, so nothing waits in the process.
    expect(seen.corked).toEqual([0, 0]);
    expect(seen.buffered).toEqual([0, 0]);
    expect(seen.stamps).toHaveLength(4);
    expect(seen.stamps[0]).toBeLessThanOrEqual(seen.stampedBy[0]);
    for (const stamp of seen.stamps.slice(1)) {
      expect(stamp).toBeGreaterThanOrEqual(seen.stampedBy[0]);
      expect(stamp).toBeLessThanOrEqual(seen.stampedBy[1]);
    }
  });
});
