// Bodies for worker threads: each distinct piece once in shared memory, the requests pointing at it, bytes unchanged.
import { describe, expect, it } from 'vitest';
import { requestsFromShared, shareBodies } from '../src/client/workers/shared-bodies.js';
import type { PreparedRequest } from '../src/workload/prepared-request.js';
import { inMemory } from './helpers/in-memory.js';

function request(index: number, body: Buffer[], images: Buffer[], imageIds: number[]): PreparedRequest {
  return { index, body, bodyBytes: body.reduce((n, b) => n + b.length, 0), promptTexts: [], images, imageIds, expectedIsl: null, requestedOsl: null, timestampMs: null };
}

describe('shareBodies', () => {
  it('copies each distinct piece once and makes every request view it, identity kept', () => {
    const image = Buffer.from('"data:image/jpeg;base64,AAAA"');
    const other = Buffer.from('"data:image/jpeg;base64,BBBB"');
    const head = Buffer.from('{"messages":[');
    const tail = Buffer.from(']}');
    const a = request(0, [head, image, Buffer.from(','), other, tail], [image, other], [0, 1]);
    const b = request(1, [head, image, tail], [image], [0]);
    const before = [a, b].map((r) => Buffer.concat(inMemory(r.body)).toString());

    const { bodies, slotOf } = shareBodies([a, b, a]);
    expect(slotOf.get(a)).toBe(0);
    expect(slotOf.get(b)).toBe(1);
    const distinct = head.length + image.length + 1 + other.length + tail.length;
    expect(bodies.memory.byteLength).toBe(distinct);
    // The requests now hold views of the shared memory, the same view wherever the same piece was.
    for (const piece of inMemory([...a.body, ...b.body])) expect(piece.buffer).toBe(bodies.memory);
    expect(a.body[1]).toBe(b.body[1]);
    expect(a.images[0]).toBe(a.body[1]);
    expect([a, b].map((r) => Buffer.concat(inMemory(r.body)).toString())).toEqual(before);

    // What a worker rebuilds sends the same bytes, and names the same images (its records' image_ids).
    const rebuilt = requestsFromShared(structuredClone(bodies));
    expect(rebuilt.map((r) => [r.index, r.bodyBytes, Buffer.concat(inMemory(r.body)).toString(), r.imageIds])).toEqual([
      [0, a.bodyBytes, before[0], [0, 1]],
      [1, b.bodyBytes, before[1], [0]],
    ]);
  });
});
