// Request bodies for worker threads: every distinct piece copied once into shared memory, each body a list of slices.
import { isSpooled } from '../../workload/body-spool.js';
import type { BodyPiece, PreparedRequest } from '../../workload/prepared-request.js';

/** A piece's source in a slot: shared memory, or else the spool file descriptor it stays in. */
const IN_MEMORY = -1;

/** Survives postMessage without copying the bytes: workers view the same memory. */
export interface SharedBodies {
  readonly memory: SharedArrayBuffer;
  /** Per slot: the request's index and bodyBytes, then [source, offset, length] of each piece (source: IN_MEMORY or a spool's descriptor). */
  readonly slots: readonly (readonly number[])[];
  /** Per slot: the request's image ids (structured-cloned once, with the rest of a worker's start). */
  readonly imageIds: readonly (readonly number[])[];
}

/**
 * Moves the requests' bodies into shared memory; `slotOf` gives each request's slot. A piece shared by many requests
 * (an image, the system prompt) is one Buffer, so it is copied once, and every body that uses it points at the same
 * bytes. The requests' own `body` and `images` then hold views of that memory in place of their Buffers (same
 * identity for the same piece), so the bytes are held once in the process, not once per copy. A spooled piece stays in
 * its file, which every thread reads through the same descriptor.
 */
export function shareBodies(requests: Iterable<PreparedRequest>): { bodies: SharedBodies; slotOf: Map<PreparedRequest, number> } {
  const offsets = new Map<Buffer, number>();
  let size = 0;
  const slotOf = new Map<PreparedRequest, number>();
  for (const request of requests) {
    if (slotOf.has(request)) continue;
    slotOf.set(request, slotOf.size);
    for (const piece of request.body) {
      if (!isSpooled(piece) && !offsets.has(piece)) {
        offsets.set(piece, size);
        size += piece.length;
      }
    }
  }
  const slots: number[][] = [];
  for (const request of slotOf.keys()) {
    const slot = [request.index, request.bodyBytes];
    for (const piece of request.body) slot.push(...(isSpooled(piece) ? [piece.fd, piece.offset] : [IN_MEMORY, offsets.get(piece)!]), piece.length);
    slots.push(slot);
  }
  const memory = new SharedArrayBuffer(size);
  const bytes = new Uint8Array(memory);
  const moved = new Map<BodyPiece, Buffer>();
  for (const [piece, offset] of offsets) {
    bytes.set(piece, offset);
    moved.set(piece, Buffer.from(memory, offset, piece.length));
  }
  for (const request of slotOf.keys()) {
    replaceAll(request.body as BodyPiece[], moved);
    replaceAll(request.images as BodyPiece[], moved);
  }
  return { bodies: { memory, slots, imageIds: [...slotOf.keys()].map((request) => request.imageIds) }, slotOf };
}

function replaceAll(pieces: BodyPiece[], moved: ReadonlyMap<BodyPiece, Buffer>): void {
  for (let k = 0; k < pieces.length; k++) pieces[k] = moved.get(pieces[k]!) ?? pieces[k]!;
}

/** The requests as a worker sends them: bodies are views of the shared memory, never copies. */
export function requestsFromShared({ memory, slots, imageIds }: SharedBodies): PreparedRequest[] {
  return slots.map(([index, bodyBytes, ...pieces], slot) => {
    const body: BodyPiece[] = [];
    for (let k = 0; k < pieces.length; k += 3) {
      const [source, offset, length] = [pieces[k]!, pieces[k + 1]!, pieces[k + 2]!];
      body.push(source === IN_MEMORY ? Buffer.from(memory, offset, length) : { fd: source, offset, length });
    }
    return { index: index!, body, bodyBytes: bodyBytes!, promptTexts: [], images: [], imageIds: imageIds[slot]!, expectedIsl: null, requestedOsl: null, timestampMs: null };
  });
}
