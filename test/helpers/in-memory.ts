// A body's pieces as Buffers, for tests of workloads that keep every piece in memory (a spooled one is a test failure).
import { isSpooled } from '../../src/workload/body-spool.js';
import type { BodyPiece } from '../../src/workload/prepared-request.js';

export function inMemory(pieces: readonly BodyPiece[]): Buffer[] {
  return pieces.map((piece) => {
    if (isSpooled(piece)) throw new Error('expected every body piece in memory, found a spooled one');
    return piece;
  });
}
