// The hit rate an LRU embedding cache of a given capacity sees over a workload's images in send order (mmload plan).
import { embeddingBytes, QWEN3_VL_30B_A3B_H100, type EngineConstants } from '../model/engine-constants.js';
import { LruCache } from '../util/lru-cache.js';
import type { BodyPiece, Workload } from '../workload/prepared-request.js';
import { imageTokens } from '../model/qwen3-vl-tokens.js';

/** A cache size: a number of images, or bytes of embeddings (each image weighs its embedding's bytes). */
export type CacheCapacity =
  | { readonly kind: 'images'; readonly images: number }
  | { readonly kind: 'bytes'; readonly bytes: number };

/** Image lookups in the order the server makes them: warm-up first, then the profiled requests. */
export interface LookupOrder<K> {
  /** Warm-up images: they pass through the cache but are not counted. */
  readonly warmup: readonly K[];
  /** Profiled images, each lookup counted. */
  readonly profiled: readonly K[];
}

/** What the cache answered over the profiled lookups. */
export interface CacheOutcome {
  readonly lookups: number;
  readonly hits: number;
  /** hits / lookups; null without lookups. */
  readonly hitRate: number | null;
}

/**
 * The image lookups of a workload sent one request at a time: each request's images in slot order, warm-up
 * requests first. An image's key is its shared URL piece, so the same object means the same image.
 */
export function lookupOrder(workload: Pick<Workload, 'warmup' | 'requests'>): LookupOrder<BodyPiece> {
  const images = (requests: Workload['requests']): BodyPiece[] => requests.flatMap((request) => request.images);
  return { warmup: images(workload.warmup), profiled: images(workload.requests) };
}

/** Bytes an image of width × height takes in the simulator's embedding cache: Qwen3-VL image tokens × hidden size × bytes per value. */
export function embeddingBytesOf(width: number, height: number, engine: EngineConstants = QWEN3_VL_30B_A3B_H100): number {
  return embeddingBytes(imageTokens(width, height), engine);
}

/** The cache's outcome at `capacity`; a capacity in bytes needs `bytesOf`, each image's embedding bytes. */
export function planCapacity<K>(order: LookupOrder<K>, capacity: CacheCapacity, bytesOf?: (key: K) => number): CacheOutcome {
  if (capacity.kind === 'images') return lruOutcome(order, capacity.images, () => 1);
  if (bytesOf === undefined) throw new Error('a cache capacity in bytes needs the size of every image');
  return lruOutcome(order, capacity.bytes, bytesOf);
}

/**
 * The simulator's own LRU cache of `capacity` size units run over the lookups: a hit makes the key the most recently
 * used; a miss is held at once, evicting least recently used keys until it fits, unless it alone is bigger than the
 * whole cache (then it is not held). Infinity is an unbounded cache.
 */
export function lruOutcome<K>(order: LookupOrder<K>, capacity: number, sizeOf: (key: K) => number): CacheOutcome {
  const cache = new LruCache<K>(capacity);
  const lookUp = (key: K): boolean => {
    if (cache.touch(key)) return true;
    cache.add(key, sizeOf(key));
    return false;
  };
  for (const key of order.warmup) lookUp(key);
  let hits = 0;
  for (const key of order.profiled) if (lookUp(key)) hits++;
  const lookups = order.profiled.length;
  return { lookups, hits, hitRate: lookups === 0 ? null : hits / lookups };
}
