// readMultiTurn: aiperf's multi_turn JSONL read from real files into conversations, and every malformed line refused in one line.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readMultiTurn } from '../src/workload/multi-turn-jsonl.js';
import { useScratch } from './helpers/shared-setup.js';

const scratch = useScratch('mmload-multi-turn-');

async function jsonl(name: string, lines: (object | string)[]): Promise<string> {
  const path = join(scratch.work, name);
  await writeFile(path, lines.map((l) => (typeof l === 'string' ? l : JSON.stringify(l))).join('\n'));
  return path;
}

const HTTP_URL = 'http://images.example/cat.jpg?size=512';
const DATA_URL = 'data:image/png;base64,iVBORw0KGgo=';

describe('readMultiTurn', () => {
  it('reads 3 sessions of 3 turns with their texts, images, roles, delays, output lengths and extra', async () => {
    const session = (s: number): object => ({
      session_id: `chat-${s}`,
      type: 'multi_turn',
      turns: [
        { text: `s${s} look`, images: [`photos/${s}.png`, HTTP_URL], output_length: 40 + s },
        { texts: [`s${s} and`, 'this?'], image: DATA_URL, delay: 1500, extra: { temperature: 0.5 } },
        { text: `s${s} thanks`, role: 'system', delay: 0.5 },
      ],
    });
    const file = await jsonl('three.jsonl', [session(0), session(1), session(2)]);
    const conversations = await readMultiTurn(file);
    expect(conversations.map((c) => [c.id, c.turns.length, c.withHistory])).toEqual([['chat-0', 3, true], ['chat-1', 3, true], ['chat-2', 3, true]]);
    expect(conversations[1]!.turns).toStrictEqual([
      { line: 2, texts: ['s1 look'], images: ['photos/1.png', HTTP_URL], delayMs: 0, role: 'user', outputLength: 41 },
      { line: 2, texts: ['s1 and', 'this?'], images: [DATA_URL], delayMs: 1500, role: 'user', extra: { temperature: 0.5 } },
      { line: 2, texts: ['s1 thanks'], images: [], delayMs: 0.5, role: 'system' },
    ]);
  });

  it('merges the lines of a split session in file order, in the order sessions first appear, and names the others by position', async () => {
    const file = await jsonl('split.jsonl', [
      { session_id: 'b', turns: [{ text: 'b1' }] },
      { turns: [{ text: 'anon1' }, { text: 'anon2', delay: 10 }] },
      '',
      { session_id: 'a', turns: [{ text: 'a1' }] },
      { session_id: 'b', turns: [{ text: 'b2', delay: 5 }, { text: 'b3' }] },
      { session_id: '', turns: [{ image: 'x.jpg' }] },
      { session_id: 'a', turns: [{ text: 'a2' }] },
    ]);
    const conversations = await readMultiTurn(file);
    expect(conversations.map((c) => [c.id, c.turns.map((t) => [t.line, t.texts[0] ?? t.images[0], t.delayMs])])).toEqual([
      ['b', [[1, 'b1', 0], [5, 'b2', 5], [5, 'b3', 0]]],
      ['session_000001', [[2, 'anon1', 0], [2, 'anon2', 10]]],
      ['a', [[4, 'a1', 0], [7, 'a2', 0]]],
      ['session_000003', [[6, 'x.jpg', 0]]],
    ]);
  });

  it('keeps image_uuids, drops empty texts and gives an empty role "user"', async () => {
    const file = await jsonl('uuids.jsonl', [{ turns: [{ texts: ['', 'q'], images: ['a.png', 'b.png'], image_uuids: ['u1', 'u2'], role: '' }] }]);
    expect((await readMultiTurn(file))[0]!.turns[0]).toStrictEqual({ line: 1, texts: ['q'], images: ['a.png', 'b.png'], imageUuids: ['u1', 'u2'], delayMs: 0, role: 'user' });
  });

  it('refuses a generated id that another line already uses as its session_id', async () => {
    const file = await jsonl('clash.jsonl', [{ turns: [{ text: 'a' }] }, { session_id: 'session_000000', turns: [{ text: 'b' }] }]);
    await expect(readMultiTurn(file)).rejects.toThrow(`${file}:1: its conversation would be named "session_000000", the session_id of line 2; give this line a session_id`);
  });

  it('reports a missing file and a file with no conversations', async () => {
    const missing = join(scratch.work, 'absent.jsonl');
    await expect(readMultiTurn(missing)).rejects.toThrow(`input file not found: ${missing}`);
    const empty = await jsonl('empty.jsonl', ['', '  ']);
    await expect(readMultiTurn(empty)).rejects.toThrow(`input file has no conversations (only blank lines): ${empty}`);
  });

  it('names the file and the line of each problem, in one line', async () => {
    const turn = (fields: object): object => ({ session_id: 's', turns: [{ text: 'ok' }, fields] });
    const cases: [object | string, string][] = [
      ['{"turns": [', 'invalid JSON ('],
      [[{ text: 'a' }], 'expected a JSON object'],
      [{ session_id: 's' }, 'needs "turns"'],
      [{ turns: [] }, '"turns" must be a non-empty list of turns'],
      [{ turns: { text: 'a' } }, '"turns" must be a non-empty list of turns'],
      [{ type: 'single_turn', turns: [{ text: 'a' }] }, '"type" must be "multi_turn"'],
      [{ session_id: 7, turns: [{ text: 'a' }] }, '"session_id" must be a string'],
      [{ turns: [{ text: 'a' }], sesion_id: 's' }, 'unknown field "sesion_id" (expected session_id, turns, type)'],
      [{ turns: ['hello'] }, 'turns[0]: expected a JSON object'],
      [turn({ text: 'a', texts: ['b'] }), 'turns[1]: use "text" or "texts", not both'],
      [turn({ image: 'a.png', images: ['b.png'] }), 'turns[1]: use "image" or "images", not both'],
      [turn({ delay: 100 }), 'turns[1]: needs "text", "texts", "image" or "images"'],
      [turn({ text: '' }), 'turns[1]: needs "text", "texts", "image" or "images"'],
      [turn({ text: 'a', delay: -1 }), 'turns[1]: "delay" must be a number >= 0'],
      [turn({ text: 'a', delay: '100' }), 'turns[1]: "delay" must be a number >= 0'],
      [turn({ text: 3 }), 'turns[1]: "text" must be a string'],
      [turn({ texts: 'a' }), 'turns[1]: "texts" must be a list of strings'],
      [turn({ images: [1] }), 'turns[1]: "images" must be a list of strings'],
      [turn({ images: [{ name: 'img', contents: ['a.png'] }] }), 'turns[1]: "images" as {name, contents} objects is not supported: give a list of strings'],
      [turn({ image: '' }), 'turns[1]: an image reference is empty'],
      [turn({ text: 'a', role: 1 }), 'turns[1]: "role" must be a string'],
      [turn({ text: 'a', output_length: 0 }), 'turns[1]: "output_length" must be a positive integer'],
      [turn({ text: 'a', output_length: 2.5 }), 'turns[1]: "output_length" must be a positive integer'],
      [turn({ text: 'a', extra: [1] }), 'turns[1]: "extra" must be a JSON object'],
      [turn({ image: 'a.png', image_uuids: ['u', 'v'] }), 'turns[1]: "image_uuids" has 2 entries for 1 images'],
      [turn({ text: 'a', timestamp: 5, delay: 5 }), 'turns[1]: use "timestamp" or "delay", not both'],
      [turn({ text: 'a', timestamp: 5 }), 'turns[1]: "timestamp" is not supported in multi_turn by mmload yet (use "delay")'],
      [turn({ text: 'a', session_id: 's' }), 'turns[1]: unknown field "session_id" (expected text, texts, image, images, image_uuids, extra, output_length, timestamp, delay, role)'],
    ];
    for (const [line, problem] of cases) {
      const file = await jsonl('bad.jsonl', [{ turns: [{ text: 'ok' }] }, '', line, { turns: [{ text: 'after' }] }]);
      const error = await readMultiTurn(file).catch((err: unknown) => err);
      expect(error).toBeInstanceOf(Error);
      const message = (error as Error).message;
      // The parser's own wording follows "invalid JSON (".
      if (problem.endsWith('(')) expect(message.startsWith(`${file}:3: ${problem}`), message).toBe(true);
      else expect(message).toBe(`${file}:3: ${problem}`);
      expect(message).not.toContain('\n');
    }
  });
});
