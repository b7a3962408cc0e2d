// Registers a test file's (or describe block's) shared setup: a scratch directory and/or a fixture server, made before its tests and removed after.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { startStreamServer, type StreamServer, type StreamServerOptions } from '../fixtures/stream-server.js';

export interface Scratch {
  /** A fresh directory under the system's temporary directory; removed with all it holds after the tests. */
  readonly work: string;
}

export interface FixtureServer {
  /** A fixture stream server started before the tests and closed after them. */
  readonly server: StreamServer;
}

/** Throws when a test file reads a value before its beforeAll hook made it (e.g. while vitest collects the tests). */
function made<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`${what} is made in beforeAll: read it inside a test or hook`);
  return value;
}

/** A fixture server with these options, started in beforeAll and closed in afterAll. */
export function useFixtureServer(options: StreamServerOptions = {}): FixtureServer {
  let server: StreamServer | undefined;
  beforeAll(async () => {
    server = await startStreamServer(options);
  });
  afterAll(() => server?.close());
  return { get server() { return made(server, 'the fixture server'); } };
}

/**
 * A scratch directory named `<tmpdir>/<prefix>XXXXXX`, and a fixture server too when `server` options are given. The
 * server is closed before the directory is removed.
 */
export function useScratch(prefix: string): Scratch;
export function useScratch(prefix: string, server: StreamServerOptions): Scratch & FixtureServer;
export function useScratch(prefix: string, server?: StreamServerOptions): Scratch | (Scratch & FixtureServer) {
  let work: string | undefined;
  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), prefix));
  });
  afterAll(() => {
    if (work !== undefined) rmSync(work, { recursive: true, force: true });
  });
  const scratch: Scratch = { get work() { return made(work, 'the scratch directory'); } };
  if (server === undefined) return scratch;
  // Registered after the directory's hooks: vitest runs afterAll hooks in reverse, so the server closes first.
  const fixture = useFixtureServer(server);
  return { get work() { return scratch.work; }, get server() { return fixture.server; } };
}

/** A scratch directory that is also the process's working directory while the tests run (e.g. for ./datasets). */
export function useScratchAsCwd(prefix: string): Scratch {
  const scratch = useScratch(prefix);
  const home = process.cwd();
  beforeAll(() => process.chdir(scratch.work));
  // Registered after the directory's hooks, so it runs before the directory is removed.
  afterAll(() => process.chdir(home));
  return scratch;
}
