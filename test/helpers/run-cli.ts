// Runs the built mmload CLI (dist/, built by `npm test` before vitest) as a child process.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const CLI = fileURLToPath(new URL('../../dist/main.js', import.meta.url));

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Acts on the child (e.g. sends SIGINT) while it runs. */
  whileRunning?: (child: ChildProcess) => void;
  /** The command line that runs the given one (e.g. inside `unshare`). */
  wrap?: (command: string[]) => string[];
}

/** Runs `mmload ...args`. */
export function runCli(args: string[], options: CliOptions = {}): Promise<CliResult> {
  const [command, ...commandArgs] = (options.wrap ?? ((c) => c))([process.execPath, CLI, ...args]);
  return new Promise((resolve, reject) => {
    const child = spawn(command!, commandArgs, {
      cwd: options.cwd ?? process.cwd(),
      env: { ...process.env, OPENAI_API_KEY: '', ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    options.whileRunning?.(child);
  });
}
