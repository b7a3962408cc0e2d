// Turns image references from an input file into shared URL bytes, reading and encoding each image once.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { dataUrlParts } from '../util/data-url.js';
import { jsonStringBytes } from '../util/json-string-bytes.js';
import type { BodyPiece } from './prepared-request.js';

/** What is known of one distinct image: its pixel size as the server decodes it, and its file bytes. */
export interface ImageFacts {
  readonly width: number;
  readonly height: number;
  readonly bytes: number;
}

const PASS_THROUGH = /^(?:https?:\/\/|data:)/i;
const OTHER_SCHEME = /^[a-z][a-z0-9+.-]*:\/\//i;

/**
 * Resolves image references (a local path, an http(s) URL or a data URL) to the JSON-escaped bytes
 * of the URL sent in the body. A local file becomes a base64 data URL, its MIME type taken from its
 * magic bytes. Each file is read once, and images with identical URL bytes share one Buffer.
 */
export class ImageRefs {
  /** By local path, or by the reference itself for URLs. */
  private readonly resolved = new Map<string, Promise<Buffer>>();
  private readonly byContent = new Map<string, Buffer>();
  private readonly facts = new Map<BodyPiece, ImageFacts>();

  /** Size and bytes of a resolved image; undefined for an http(s) URL (its pixels are the server's to fetch). */
  describe(url: BodyPiece): ImageFacts | undefined {
    return this.facts.get(url);
  }

  /** `baseDir` resolves relative paths (the input file's directory). Rejects with a one-line message. */
  async resolve(ref: string, baseDir: string): Promise<Buffer> {
    // Each reference is worked on once (a line repeating an inline image costs one lookup, not a decode and a hash).
    const passThrough = PASS_THROUGH.test(ref);
    const key = passThrough ? ref : localPath(ref, baseDir);
    let url = this.resolved.get(key);
    if (!url) {
      url = passThrough
        // A data URL is passed on as given; its size is read when it decodes, else left unknown (no expected ISL).
        ? this.share(jsonStringBytes(ref), /^data:/i.test(ref) ? dataUrlBytes(ref) : null, false)
        : readImage(ref, key).then((file) => this.share(Buffer.from(`data:${file.mime};base64,${file.bytes.toString('base64')}`, 'latin1'), file.bytes, true));
      this.resolved.set(key, url);
    }
    return url;
  }

  /** `strict`: an image mmload read itself must decode; one it only passes on may not. */
  private async share(url: Buffer, file: Buffer | null, strict: boolean): Promise<Buffer> {
    const key = createHash('sha256').update(url).digest('base64');
    const known = this.byContent.get(key);
    if (known) return known;
    this.byContent.set(key, url);
    if (file) {
      const size = await sharp(file).metadata().then(({ width, height }) => (width && height ? { width, height } : null), (err: Error) => {
        if (strict) throw new Error(`cannot decode image: ${err.message}`);
        return null;
      });
      if (size) this.facts.set(url, { ...size, bytes: file.length });
    }
    return url;
  }
}

/** The image bytes of a base64 data URL (null for one that is not base64); throws when its base64 cannot be what it says. */
function dataUrlBytes(url: string): Buffer | null {
  const parts = dataUrlParts(url);
  if (parts === null) throw new Error(`the data URL has no "," before its data: ${shortened(url)}`);
  if (!parts.base64) return null;
  const problem = base64Problem(parts.data);
  if (problem) throw new Error(`the data URL's base64 is invalid (${problem}): ${shortened(url)}`);
  return Buffer.from(parts.data, 'base64');
}

/** What is wrong with `data` as base64 (the standard or URL-safe alphabet, padded or not, white space ignored), if anything. */
function base64Problem(data: string): string | null {
  const bad = /[^A-Za-z0-9+/\-_=\s]/.exec(data);
  if (bad) return `${JSON.stringify(bad[0])} at character ${bad.index + 1} of the data`;
  const text = data.replace(/\s+/g, '');
  if (text === '') return 'no data after the comma';
  if (/=[^=]/.test(text)) return '"=" before the end of the data';
  const unpadded = text.replace(/=+$/, '');
  if (text.length - unpadded.length > 2) return 'more than two "=" at the end';
  if (unpadded.length % 4 === 1) return `${unpadded.length} characters cannot be whole bytes: is the data cut short?`;
  return null;
}

/** A data URL can be megabytes: its first characters are enough to find it. */
function shortened(url: string): string {
  return url.length > 48 ? `${url.slice(0, 48)}…` : url;
}

function localPath(ref: string, baseDir: string): string {
  if (/^file:\/\//i.test(ref)) return fileURLToPath(ref);
  if (OTHER_SCHEME.test(ref)) throw new Error(`unsupported image URL (expected a file path, http(s) or data URL): ${ref}`);
  return isAbsolute(ref) ? ref : resolve(baseDir, ref);
}

async function readImage(ref: string, path: string): Promise<{ bytes: Buffer; mime: string }> {
  const where = path === ref ? ref : `${ref} (${path})`;
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new Error(code === 'ENOENT' ? `image not found: ${where}` : `cannot read image ${where}: ${(err as Error).message}`);
  }
  if (bytes.length === 0) throw new Error(`image file is empty (0 bytes): ${where}`);
  const mime = imageMime(bytes);
  if (!mime) throw new Error(`not a PNG, JPEG, WebP or GIF image: ${ref}`);
  return { bytes, mime };
}

/** The MIME type from the file's magic bytes, whatever its extension says. */
function imageMime(bytes: Buffer): string | undefined {
  if (bytes.length >= 8 && bytes.readUInt32BE(0) === 0x89504e47 && bytes.readUInt32BE(4) === 0x0d0a1a0a) return 'image/png';
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  if (bytes.length >= 12 && bytes.toString('latin1', 0, 4) === 'RIFF' && bytes.toString('latin1', 8, 12) === 'WEBP') return 'image/webp';
  if (bytes.length >= 6 && /^GIF8[79]a$/.test(bytes.toString('latin1', 0, 6))) return 'image/gif';
  return undefined;
}
