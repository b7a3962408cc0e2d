// groupSingleTurnSessions: a single_turn file's lines grouped by session_id as aiperf does, read from real files.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readSingleTurn, type SingleTurnEntry } from '../src/workload/single-turn-jsonl.js';
import { groupSingleTurnSessions } from '../src/workload/single-turn-sessions.js';
import { useScratch } from './helpers/shared-setup.js';

const scratch = useScratch('mmload-single-turn-sessions-');

async function jsonl(name: string, lines: (object | string)[]): Promise<string> {
  const path = join(scratch.work, name);
  await writeFile(path, lines.map((l) => (typeof l === 'string' ? l : JSON.stringify(l))).join('\n'));
  return path;
}

async function entriesOf(path: string): Promise<SingleTurnEntry[]> {
  const entries: SingleTurnEntry[] = [];
  for await (const entry of readSingleTurn(path)) entries.push(entry);
  return entries;
}

describe('groupSingleTurnSessions', () => {
  it('leaves a file without any session_id a plain single-turn workload', async () => {
    const file = await jsonl('plain.jsonl', [{ text: 'a' }, { text: 'b', delay: 5 }, { text: 'c', session_id: '' }]);
    expect(groupSingleTurnSessions(await entriesOf(file), file)).toBeNull();
  });

  it('groups interleaved lines by id in file order, each line without one a conversation of its own, without history', async () => {
    const file = await jsonl('sessions.jsonl', [
      { text: 's0 first', session_id: 's0', delay: 900 },
      { text: 's1 first', session_id: 's1' },
      { text: 'alone', delay: 50 },
      { text: 's0 second', session_id: 's0', delay: 250, images: ['a.png', 'http://x/b.jpg'], image_uuids: ['u1', 'u2'] },
      '',
      { text: 's1 second', session_id: 's1', output_length: 64, extra: { top_k: 1 } },
    ]);
    const conversations = groupSingleTurnSessions(await entriesOf(file), file)!;
    expect(conversations.map((c) => [c.id, c.turns.map((t) => t.texts[0]), c.withHistory])).toEqual([
      ['s0', ['s0 first', 's0 second'], false],
      ['s1', ['s1 first', 's1 second'], false],
      ['session_000002', ['alone'], false],
    ]);
    expect(conversations[0]!.turns).toStrictEqual([
      // A first turn keeps its delay; it is never waited.
      { line: 1, texts: ['s0 first'], images: [], delayMs: 900, role: 'user' },
      { line: 4, texts: ['s0 second'], images: ['a.png', 'http://x/b.jpg'], imageUuids: ['u1', 'u2'], delayMs: 250, role: 'user' },
    ]);
    expect(conversations[1]!.turns[1]).toStrictEqual({ line: 6, texts: ['s1 second'], images: [], delayMs: 0, role: 'user', outputLength: 64, extra: { top_k: 1 } });
  });

  it('refuses a generated id that another line uses as its session_id', async () => {
    const file = await jsonl('clash.jsonl', [{ text: 'a', session_id: 'session_000001' }, { text: 'b' }]);
    const entries = await entriesOf(file);
    expect(() => groupSingleTurnSessions(entries, file))
      .toThrow(`${file}:2: its conversation would be named "session_000001", the session_id of line 1; give this line a session_id`);
  });

  it('refuses a single_turn line with both a timestamp and a delay, as aiperf does (a zero with the other passes)', async () => {
    const bad = await jsonl('both.jsonl', [{ text: 'a', timestamp: 10, delay: 5, session_id: 's' }]);
    await expect(entriesOf(bad)).rejects.toThrow(`${bad}:1: use "timestamp" or "delay", not both`);
    const zero = await jsonl('zero.jsonl', [{ text: 'a', timestamp: 0, delay: 5, session_id: 's' }]);
    expect((await entriesOf(zero))[0]).toMatchObject({ timestamp: 0, delay: 5 });
  });
});
