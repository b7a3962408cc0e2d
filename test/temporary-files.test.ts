// A half-written file (writeAtomically's temporary) never outlives the process, however it ends.
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { useScratch } from './helpers/shared-setup.js';

const SCRIPT = fileURLToPath(new URL('./helpers/end-while-writing.mjs', import.meta.url));
const setup = useScratch('mmload-tmpfiles-');

interface Ending {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** What the script printed: first "writing" and the directory's files at that moment. */
  stdout: string;
  /** The directory's files once the process has ended. */
  left: string[];
}
const WRITING = /^writing \.records\.jsonl\.\d+-[0-9a-f]{8}\.tmp\n/;

/** Runs the script in a fresh directory; `act` runs once the temporary file exists. */
function endWhileWriting(how: string, act: (signal: (s: NodeJS.Signals) => void, stdout: () => string) => void = () => {}): Promise<Ending> {
  const dir = mkdtempSync(join(setup.work, `${how}-`));
  return new Promise<Ending>((resolve, reject) => {
    const child = spawn(process.execPath, [SCRIPT, dir, how], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let acted = false;
    child.stdout!.on('data', (d: Buffer) => {
      stdout += d.toString();
      if (!acted && stdout.includes('\n')) {
        acted = true;
        act((s) => child.kill(s), () => stdout);
      }
    });
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, left: readdirSync(dir) }));
  }).then((ending) => {
    expect(ending.stdout).toMatch(WRITING); // the temporary file was there
    return ending;
  });
}

describe('temporary files are removed on every way out', () => {
  it('the event loop empties (a normal end)', async () => {
    expect(await endWhileWriting('drain')).toMatchObject({ code: 0, left: [] });
  });

  it('process.exit', async () => {
    expect(await endWhileWriting('exit')).toMatchObject({ code: 3, left: [] });
  });

  it('an uncaught exception and an unhandled rejection', async () => {
    expect(await endWhileWriting('throw')).toMatchObject({ code: 1, left: [] });
    expect(await endWhileWriting('reject')).toMatchObject({ code: 1, left: [] });
  });

  it.each(['SIGTERM', 'SIGINT', 'SIGHUP'] as const)('%s with no handler of its own: the files go, the signal still ends the process', async (signal) => {
    expect(await endWhileWriting('wait', (send) => send(signal))).toMatchObject({ code: null, signal, left: [] });
  });

  it('a double Ctrl-C during a run: the first only stops the run, the second exits 130 at once', async () => {
    const ending = await endWhileWriting('ctrl-c', (send, stdout) => {
      send('SIGINT');
      const again = setInterval(() => {
        if (!stdout().includes('first\n')) return;
        clearInterval(again);
        send('SIGINT');
      }, 10);
    });
    expect(ending).toMatchObject({ code: 130, left: [] });
    expect(ending.stdout).toMatch(new RegExp(`${WRITING.source}first\\n$`));
  });
});
