// Loads an image part's URL as the server would (a base64 data URL, or an http(s) URL fetched once), and hashes its pixels.
import { createHash } from 'node:crypto';
import sharp, { type OutputInfo } from 'sharp';
import { request } from 'undici';
import { base64DataUrlBytes } from '../util/data-url.js';
import { imageTokens } from './qwen3-vl-tokens.js';

/** What the engine needs from one image. */
export interface ImageInfo {
  readonly width: number;
  readonly height: number;
  /** <|image_pad|> tokens after smart_resize. */
  readonly tokens: number;
  /** sha256 of the decoded pixels and their shape: the embedding cache's key. */
  readonly pixelKey: string;
}

/** Distinct inputs remembered; beyond it the oldest is forgotten (and decoded again if it comes back). */
const MAX_REMEMBERED = 4096;

export class ImageProbe {
  /** Keyed by the sha256 of a data URL, or by an http(s) URL itself. */
  private readonly known = new Map<string, Promise<ImageInfo>>();

  /** Rejects with a one-line message (the server's 400) when the URL cannot be loaded as an image. */
  probe(url: string): Promise<ImageInfo> {
    const remote = /^https?:\/\//i.test(url);
    if (!remote && !/^data:/i.test(url)) return Promise.reject(new Error('image URL must be a base64 data URL or an http(s) URL'));
    const key = remote ? url : createHash('sha256').update(url).digest('base64');
    let info = this.known.get(key);
    if (info === undefined) {
      info = (remote ? fetchBytes(url) : dataUrlBytes(url)).then(decode);
      info.catch(() => this.known.delete(key));
      if (this.known.size >= MAX_REMEMBERED) this.known.delete(this.known.keys().next().value!);
      this.known.set(key, info);
    }
    return info;
  }
}

function dataUrlBytes(url: string): Promise<Buffer> {
  const bytes = base64DataUrlBytes(url);
  return bytes === null ? Promise.reject(new Error('image data URL must be base64 encoded (data:<type>;base64,...)')) : Promise.resolve(bytes);
}

async function fetchBytes(url: string): Promise<Buffer> {
  let response: Awaited<ReturnType<typeof request>>;
  try {
    response = await request(url, { method: 'GET' });
  } catch (err) {
    throw new Error(`cannot fetch image ${url}: ${(err as Error).message}`);
  }
  if (response.statusCode !== 200) {
    await response.body.dump();
    throw new Error(`cannot fetch image ${url}: HTTP ${response.statusCode}`);
  }
  return Buffer.from(await response.body.arrayBuffer());
}

async function decode(bytes: Buffer): Promise<ImageInfo> {
  let raw: { data: Buffer; info: OutputInfo };
  try {
    raw = await sharp(bytes).raw().toBuffer({ resolveWithObject: true });
  } catch (err) {
    throw new Error(`cannot decode image: ${(err as Error).message}`);
  }
  const { width, height, channels } = raw.info;
  const pixelKey = createHash('sha256').update(`${width}x${height}x${channels}:`).update(raw.data).digest('base64');
  return { width, height, tokens: imageTokens(width, height), pixelKey };
}
