// Conversations end to end: a multi_turn file's sessions sent in order with their history (the server's own answers), delays kept, records tagged.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startAnsweringServer, type AnsweredRequest, type AnsweringServer } from './fixtures/answering-server.js';
import { runCli } from './helpers/run-cli.js';
import { useScratch } from './helpers/shared-setup.js';

const scratch = useScratch('mmload-conversations-');
const DELAYS = [0, 300, 150];
let server: AnsweringServer | undefined;
afterEach(() => server?.close());

beforeAll(async () => {
  for (const s of [0, 1, 2]) {
    await sharp({ create: { width: 40 + s, height: 32, channels: 3, background: { r: 60 * s, g: 90, b: 20 } } }).png().toFile(join(scratch.work, `photo-${s}.png`));
  }
  const line = (s: number) => JSON.stringify({
    session_id: `chat-${s}`,
    turns: [
      { text: `session ${s} turn 0: what is in the photo?`, images: [`photo-${s}.png`] },
      { text: `session ${s} turn 1: and its colours?`, delay: DELAYS[1] },
      { text: `session ${s} turn 2: summarise`, delay: DELAYS[2] },
    ],
  });
  writeFileSync(join(scratch.work, 'chats.jsonl'), `${[0, 1, 2].map(line).join('\n')}\n`);
});

/** The text of a message's content (a string, or its first text part). */
function textOf(content: unknown): string {
  return typeof content === 'string' ? content : (content as { type: string; text?: string }[]).find((p) => p.type === 'text')!.text!;
}

function imagesOf(content: unknown): string[] {
  return typeof content === 'string' ? [] : (content as { type: string; image_url?: { url: string } }[]).flatMap((p) => (p.image_url ? [p.image_url.url] : []));
}

type ExportRecord = { metadata: Record<string, unknown>; metrics: Record<string, { value: number }> };

function recordsOf(dir: string): ExportRecord[] {
  return readFileSync(join(dir, 'records.jsonl'), 'utf8').trim().split('\n').map((line) => JSON.parse(line) as ExportRecord);
}

/** The requests of each session (by its id in `header`: X-Correlation-ID unless --session-header said otherwise), in arrival order. */
function bySession(log: readonly AnsweredRequest[], header = 'x-correlation-id'): AnsweredRequest[][] {
  const groups = new Map<string, AnsweredRequest[]>();
  for (const entry of log) {
    const id = entry.headers[header] as string;
    groups.set(id, [...(groups.get(id) ?? []), entry]);
  }
  return [...groups.values()];
}

