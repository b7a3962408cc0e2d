// Which image slots of a records file's records are planned hits (the image was sent before): the time slices' planned hit rate.
import { sessionImagesOf } from './records-jsonl.js';

/** A record's place in send order: its request_start_ns, ties broken by its session_num (issue order). */
interface SendOrder {
  readonly startNs: bigint;
  readonly sessionNum: number;
}

/**
 * Each image id's first sender: the earliest record that sent it (by start, ties by session_num). A slot is a planned
 * hit unless it is its image's first slot in its first sender: the image was sent by an earlier-started record, or
 * earlier in the same request, as an infinitely large embedding cache would see it (workloadInfo's plannedHitRate, by
 * the order requests were sent rather than planned). Failed requests count too: the client sent their images. Holds
 * one entry per distinct image, whatever the number of records.
 */
export class FirstSenders {
  private readonly first = new Map<number, SendOrder>();

  /** Reads one records.jsonl line (its start, `startNs`, already read) in a first pass over the file. */
  note(line: string, startNs: bigint): void {
    const { sessionNum, imageIds } = sessionImagesOf(line);
    for (const id of imageIds) {
      const known = this.first.get(id);
      if (known === undefined || startNs < known.startNs || (startNs === known.startNs && sessionNum < known.sessionNum)) {
        this.first.set(id, { startNs, sessionNum });
      }
    }
  }

  /** How many of the slots `imageIds` of the record that started at `startNs` as session `sessionNum` are planned hits. */
  plannedHits(imageIds: readonly number[], startNs: bigint, sessionNum: number): number {
    let hits = 0;
    imageIds.forEach((id, k) => {
      const first = this.first.get(id);
      const sentFirstHere = first !== undefined && first.startNs === startNs && first.sessionNum === sessionNum && imageIds.indexOf(id) === k;
      if (!sentFirstHere) hits += 1;
    });
    return hits;
  }
}
