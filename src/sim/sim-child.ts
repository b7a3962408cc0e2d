// `mmload profile --sim`: runs `mmload sim` as a child process (never on mmload's event loop) and waits for it to listen.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { request } from 'undici';
import { kebab, type SimOptions } from './sim-options.js';

export interface SimChild {
  url: string;
  /** Empties the simulated engine's prefix and multimodal caches (POST /reset_prefix_cache, /reset_mm_cache). */
  resetCaches(): Promise<void>;
  /** SIGTERM, then waits for the child to exit (it closes its trace file first). */
  stop(): Promise<void>;
}

/** dist/main.js: this file sits two folders below the package root, as src/sim/ or dist/sim/. */
const DEFAULT_CLI = fileURLToPath(new URL('../../dist/main.js', import.meta.url));
/** How long the child may take to print its "listening" line. */
const START_TIMEOUT_MS = 30_000;

/** The `mmload sim` flags that give `options` (port 0 unless set). */
export function simArgs(options: Partial<SimOptions>): string[] {
  const args = ['sim'];
  for (const [name, value] of Object.entries({ port: 0, ...options })) {
    if (value === undefined || value === null) continue;
    if (typeof value === 'boolean') args.push(value ? `--${kebab(name)}` : `--no-${kebab(name)}`);
    else args.push(`--${kebab(name)}`, String(value));
  }
  return args;
}

/** Starts `node <cli> sim ...`; `cli` defaults to the built mmload. Rejects if the child exits or stays silent. */
export async function startSimChild(options: Partial<SimOptions>, cli: string = DEFAULT_CLI): Promise<SimChild> {
  const child = spawn(process.execPath, [cli, ...simArgs(options)], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr = (stderr + text).slice(-2000)));
  const exited = once(child, 'close');
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
  };

  const lines = createInterface({ input: child.stdout });
  let timer: NodeJS.Timeout | undefined;
  try {
    const url = await Promise.race([
      (async () => {
        for await (const line of lines) {
          const match = /^mmload sim listening on (\S+)/.exec(line);
          if (match) return match[1]!;
        }
        throw new Error('exited before listening');
      })(),
      exited.then(([code]) => Promise.reject(new Error(`exited with code ${String(code)} before listening`))),
      new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`printed no "listening" line in ${START_TIMEOUT_MS / 1000} s`)), START_TIMEOUT_MS))),
    ]);
    child.stdout.resume();
    return { url, stop, resetCaches: () => resetCaches(url) };
  } catch (err) {
    await stop();
    throw new Error(`mmload sim ${(err as Error).message}${stderr ? `: ${stderr.trim()}` : ''}`);
  } finally {
    clearTimeout(timer);
  }
}

/** Both of vLLM's cache-reset routes; rejects unless each answers 200. */
async function resetCaches(url: string): Promise<void> {
  for (const route of ['/reset_prefix_cache', '/reset_mm_cache']) {
    const response = await request(`${url}${route}`, { method: 'POST' });
    await response.body.dump();
    if (response.statusCode !== 200) throw new Error(`mmload sim answered ${response.statusCode} to POST ${route}`);
  }
}
