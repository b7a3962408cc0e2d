// vLLM's prefix-cache block hashes: each full KV block's hash chains its parent's, its token ids and the images it overlaps.
import { createHash } from 'node:crypto';

/** An image's <|image_pad|> tokens in the prompt, [start, start + tokens), and its pixel hash. */
export interface ImageSpan {
  readonly key: string;
  readonly tokens: number;
  readonly start: number;
}

/**
 * One hash per full block of `tokenIds` (a partial last block has none). Like vLLM's, a block's hash covers its parent's
 * hash, its own token ids and the keys of the images whose pads it holds (pads are the same id whatever the image), so
 * two sequences share block k's hash exactly when their first k + 1 blocks are the same tokens and images.
 * `images` are in prompt order.
 */
export function blockHashes(tokenIds: readonly number[], images: readonly ImageSpan[], blockSize: number): string[] {
  const bytes = Buffer.from(Uint32Array.from(tokenIds).buffer);
  const hashes: string[] = [];
  let parent = '';
  let firstImage = 0;
  for (let start = 0; start + blockSize <= tokenIds.length; start += blockSize) {
    const end = start + blockSize;
    const hash = createHash('sha256').update(parent).update(bytes.subarray(start * 4, end * 4));
    while (firstImage < images.length && images[firstImage]!.start + images[firstImage]!.tokens <= start) firstImage++;
    for (let k = firstImage; k < images.length && images[k]!.start < end; k++) hash.update(images[k]!.key);
    parent = hash.digest('base64');
    hashes.push(parent);
  }
  return hashes;
}
