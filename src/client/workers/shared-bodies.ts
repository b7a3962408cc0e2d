// Request bodies for worker threads: every distinct piece copied once into shared memory, each body a list of slices.
import type { PreparedRequest } from '../../workload/prepared-request.js';

/** Survives postMessage without copying the bytes: workers view the same memory. */
export interface SharedBodies {
  readonly memory: SharedArrayBuffer;
  /** Per slot: the request's index and bodyBytes, then [offset, length] of each piece in memory. */
  readonly slots: readonly (readonly number[])[];
}

/**
 * Moves the requests' bodies into shared memory; `slotOf` gives each request's slot. A piece shared by many requests
 * (an image, the system prompt) is one Buffer, so it is copied once, and every body that uses it points at the same
 * bytes. The requests' own `body` and `images` then hold views of that memory in place of their Buffers (same
 * identity for the same piece), so the bytes are held once in the process, not once per copy.
 */
export function shareBodies(requests: Iterable<PreparedRequest>): { bodies: SharedBodies; slotOf: Map<PreparedRequest, number> } {
  const offsets = new Map<Buffer, number>();
  let size = 0;
  const slotOf = new Map<PreparedRequest, number>();
  for (const request of requests) {
    if (slotOf.has(request)) continue;
    slotOf.set(request, slotOf.size);
    for (const piece of request.body) {
      if (!offsets.has(piece)) {
        offsets.set(piece, size);
        size += piece.length;
      }
    }
  }
  const slots: number[][] = [];
  for (const request of slotOf.keys()) {
    const slot = [request.index, request.bodyBytes];
    for (const piece of request.body) slot.push(offsets.get(piece)!, piece.length);
    slots.push(slot);
  }
  const memory = new SharedArrayBuffer(size);
  const bytes = new Uint8Array(memory);
  const moved = new Map<Buffer, Buffer>();
  for (const [piece, offset] of offsets) {
    bytes.set(piece, offset);
    moved.set(piece, Buffer.from(memory, offset, piece.length));
  }
  for (const request of slotOf.keys()) {
    replaceAll(request.body as Buffer[], moved);
    replaceAll(request.images as Buffer[], moved);
  }
  return { bodies: { memory, slots }, slotOf };
}

function replaceAll(pieces: Buffer[], moved: ReadonlyMap<Buffer, Buffer>): void {
  for (let k = 0; k < pieces.length; k++) pieces[k] = moved.get(pieces[k]!) ?? pieces[k]!;
}

/** The requests as a worker sends them: bodies are views of the shared memory, never copies. */
export function requestsFromShared({ memory, slots }: SharedBodies): PreparedRequest[] {
  return slots.map(([index, bodyBytes, ...pieces]) => {
    const body: Buffer[] = [];
    for (let k = 0; k < pieces.length; k += 2) body.push(Buffer.from(memory, pieces[k], pieces[k + 1]));
    return { index: index!, body, bodyBytes: bodyBytes!, promptTexts: [], images: [], expectedIsl: null, requestedOsl: null, timestampMs: null };
  });
}
