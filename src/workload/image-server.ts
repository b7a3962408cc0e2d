// A small HTTP server that serves a workload's images (and nothing else) for --image-mode http.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ServedImage {
  readonly bytes: Buffer;
  readonly mime: string;
}

export interface ImageServer {
  /** The URL of image `index`, as the model server will fetch it. */
  urlOf(index: number): string;
  close(): Promise<void>;
}

const EXTENSION: Record<string, string> = { 'image/jpeg': 'jpg', 'image/png': 'png' };

/** Serves `images[i]` at /images/<i>.<ext> on host:port (port 0: a free one); any other path is a 404. */
export async function startImageServer(images: readonly ServedImage[], host: string, port: number): Promise<ImageServer> {
  const server = createServer((req, res) => {
    const match = /^\/images\/(\d+)\.(?:jpg|png)$/.exec(req.url ?? '');
    const image = match && (req.method === 'GET' || req.method === 'HEAD') ? images[Number(match[1])] : undefined;
    if (!image) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not a workload image\n');
      return;
    }
    res.writeHead(200, { 'content-type': image.mime, 'content-length': image.bytes.length, 'cache-control': 'no-store' });
    res.end(req.method === 'HEAD' ? undefined : image.bytes);
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err) => reject(new Error(`cannot serve images on ${host}:${port}: ${err.message}`)));
    server.listen(port, host, resolve);
  });
  const bound = (server.address() as AddressInfo).port;
  const origin = `http://${host.includes(':') ? `[${host}]` : host}:${bound}`;
  return {
    urlOf: (index) => `${origin}/images/${index}.${EXTENSION[images[index]!.mime] ?? 'img'}`,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
