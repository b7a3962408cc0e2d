// The body spool: pieces written to a file that leaves nothing behind, read back byte for byte, and sent from it by the chat client.
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createChatClient } from '../src/client/chat-client.js';
import { createBodySpool, isSpooled, piecesInMemory, readSpooled } from '../src/workload/body-spool.js';
import type { BodyPiece, PreparedRequest } from '../src/workload/prepared-request.js';
import { useScratch } from './helpers/shared-setup.js';

const scratch = useScratch('mmload-spool-', { outputTokens: 3 });

/** A body whose image URL is `url`: the JSON around it in memory. */
function request(url: BodyPiece): PreparedRequest {
  const body = [Buffer.from('{"model":"m","messages":[{"role":"user","content":[{"type":"image_url","image_url":{"url":"'), url, Buffer.from('"}}]}]}')];
  return { index: 0, body, bodyBytes: body.reduce((n, p) => n + p.length, 0), promptTexts: [], images: [url], imageIds: [0], expectedIsl: null, requestedOsl: null, timestampMs: null };
}

describe('a body spool', () => {
  it('gives each of many overlapping additions its own place, reads them back exactly, and leaves no file in its folder', async () => {
    const spool = await createBodySpool(scratch.work);
    const blobs = Array.from({ length: 20 }, (_, i) => Buffer.alloc(1000 + i * 7919, i + 1));
    const pieces = await Promise.all(blobs.map((blob) => spool.add(blob)));
    expect(pieces.map((p) => p.length)).toEqual(blobs.map((b) => b.length));
    expect(new Set(pieces.map((p) => p.offset)).size).toBe(20);
    expect(pieces.every(isSpooled)).toBe(true);
    for (const [i, piece] of pieces.entries()) expect((await readSpooled(piece)).equals(blobs[i]!)).toBe(true);
    const mixed = await piecesInMemory([Buffer.from('a'), pieces[3]!, Buffer.from('b')]);
    expect(Buffer.concat(mixed).equals(Buffer.concat([Buffer.from('a'), blobs[3]!, Buffer.from('b')]))).toBe(true);
    // Unlinked at once: only its descriptor holds it, so even a killed run leaves nothing behind.
    expect(readdirSync(scratch.work)).toEqual([]);
    await spool.remove();
    await spool.remove();
    await expect(readSpooled(pieces[0]!)).rejects.toThrow(/^cannot read a body piece from its spool file: EBADF/);
  });

  it('is sent from by the chat client as the exact bytes, and a piece that cannot be read fails its request as a client error', async () => {
    const spool = await createBodySpool(scratch.work);
    const url = `data:image/JPEG;base64,${Buffer.alloc(300_000, 7).toString('base64')}`;
    const piece = await spool.add(Buffer.from(url));
    const chat = createChatClient({ targets: [{ origin: scratch.server.url, path: '/v1/chat/completions', modelsPath: '/v1/models' }], headers: {}, connections: 1, requestTimeoutMs: 10_000, keepText: false });
    try {
      const sent = await chat.send(request(piece), 'profiling');
      expect(sent.error).toBeNull();
      expect(sent.bodyBytes).toBe(request(piece).bodyBytes);
      const body = scratch.server.log.at(-1)!.body as { messages: [{ content: [{ image_url: { url: string } }] }] };
      expect(body.messages[0].content[0].image_url.url).toBe(url);

      await spool.remove();
      const before = scratch.server.log.length;
      const failed = await chat.send(request(piece), 'profiling');
      expect(failed.error).toMatchObject({ type: 'client_error', message: expect.stringMatching(/^cannot read a body piece from its spool file/) });
      expect(scratch.server.log).toHaveLength(before);
    } finally {
      await chat.close();
    }
  });
});
