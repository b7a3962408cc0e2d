// `mmload plan`'s computation: the LRU hit rate each cache capacity would see over a built workload.
import { lookupOrder, lruOutcome, planCapacity, type CacheCapacity, type CacheOutcome } from './cache-plan.js';
import type { BodyPiece, Workload } from '../workload/prepared-request.js';
import { fixedImageSize } from '../workload/image-shapes.js';
import type { WorkloadSpec } from '../workload/workload-spec.js';
import { embeddingSizes, type PixelSize } from './plan-images.js';

export interface PlanRow {
  readonly capacity: CacheCapacity;
  readonly outcome: CacheOutcome;
}

export interface PlanReport {
  /** The workload's one-line description. */
  readonly workload: string;
  readonly requests: number;
  readonly warmupRequests: number;
  /** Image lookups of the warm-up requests: they go through the cache first, uncounted. */
  readonly warmupImages: number;
  readonly distinctImages: number;
  /** Embedding bytes of the smallest and largest image; null when no capacity was in bytes. */
  readonly embeddingBytes: { readonly min: number; readonly max: number } | null;
  /** One per capacity, in the order given. */
  readonly rows: readonly PlanRow[];
  /** An unbounded cache: the workload's planned hit rate. */
  readonly infinite: CacheOutcome;
}

/**
 * The cache's outcomes over the workload's images in send order, one request at a time. Warm-up images go
 * through the cache first, as the server sees them; they never come back, so they only take room.
 * `servedSize`: the pixel size of images known only by URL (those mmload serves itself).
 */
export async function planWorkload(workload: Pick<Workload, 'warmup' | 'requests' | 'description'>, capacities: readonly CacheCapacity[], servedSize?: PixelSize): Promise<PlanReport> {
  const order = lookupOrder(workload);
  const needBytes = capacities.some((capacity) => capacity.kind === 'bytes');
  const sizes = needBytes ? await embeddingSizes([...order.warmup, ...order.profiled], servedSize) : null;
  const bytesOf = sizes === null ? undefined : (url: BodyPiece): number => sizes.get(url)!;
  return {
    workload: workload.description,
    requests: workload.requests.length,
    warmupRequests: workload.warmup.length,
    warmupImages: order.warmup.length,
    distinctImages: new Set(order.profiled).size,
    embeddingBytes: sizes === null || sizes.size === 0 ? null : range(sizes.values()),
    rows: capacities.map((capacity) => ({ capacity, outcome: planCapacity(order, capacity, bytesOf) })),
    infinite: lruOutcome(order, Infinity, () => 1),
  };
}

/** A loop: spreading a large pool into Math.min would overflow the stack. */
function range(values: Iterable<number>): { min: number; max: number } {
  let min = Infinity;
  let max = -Infinity;
  for (const value of values) {
    min = Math.min(min, value);
    max = Math.max(max, value);
  }
  return { min, max };
}

/**
 * Generated images served over http by mmload have the generated size when every image has the same one (no
 * stddev); images of drawn sizes, and the user's URLs, have none known.
 */
export function servedSize(spec: WorkloadSpec): PixelSize | undefined {
  return spec.inputFile === undefined && spec.delivery.mode === 'http' ? fixedImageSize(spec.generated) : undefined;
}
