// Merges shards' records.jsonl files into one, interleaved by start time, renumbering session_num; streamed, never all in memory.
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { writeChunkedLines } from '../fs/chunked-lines.js';
import { startNsOf } from '../records/records-jsonl.js';
import { UsageError } from '../util/exit-codes.js';

/** Every mmload record line starts so (see records/records-jsonl.ts); the number is rewritten. */
const SESSION = /^\{"metadata":\{"session_num":\d+/;

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
  let written = 0;
  try {
    await writeChunkedLines(out, async (add) => {
      const heads = await Promise.all(readers.map((r) => r.next()));
      for (;;) {
        let best = -1;
        for (let k = 0; k < heads.length; k++) {
          const head = heads[k]!.value;
          if (head && (best < 0 || head.startNs < heads[best]!.value!.startNs)) best = k;
        }
        if (best < 0) break;
        await add(`${heads[best]!.value!.line.replace(SESSION, `{"metadata":{"session_num":${written++}`)}\n`);
        heads[best] = await readers[best]!.next();
      }
    });
  } catch (err) {
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
      const startNs = startNsOf(line);
      if (!SESSION.test(line) || startNs === null) throw new UsageError(`${path}:${n}: not an mmload record line`);
      yield { line, startNs };
    }
  } finally {
    lines.close();
  }
}
