// Body pieces kept on disk until sent (the catalogue's re-encoded photos), so a run's memory does not grow with its dataset.
import { read } from 'node:fs';
import { mkdtemp, open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BodyPiece, SpooledPiece } from './prepared-request.js';

/** A file the pieces are appended to. Its descriptor is the process's, so a worker thread reads the same file. */
export interface BodySpool {
  /** Appends the bytes; the piece stands for them in a body. Calls may overlap: each gets its own place. */
  add(bytes: Uint8Array): Promise<SpooledPiece>;
  /** Closes and deletes the file: its pieces can no longer be read. Later calls wait for the first. */
  remove(): Promise<void>;
}

/**
 * A spool in a fresh folder under `dir` (default: the system's temporary folder, $TMPDIR). Where the system allows it
 * the file is unlinked at once and lives on through its descriptor alone, so not even a killed run leaves it behind.
 */
export async function createBodySpool(dir: string = tmpdir()): Promise<BodySpool> {
  const folder = await mkdtemp(join(dir, 'mmload-spool-'));
  const handle = await open(join(folder, 'bodies'), 'w+');
  const unlinked = process.platform !== 'win32';
  if (unlinked) await rm(folder, { recursive: true });
  let size = 0;
  let removed: Promise<void> | null = null;
  return {
    async add(bytes) {
      const offset = size;
      size += bytes.length;
      await handle.write(bytes, 0, bytes.length, offset);
      return { fd: handle.fd, offset, length: bytes.length };
    },
    remove() {
      removed ??= handle.close().then(() => (unlinked ? undefined : rm(folder, { recursive: true, force: true })));
      return removed;
    },
  };
}

export function isSpooled(piece: BodyPiece): piece is SpooledPiece {
  return !Buffer.isBuffer(piece);
}

/** A spooled piece that could not be read: the client's failure, not the server's. */
export class SpoolReadError extends Error {}

/** The bytes of a spooled piece, read from its file. */
export function readSpooled({ fd, offset, length }: SpooledPiece): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const bytes = Buffer.allocUnsafe(length);
    read(fd, bytes, 0, length, offset, (err, got) => {
      if (err) reject(new SpoolReadError(`cannot read a body piece from its spool file: ${err.code ?? err.message}`));
      else if (got < length) reject(new SpoolReadError(`cannot read a body piece from its spool file: ${got} of ${length} bytes`));
      else resolve(bytes);
    });
  });
}

/** The pieces one by one as they are written out, each spooled one read only when its turn comes. */
export async function* piecesAsWritten(pieces: readonly BodyPiece[]): AsyncGenerator<Buffer> {
  for (const piece of pieces) yield isSpooled(piece) ? await readSpooled(piece) : piece;
}

/** Every piece in memory: spooled ones read from their file, the rest as they are. */
export function piecesInMemory(pieces: readonly BodyPiece[]): Promise<Buffer[]> {
  return Promise.all(pieces.map((piece) => (isSpooled(piece) ? readSpooled(piece) : piece)));
}
