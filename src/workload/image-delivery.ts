// Turns a workload's images into the URL pieces its bodies carry: data URLs, URLs mmload serves, or the user's URLs.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { PoolImage } from './images/index.js';
import { startImageServer } from './image-server.js';
import { jsonStringBytes } from '../util/json-string-bytes.js';
import type { ImageDelivery } from './workload-spec.js';

export interface DeliveredImages {
  /** One shared URL piece per image, JSON-escaped without quotes, in the order of the images given. */
  readonly urls: readonly Buffer[];
  /** One uuid per image (a digest of its bytes): the same image always gets the same uuid. */
  readonly uuids: readonly string[];
  /** A line for the console saying where the images come from. */
  readonly note: string;
  dispose(): Promise<void>;
}

/** Images mmload holds (generated or the user's files), sent inline or served by mmload. */
export async function deliverImages(images: readonly PoolImage[], delivery: Exclude<ImageDelivery, { mode: 'urls' }>): Promise<DeliveredImages> {
  const uuids = images.map((image) => imageUuid(image.bytes));
  // Nothing to serve (a text-only workload): no server either.
  if (images.length === 0) return { urls: [], uuids, note: '', dispose: async () => {} };
  switch (delivery.mode) {
    case 'base64':
      return {
        urls: images.map((image) => jsonStringBytes(`data:${image.mime};base64,${image.bytes.toString('base64')}`)),
        uuids,
        note: 'images sent inline as base64 data URLs',
        dispose: async () => {},
      };
    case 'http': {
      const server = await startImageServer(images, delivery.host, delivery.port);
      return {
        urls: images.map((_, i) => jsonStringBytes(server.urlOf(i))),
        uuids,
        note: `images served by mmload at ${server.urlOf(0).replace(/\/images\/.*$/, '')}/images/ (the model server must reach this address: --image-host)`,
        dispose: () => server.close(),
      };
    }
  }
}

/** The user's image URLs (--image-urls): mmload never sees these images; uuids are digests of the URLs. */
export async function deliverUrlList(file: string, count: number): Promise<DeliveredImages> {
  const urls = await readUrlList(file, count);
  return { urls: urls.map(jsonStringBytes), uuids: urls.map((u) => imageUuid(Buffer.from(u))), note: `images by URL from ${file}`, dispose: async () => {} };
}

/** vLLM keys its cache on an image part's uuid, so the same bytes always get the same one: a digest. */
export function imageUuid(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex').slice(0, 32);
}

/** The first `needed` URLs of a file with one URL per line (blank lines and # comments skipped). */
async function readUrlList(file: string, needed: number): Promise<string[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw new Error(`image URL list not found: ${file}`);
  }
  const urls = text.split(/\r?\n/).map((l) => l.trim()).filter((l) => l.length > 0 && !l.startsWith('#'));
  urls.forEach((url, i) => {
    if (!/^https?:\/\/\S+$/i.test(url)) throw new Error(`${file}: URL ${i + 1} is not an http(s) URL: ${url}`);
  });
  if (urls.length < needed) throw new Error(`${file} lists ${urls.length} image URLs; the workload needs ${needed} distinct images (pool and warm-up)`);
  return urls.slice(0, needed);
}
