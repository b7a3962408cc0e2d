// The HTTP side both OpenAI-compatible servers share: routing, listening on host:port, the URL, closing.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { CacheName } from './engine-caches.js';
import { sendError } from './faults.js';

/** What a server answers beyond GET /health (200, empty) and the 404 for anything else. */
export interface Routes {
  /** POST /v1/chat/completions; the handler reads the body. */
  chat(req: IncomingMessage, res: ServerResponse): void;
  /** The GET /v1/models body (JSON). */
  readonly models: string;
  /** The GET /metrics body (Prometheus text); absent: no such route. */
  readonly metrics?: () => string;
  /** POST /reset_prefix_cache and POST /reset_mm_cache (vLLM's routes); absent: no such routes. */
  readonly resetCache?: (cache: CacheName) => void;
}

const RESET_ROUTES: Readonly<Record<string, CacheName>> = { '/reset_prefix_cache': 'prefix', '/reset_mm_cache': 'mm' };

export function createRoutedServer(routes: Routes): Server {
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method === 'POST' && path === '/v1/chat/completions') return routes.chat(req, res);
    req.resume();
    if (req.method === 'GET' && path === '/v1/models') {
      res.writeHead(200, { 'content-type': 'application/json' }).end(routes.models);
    } else if (req.method === 'GET' && path === '/health') {
      res.writeHead(200).end();
    } else if (req.method === 'GET' && path === '/metrics' && routes.metrics !== undefined) {
      res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' }).end(routes.metrics());
    } else if (req.method === 'POST' && Object.hasOwn(RESET_ROUTES, path!) && routes.resetCache !== undefined) {
      routes.resetCache(RESET_ROUTES[path!]!);
      res.writeHead(200).end();
    } else {
      sendError(res, 404, `no route for ${req.method} ${path}`);
    }
  });
  server.keepAliveTimeout = 60_000;
  return server;
}

/** Listens on host:port (port 0: any free one) and gives the base URL; rejects when it cannot, e.g. a port in use. */
export async function listen(server: Server, port: number, host: string): Promise<{ url: string; port: number }> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const name = address.address.includes(':') ? `[${address.address}]` : address.address;
  return { url: `http://${name}:${address.port}`, port: address.port };
}

/** Stops listening and ends open connections too. */
export function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}