describe('a multi_turn file of 3 sessions × 3 turns', () => {
  it('sends each session\'s turns in order, turn n with its history: every earlier turn, the answers the server streamed, the same image bytes', async () => {
    server = await startAnsweringServer();
    const out = join(scratch.work, 'run');
    const run = await runCli(['profile', '--url', server.url, '-m', 'm', '--input-file', join(scratch.work, 'chats.jsonl'), '--custom-dataset-type', 'multi_turn',
      '--streaming', '--concurrency', '3', '--conversation-num', '3', '--shared-system-prompt-length', '12', '--artifact-dir', out, '-q']);
    expect(run.stderr.split('\n').filter((line) => /error|warning: (?!no tokenizer found|client limited)/i.test(line))).toEqual([]);
    expect(run.code).toBe(0);
    const sessions = bySession(server.log);
    expect(sessions).toHaveLength(3);
    for (const turns of sessions) {
      expect(turns).toHaveLength(3);
      const s = /session (\d)/.exec(textOf(turns[0]!.body.messages[1]!.content))![1];
      const system = turns[0]!.body.messages[0]!;
      turns.forEach((turn, k) => {
        // The same system prompt first; then turn k carries 2k + 1 messages, user and assistant alternating.
        expect(turn.body.messages[0]).toEqual(system);
        const messages = turn.body.messages.slice(1);
        expect(messages.map((m) => m.role)).toEqual(Array.from({ length: 2 * k + 1 }, (_, i) => (i % 2 === 0 ? 'user' : 'assistant')));
        expect(textOf(messages.at(-1)!.content)).toBe(`session ${s} turn ${k}: ${['what is in the photo?', 'and its colours?', 'summarise'][k]}`);
        for (let j = 0; j < k; j++) {
          expect(messages[2 * j + 1]!.content).toBe(turns[j]!.answer);
          expect(messages[2 * j]).toEqual(turns[j]!.body.messages.at(-1));
        }
        if (k > 0) {
          // Sent after the previous answer and its think time.
          expect(turn.arrivedMs - turns[k - 1]!.endedMs).toBeGreaterThanOrEqual(DELAYS[k]! - 1);
        }
      });
      expect(system.role).toBe('system');
      const photo = imagesOf(turns[0]!.body.messages[1]!.content);
      expect(photo).toHaveLength(1);
      expect(photo[0]).toMatch(/^data:image\/png;base64,/);
      expect(imagesOf(turns[2]!.body.messages[1]!.content)).toEqual(photo);
    }

    const records = recordsOf(out);
    expect(records).toHaveLength(9);
    for (const turns of sessions) {
      const mine = records.filter((r) => r.metadata.x_correlation_id === turns[0]!.correlationId);
      expect(mine.map((r) => r.metadata.turn_index).sort()).toEqual([0, 1, 2]);
      expect(new Set(mine.map((r) => r.metadata.conversation_id)).size).toBe(1);
      expect(mine[0]!.metadata.conversation_id).toMatch(/^chat-[012]$/);
      // A turn after a think time was due when it ended: its from-schedule latency counts from then, not from the session's start.
      for (const record of mine.filter((r) => (r.metadata.turn_index as number) > 0)) {
        const previous = mine.find((r) => r.metadata.turn_index === (record.metadata.turn_index as number) - 1)!;
        const gapMs = (Number(record.metadata.request_start_ns) - Number(previous.metadata.request_end_ns)) / 1e6;
        const delayMs = DELAYS[record.metadata.turn_index as number]!;
        expect(gapMs).toBeGreaterThanOrEqual(delayMs - 1);
        const dueMs = (Number(record.metadata.request_intended_ns) - Number(previous.metadata.request_end_ns)) / 1e6;
        expect(dueMs).toBeGreaterThanOrEqual(delayMs - 1);
        expect(dueMs).toBeLessThan(delayMs + 250);
        const fromSchedule = record.metrics.request_latency_from_schedule!.value;
        expect(fromSchedule).toBeCloseTo(record.metrics.request_latency!.value + (Number(record.metadata.request_start_ns) - Number(record.metadata.request_intended_ns)) / 1e6, 0);
      }
    }
  });

  it('goes on after a failed turn, as aiperf does: the next turn carries the failed turn\'s message and no answer to it', async () => {
    // The second request to arrive (some session's turn 0 or 1) fails.
    server = await startAnsweringServer((sequence) => sequence === 1);
    const out = join(scratch.work, 'failed');
    const run = await runCli(['profile', '--url', server.url, '-m', 'm', '--input-file', join(scratch.work, 'chats.jsonl'), '--custom-dataset-type', 'multi_turn',
      '--concurrency', '1', '--request-count', '9', '--artifact-dir', out, '-q']);
    expect(run.code).toBe(0);
    expect(server.log).toHaveLength(9);
    const [first] = bySession(server.log);
    expect(first!.map((t) => t.answer === null)).toEqual([false, true, false]);
    expect(first![2]!.body.messages.map((m) => m.role)).toEqual(['user', 'assistant', 'user', 'user']);
    expect(recordsOf(out).filter((r) => 'error' in r)).toHaveLength(1);
  });
});

describe('single_turn lines that share a session_id', () => {
  it('run as sessions in file order, each line sent alone, one session id per session in --session-header\'s header', async () => {
    const file = join(scratch.work, 'grouped.jsonl');
    writeFileSync(file, [
      { session_id: 'a', text: 'a first' }, { session_id: 'b', text: 'b first' }, { session_id: 'a', text: 'a second', delay: 200 }, { text: 'alone' },
    ].map((l) => JSON.stringify(l)).join('\n'));
    server = await startAnsweringServer();
    const run = await runCli(['profile', '--url', server.url, '-m', 'm', '--input-file', file, '--concurrency', '1', '--request-count', '4', '--session-header', 'X-Session-Id',
      '--artifact-dir', join(scratch.work, 'grouped'), '-q']);
    expect(run.code).toBe(0);
    expect(server.log.every((t) => t.correlationId === null)).toBe(true);
    const sessions = bySession(server.log, 'x-session-id').map((turns) => turns.map((t) => textOf(t.body.messages.at(-1)!.content)));
    expect(sessions.sort()).toEqual([['a first', 'a second'], ['alone'], ['b first']]);
    expect(server.log.every((t) => t.body.messages.length === 1)).toBe(true);
    const [aFirst, aSecond] = bySession(server.log, 'x-session-id').find((turns) => turns.length === 2)!;
    expect(aSecond!.arrivedMs - aFirst!.endedMs).toBeGreaterThanOrEqual(199);
  });
});
