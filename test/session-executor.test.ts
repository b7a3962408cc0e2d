// The session executor: sessions in flight (closed loop), every turn paced with waiting turns first (open loop), turn and session limits.
import { describe, expect, it } from 'vitest';
import { SessionExecutor } from '../src/executors/session-executor.js';
import type { PhasePlan } from '../src/executors/executor.js';
import type { RequestRecord } from '../src/client/request-record.js';
import { buildChatTurn } from '../src/workload/request-body.js';
import type { Conversation, PreparedRequest } from '../src/workload/prepared-request.js';
import { arrivalGaps, arrivalOffsets } from '../src/executors/arrival-gaps.js';

/** `n` conversations of `turns` turns, each turn's text "c<i> t<k>", `delayMs` before every turn after the first. */
function conversations(n: number, turns: number, delayMs = 0): Conversation[] {
  return Array.from({ length: n }, (_, c) => ({
    id: `c${c}`,
    withHistory: true,
    turns: Array.from({ length: turns }, (_, k) => {
      const texts = [`c${c} t${k}`];
      const { request, message } = buildChatTurn({ index: c * turns + k, model: 'm', texts, images: [], imageIds: [], extraInputs: {} }, 'user');
      return { request, message, texts, delayMs: k === 0 ? 0 : delayMs, messageTokens: null };
    }),
  }));
}

const plan = (list: Conversation[], limits: { count?: number; sessions?: number; durationMs?: number }): PhasePlan =>
  ({ requests: [], conversations: list, count: limits.count, sessions: limits.sessions, durationMs: limits.durationMs });

interface Sent {
  readonly text: string;
  readonly session: string;
  readonly atMs: number;
  readonly intendedMs: number | null;
}

/** A send that answers after `latencyMs` with "answer to <text>", noting what went and when. */
function fakeSend(sent: Sent[], latencyMs: number, onSend?: () => void) {
  return async (request: PreparedRequest, phase: RequestRecord['phase'], intendedMs: number | null): Promise<RequestRecord> => {
    const body = JSON.parse(Buffer.concat(request.body as Buffer[]).toString()) as { messages: { content: string }[] };
    const text = body.messages.at(-1)!.content;
    sent.push({ text, session: request.session!.correlationId, atMs: performance.now(), intendedMs });
    onSend?.();
    await new Promise((resolve) => setTimeout(resolve, latencyMs));
    return {
      requestIndex: request.index, phase, xRequestId: 'x', intendedMs, startMs: 0, bodySentMs: null, headersMs: null, chunkMs: [], chunkTokens: [], endMs: 0,
      streamed: true, status: 200, usage: null, contentText: `answer to ${text}`, reasoningText: null, finishReason: null, bodyBytes: 0, responseBytes: 0, error: null,
    };
  };
}

describe('SessionExecutor, closed loop', () => {
  it('keeps N sessions in flight, each session\'s turns in order after the one before, every conversation once', async () => {
    const sent: Sent[] = [];
    let open = 0;
    let most = 0;
    const sessionsSeen = new Set<string>();
    const executor = new SessionExecutor({ sessions: 3 });
    const result = await executor.run(plan(conversations(7, 3, 5), { sessions: 7 }), 'profiling', fakeSend(sent, 2, () => {
      const session = sent.at(-1)!.session;
      if (!sessionsSeen.has(session)) {
        sessionsSeen.add(session);
        open++;
        most = Math.max(most, open);
      }
      if (sent.at(-1)!.text.endsWith('t2')) setTimeout(() => open--, 2);
    }));
    expect(result).toEqual({ issued: 21, stopped: false });
    expect(most).toBe(3);
    const bySession = new Map<string, string[]>();
    for (const s of sent) bySession.set(s.session, [...(bySession.get(s.session) ?? []), s.text]);
    expect([...bySession.values()].map((texts) => texts.join(',')).sort()).toEqual(
      Array.from({ length: 7 }, (_, c) => `c${c} t0,c${c} t1,c${c} t2`).sort());
  });

  it('stops at the turn count even inside a session (aiperf\'s --request-count), starting conversations over when they run out', async () => {
    const sent: Sent[] = [];
    const result = await new SessionExecutor({ sessions: 1 }).run(plan(conversations(2, 3), { count: 8 }), 'profiling', fakeSend(sent, 1));
    expect(result.issued).toBe(8);
    expect(sent.map((s) => s.text)).toEqual(['c0 t0', 'c0 t1', 'c0 t2', 'c1 t0', 'c1 t1', 'c1 t2', 'c0 t0', 'c0 t1']);
    // The conversation run again is a session of its own.
    expect(new Set(sent.map((s) => s.session)).size).toBe(3);
  });

  it('lets every started session finish at the session count, and gives a turn after a think time its due time', async () => {
    const sent: Sent[] = [];
    await new SessionExecutor({ sessions: 2 }).run(plan(conversations(5, 2, 30), { sessions: 3 }), 'profiling', fakeSend(sent, 1));
    expect(sent.map((s) => s.text).sort()).toEqual(['c0 t0', 'c0 t1', 'c1 t0', 'c1 t1', 'c2 t0', 'c2 t1']);
    for (const s of sent) {
      if (s.text.endsWith('t0')) expect(s.intendedMs).toBeNull();
      else expect(s.atMs).toBeGreaterThanOrEqual(s.intendedMs!);
    }
  });
});

describe('SessionExecutor, open loop', () => {
  it('paces every turn, a waiting turn before a new session, and stops at the turn count', async () => {
    const sent: Sent[] = [];
    const executor = new SessionExecutor({ sessions: Infinity, offsets: () => arrivalOffsets(arrivalGaps('constant', 40, 1, 0)) });
    const result = await executor.run(plan(conversations(10, 2), { count: 6 }), 'profiling', fakeSend(sent, 3));
    expect(result.issued).toBe(6);
    // Each reply comes long before the next tick (25 ms apart), so a session's second turn takes the tick after its first.
    expect(sent.map((s) => s.text)).toEqual(['c0 t0', 'c0 t1', 'c1 t0', 'c1 t1', 'c2 t0', 'c2 t1']);
    const start = sent[0]!.intendedMs!;
    sent.forEach((s, i) => expect(s.intendedMs! - start).toBeCloseTo(25 * i, 0));
  });

  it('holds new sessions at the session cap: a tick nobody can take waits for room', async () => {
    const sent: Sent[] = [];
    const executor = new SessionExecutor({ sessions: 1, offsets: () => arrivalOffsets(arrivalGaps('constant', 200, 1, 0)) });
    await executor.run(plan(conversations(3, 2, 20), { sessions: 3 }), 'profiling', fakeSend(sent, 2));
    expect(sent.map((s) => s.text)).toEqual(['c0 t0', 'c0 t1', 'c1 t0', 'c1 t1', 'c2 t0', 'c2 t1']);
  });

  it('ends at once when stopped, with what was sent settled', async () => {
    const sent: Sent[] = [];
    const executor = new SessionExecutor({ sessions: 4, offsets: () => arrivalOffsets(arrivalGaps('constant', 100, 1, 0)) });
    setTimeout(() => executor.stop(), 60);
    const started = performance.now();
    const result = await executor.run(plan(conversations(50, 5, 1000), {}), 'profiling', fakeSend(sent, 5));
    expect(performance.now() - started).toBeLessThan(1000);
    expect(result.stopped).toBe(true);
    expect(result.issued).toBe(sent.length);
  });
});
