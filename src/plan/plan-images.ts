// The embedding bytes of each distinct image of a workload, from its pixel size as the simulator sizes it (mmload plan).
import sharp from 'sharp';
import { base64DataUrlBytes } from '../util/data-url.js';
import { embeddingBytesOf } from './cache-plan.js';
import { UsageError } from '../util/exit-codes.js';
import { isSpooled, readSpooled } from '../workload/body-spool.js';
import type { BodyPiece } from '../workload/prepared-request.js';

export interface PixelSize {
  readonly width: number;
  readonly height: number;
}

/**
 * Bytes per image keyed by its URL piece (the JSON-escaped URL bytes of the body, as in PreparedRequest.images; a spooled
 * piece is read from its file).
 * A data URL's size is read from its image; any other URL has `servedSize` (the generated size of images mmload
 * serves itself), or none, which is a UsageError: its bytes are the server's to fetch.
 */
export async function embeddingSizes(pieces: Iterable<BodyPiece>, servedSize: PixelSize | undefined): Promise<Map<BodyPiece, number>> {
  const sizes = new Map<BodyPiece, number>();
  for (const piece of pieces) {
    if (sizes.has(piece)) continue;
    const url = isSpooled(piece) ? await readSpooled(piece) : piece;
    const size = (await dataUrlSize(url)) ?? servedSize;
    if (size === undefined) {
      throw new UsageError(`a --cache-capacity in GB needs each image's pixel size, unknown for ${describe(url)}; give the capacity in images`);
    }
    sizes.set(piece, embeddingBytesOf(size.width, size.height));
  }
  return sizes;
}

/** The pixel size of a base64 data URL's image; undefined for any other URL. */
async function dataUrlSize(url: Buffer): Promise<PixelSize | undefined> {
  // Read as the simulator reads it.
  const bytes = base64DataUrlBytes(url.toString('latin1'));
  if (bytes === null) return undefined;
  const { width, height } = await sharp(bytes).metadata().catch((err: Error) => {
    throw new UsageError(`cannot read the size of an image (${describe(url)}): ${err.message}`);
  });
  if (!width || !height) throw new UsageError(`cannot read the size of an image (${describe(url)})`);
  return { width, height };
}

function describe(url: Buffer): string {
  const text = url.toString('utf8', 0, 80);
  return url.length > 80 ? `${text}…` : text;
}
