// Warm-up requests shaped like a dataset's entries (text length, images' number and size, output length), with content of their own.
import { expectedPromptTokens } from '../model/qwen3-vl-tokens.js';
import type { TokenCounter } from '../tokenizer/token-counter.js';
import { deriveSeed } from '../util/seeded-random.js';
import type { EntryContent } from './entry-request.js';
import { deliverImages } from './image-delivery.js';
import { generateImages } from './images/index.js';
import type { PreparedRequest } from './prepared-request.js';
import { textOfTokens } from './token-text.js';
import type { WorkloadSpec } from './workload-spec.js';

/** The fields of a line that the warm-up requests mirror. */
export interface LineShape {
  readonly textTokens: number;
  readonly imageSizes: readonly ({ width: number; height: number } | undefined)[];
  readonly outputLength: number | undefined;
}

/** The entry's prompt tokens by Qwen3-VL's arithmetic (null when an image's size is unknown). */
export function expectedIsl(shape: LineShape, systemTokens: number | undefined): number | null {
  return expectedPromptTokens(systemTokens ?? null, shape.textTokens, shape.imageSizes);
}

/** Warm-up requests shaped like the given lines, with generated text and images of their own (indices after the file's). */
export async function warmupRequests(
  shapes: readonly LineShape[], firstIndex: number, spec: WorkloadSpec, tokenizer: TokenCounter, request: (entry: EntryContent) => PreparedRequest,
): Promise<PreparedRequest[]> {
  const requests: PreparedRequest[] = [];
  let imageIndex = 0;
  for (const [j, shape] of shapes.entries()) {
    const images = await Promise.all(shape.imageSizes.map((size) => generateImages({
      count: 1, first: imageIndex++, width: size?.width ?? 512, height: size?.height ?? 512,
      format: 'jpeg', style: 'photo', seed: deriveSeed(spec.seed, 2), cacheDir: null, // a few images, each its own size: not worth a cache
    }).then(([image]) => image!)));
    const delivered = await deliverImages(images, { mode: 'base64' });
    const warmShape: LineShape = { ...shape, imageSizes: images.map(({ width, height }) => ({ width, height })) };
    requests.push(request({
      index: firstIndex + j, images: delivered.urls, outputLength: shape.outputLength,
      texts: shape.textTokens > 0 ? [textOfTokens(tokenizer, shape.textTokens, deriveSeed(spec.seed, 1_000_000 + j))] : [],
      expectedIsl: expectedIsl(warmShape, spec.systemPromptTokens),
    }));
  }
  return requests;
}
