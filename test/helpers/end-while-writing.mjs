// A process that ends one way or another while the built writeAtomically has a file half-written (for temporary-files.test.ts).
// Usage: node end-while-writing.mjs DIR HOW; prints "writing" and DIR's files once the temporary file exists, then ends as HOW says.
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeAtomically } from '../../dist/fs/write-atomically.js';
import { onInterrupt } from '../../dist/run/interrupt.js';

const [dir, how] = process.argv.slice(2);
// 'ctrl-c': the run's own handler is installed, as during `mmload profile`; the first Ctrl-C only reports.
if (how === 'ctrl-c') onInterrupt(() => process.stdout.write('first\n'), () => {});
// Signals and Ctrl-C need the process to stay up; 'drain' lets the event loop empty, a normal end.
const alive = how === 'drain' ? null : setInterval(() => {}, 1000);

void writeAtomically(join(dir, 'records.jsonl'), async (temporary) => {
  writeFileSync(temporary, '{"half":');
  process.stdout.write(`writing ${readdirSync(dir).join(' ')}\n`);
  if (how === 'exit') process.exit(3);
  if (how === 'throw') setImmediate(() => { throw new Error('uncaught'); });
  if (how === 'reject') void Promise.reject(new Error('unhandled'));
  await new Promise(() => {}); // never finishes: the process ends first
}).finally(() => clearInterval(alive));
