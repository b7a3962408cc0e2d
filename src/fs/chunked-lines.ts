// Writes many lines to a file through one stream, joined into chunks of about 64 KiB so a large file costs few system calls.
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { finished } from 'node:stream/promises';

/**
 * Opens `path` and hands `fill` a function that appends a line (its "\n" included), awaiting the stream when it is
 * full; the file is complete when the returned promise resolves, and closed (half-written) when `fill` throws.
 */
export async function writeChunkedLines(path: string, fill: (add: (line: string) => Promise<void>) => Promise<void>): Promise<void> {
  const out = createWriteStream(path);
  let chunk = '';
  const add = async (line: string): Promise<void> => {
    chunk += line;
    if (chunk.length < 1 << 16) return;
    const full = !out.write(chunk);
    chunk = '';
    if (full) await once(out, 'drain');
  };
  try {
    await fill(add);
    out.end(chunk);
    await finished(out);
  } catch (err) {
    out.destroy();
    throw err;
  }
}
