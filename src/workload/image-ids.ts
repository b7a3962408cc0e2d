// Small integer ids for a workload's distinct images (by their shared URL piece): how records.jsonl names the images each request sent.
import type { BodyPiece } from './prepared-request.js';

/**
 * Numbers images 0, 1, … in the order they are first seen. Identity is the shared URL piece, as workloadInfo counts
 * it: one image (one file, one generated pool image) is one piece, so it has one id wherever it is sent.
 */
export class ImageIds {
  private readonly ids = new Map<BodyPiece, number>();

  /** The ids of `images`, in their order, numbering those not seen before. */
  of(images: readonly BodyPiece[]): number[] {
    return images.map((image) => {
      let id = this.ids.get(image);
      if (id === undefined) this.ids.set(image, (id = this.ids.size));
      return id;
    });
  }
}
