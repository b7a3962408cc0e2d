// Merges shards' records.jsonl files into one, interleaved by start time, renumbering session_num; streamed, never all in memory.
import { createReadStream, createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import { createInterface } from 'node:readline';
import { UsageError } from './exit-codes.js';

/** Every mmload record line starts so (see sinks/records-jsonl.ts); the number is rewritten. */
const SESSION = /^\{"metadata":\{"session_num":\d+/;
const START_NS = /"request_start_ns":(\d+)/;

interface Head {
  readonly line: string;
  readonly startNs: bigint;
}

/**
 * Writes to `out` the lines of every `paths` file, interleaved by request_start_ns (each file is in completion order,
 * as a run writes it: nearly start order), with session_num renumbered 0, 1, … in the order written; ties go to the
 * earlier file. Returns the number of lines.
 */
export async function mergeRecordFiles(paths: readonly string[], out: string): Promise<number> {
  const readers = paths.map((path) => headsOf(path));
  const output = createWriteStream(out);
  let written = 0;
  let chunk = '';
  try {
    const heads = await Promise.all(readers.map((r) => r.next()));
    for (;;) {
      let best = -1;
      for (let k = 0; k < heads.length; k++) {
        const head = heads[k]!.value;
        if (head && (best < 0 || head.startNs < heads[best]!.value!.startNs)) best = k;
      }
      if (best < 0) break;
      chunk += `${heads[best]!.value!.line.replace(SESSION, `{"metadata":{"session_num":${written++}`)}\n`;
      if (chunk.length >= 1 << 16) {
        if (!output.write(chunk)) await once(output, 'drain');
        chunk = '';
      }
      heads[best] = await readers[best]!.next();
    }
    output.end(chunk);
    await finished(output);
  } catch (err) {
    output.destroy();
    await Promise.all(readers.map((r) => r.return(undefined)));
    throw err;
  }
  return written;
}

/** The non-blank lines of a records file with their start times; a line that is not an mmload record is a UsageError. */
async function* headsOf(path: string): AsyncGenerator<Head, void, undefined> {
  const lines = createInterface({ input: createReadStream(path), crlfDelay: Infinity });
  let n = 0;
  try {
    for await (const line of lines) {
      n++;
      if (line.trim() === '') continue;
      const start = START_NS.exec(line);
      if (!SESSION.test(line) || !start) throw new UsageError(`${path}:${n}: not an mmload record line`);
      yield { line, startNs: BigInt(start[1]!) };
    }
  } finally {
    lines.close();
  }
}
