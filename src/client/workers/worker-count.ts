// How many client worker threads a run gets when --workers is auto.
import { availableParallelism } from 'node:os';

/** Streams one thread serves while stamping first tokens within a millisecond (see the first-token-lag benchmark). */
export const STREAMS_PER_THREAD = 256;

/**
 * One thread per STREAMS_PER_THREAD connections, leaving a core for the main thread (which paces) and the
 * rest of the machine; 1 means no workers at all: the main thread sends, as on a small machine it should.
 */
export function autoWorkers(connections: number, cores: number = availableParallelism()): number {
  return Math.max(1, Math.min(cores - 1, Math.ceil(connections / STREAMS_PER_THREAD)));
}
