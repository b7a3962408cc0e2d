// Writes aiperf's inputs.json: every distinct workload entry's request body, streamed one entry at a time.
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { writeAtomically } from '../fs/write-atomically.js';
import { piecesInMemory } from '../workload/body-spool.js';
import type { PreparedRequest, Workload } from '../workload/prepared-request.js';
import { sessionIdOf } from '../workload/session-groups.js';
import type { Redact } from '../secrets/redactor.js';

const INPUTS_JSON = 'inputs.json';

/** Where a payload sits in the file: {"data": [{"payloads": [ here ]}]}. */
const PAYLOAD_DEPTH = 4;

/** One session of inputs.json: its id and the bodies of its turns, in order. */
export interface InputsSession {
  readonly sessionId: string;
  readonly payloads: readonly PreparedRequest[];
}

/**
 * A workload's sessions as aiperf lists them: one per distinct entry (by index, first occurrence first; a request sent
 * many times is one entry), or one per conversation with each turn alone (the answers its history will hold are not
 * known before the run, as aiperf writes them).
 */
export function inputsSessions(workload: Pick<Workload, 'entries' | 'sessions'>): InputsSession[] {
  if (workload.sessions !== undefined) {
    return workload.sessions.conversations.map((c) => ({ sessionId: c.id, payloads: c.turns.map((turn) => turn.request) }));
  }
  const seen = new Set<number>();
  return workload.entries.flatMap((request) => {
    if (seen.has(request.index)) return [];
    seen.add(request.index);
    return [{ sessionId: sessionIdOf(request.index), payloads: [request] }];
  });
}

/**
 * Writes DIR/inputs.json as aiperf does: {"data": [{"session_id", "payloads": [body, …]}]} with 2-space indentation and
 * no final newline. Bodies are the bytes sent, laid out again; one body is in memory at a time, never the whole file.
 * It appears whole, by rename. `redact` masks the run's secrets in each body (an extra input's api_key, a signed image
 * URL's signature). Returns its path.
 */
export async function writeInputsJson(dir: string, sessions: readonly InputsSession[], redact: Redact): Promise<string> {
  const path = join(dir, INPUTS_JSON);
  await writeAtomically(path, async (tmp) => {
    const file = await open(tmp, 'w');
    try {
      const write = (text: string) => file.write(text);
      await write('{\n  "data": [');
      for (const [i, session] of sessions.entries()) {
        await write(`${i > 0 ? ',' : ''}\n    {\n      "session_id": ${JSON.stringify(session.sessionId)},\n      "payloads": [`);
        for (const [k, request] of session.payloads.entries()) {
          await write(`${k > 0 ? ',' : ''}\n        `);
          await write(redact(indented(await piecesInMemory(request.body), PAYLOAD_DEPTH)));
        }
        await write('\n      ]\n    }');
      }
      await write(sessions.length > 0 ? '\n  ]\n}' : ']\n}');
    } finally {
      await file.close();
    }
  });
  return path;
}

/** A compact JSON body as JSON.stringify(value, null, 2) (and aiperf's orjson) lay it out, its later lines `depth` levels in. */
function indented(body: readonly Buffer[], depth: number): string {
  // A JSON string holds no raw line break, so every one is the layout's own.
  return JSON.stringify(JSON.parse(Buffer.concat(body).toString('utf8')), null, 2).replaceAll('\n', `\n${'  '.repeat(depth)}`);
}
