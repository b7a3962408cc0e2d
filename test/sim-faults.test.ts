// Every fault of `mmload sim` happens on the wire as configured: 429, 500/503, reset, stall, malformed event, slow read.
import { join } from 'node:path';
import { request } from 'undici';
import { afterAll, describe, expect, it } from 'vitest';
import { SLOW_READ_PAUSE_MS } from '../src/sim/sim-chat.js';
import { startSim, type RunningSim } from '../src/sim/sim-server.js';
import type { SimOptions } from '../src/sim/sim-options.js';
import type { TraceRecord } from '../src/sim/sim-trace.js';
import { useScratch } from './helpers/shared-setup.js';
import { readJsonLines } from './helpers/read-json.js';

const BODY = { messages: [{ role: 'user', content: 'Tell me a story.' }], stream: true, max_tokens: 40, ignore_eos: true };

interface Outcome {
  status: number;
  text: string;
  /** The read failed (connection dropped). */
  failed: boolean;
  /** Longest pause between two reads of the body, ms. */
  maxGapMs: number;
  startToFirstMs: number;
}

async function send(url: string, body: object | string = BODY): Promise<Outcome> {
  const started = performance.now();
  const res = await request(`${url}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: typeof body === 'string' ? body : JSON.stringify(body) });
  let text = '';
  let failed = false;
  let last = performance.now();
  let maxGapMs = 0;
  let startToFirstMs = -1;
  try {
    for await (const part of res.body) {
      const now = performance.now();
      if (startToFirstMs < 0) startToFirstMs = now - started;
      maxGapMs = Math.max(maxGapMs, now - last);
      last = now;
      text += (part as Buffer).toString('utf8');
    }
  } catch {
    failed = true;
  }
  return { status: res.statusCode, text, failed, maxGapMs, startToFirstMs };
}

describe('mmload sim faults', () => {
  const sims: RunningSim[] = [];
  const setup = useScratch('mmload-sim-faults-');
  const start = async (options: Partial<SimOptions>): Promise<RunningSim> => {
    const sim = await startSim({ port: 0, speed: 50, seed: 11, ...options });
    sims.push(sim);
    return sim;
  };
  afterAll(async () => {
    await Promise.all(sims.map((s) => s.close()));
  });

  it('a fault striking at the very first token does not stall the engine for the requests after it', async () => {
    const sim = await start({ speed: 100, resetRate: 1 });
    const body = { ...BODY, max_tokens: 1 };
    for (let i = 0; i < 3; i++) {
      const outcome = await send(sim.url, body);
      expect(outcome.status).toBe(200); // answered (then dropped, as configured), never left hanging
    }
  });

  it('--reject-rate answers 429 with an OpenAI-style error body', async () => {
    const sim = await start({ rejectRate: 1 });
    const outcome = await send(sim.url);
    expect(outcome.status).toBe(429);
    expect(JSON.parse(outcome.text)).toMatchObject({ error: { code: 429, type: 'RateLimitError' } });
  });

  it('--fail-rate answers 500 or 503 with an error body, both seen over a few requests', async () => {
    const sim = await start({ failRate: 1 });
    const outcomes = await Promise.all(Array.from({ length: 12 }, () => send(sim.url)));
    expect(new Set(outcomes.map((o) => o.status))).toEqual(new Set([500, 503]));
    for (const o of outcomes) expect(JSON.parse(o.text)).toMatchObject({ error: { code: o.status, type: 'InternalServerError' } });
  });

  it('--reset-rate drops the connection mid-stream, before [DONE]', async () => {
    const sim = await start({ resetRate: 1 });
    const outcomes = await Promise.all(Array.from({ length: 4 }, () => send(sim.url)));
    for (const o of outcomes) {
      expect(o.status).toBe(200);
      expect(o.failed).toBe(true);
      expect(o.text).not.toContain('[DONE]');
    }
  });

  it('--malformed-rate sends a broken SSE event and ends the stream', async () => {
    const sim = await start({ malformedRate: 1 });
    const o = await send(sim.url);
    expect(o.status).toBe(200);
    expect(o.text).toMatch(/data: \{not json\n\n$/);
    expect(o.text).not.toContain('[DONE]');
  });

  it('--stall-rate pauses --stall-ms (scaled by --speed) before or inside the stream, which then completes', async () => {
    const stallMs = 400; // real ms at this speed
    const sim = await start({ stallRate: 1, stallMs: stallMs * 50 });
    const outcomes = await Promise.all(Array.from({ length: 3 }, () => send(sim.url)));
    for (const o of outcomes) {
      expect(o.text).toContain('[DONE]');
      expect(o.text.match(/"content":" tok"/g)).toHaveLength(40);
      expect(Math.max(o.maxGapMs, o.startToFirstMs)).toBeGreaterThanOrEqual(stallMs * 0.9);
    }
    const calm = await send((await start({})).url);
    expect(Math.max(calm.maxGapMs, calm.startToFirstMs)).toBeLessThan(stallMs * 0.9);
  });

  it('--slow-read reads the request body slowly (a pause after each chunk)', async () => {
    const trace = join(setup.work, 'slow.jsonl');
    const sim = await startSim({ port: 0, speed: 1, slowRead: true, trace });
    const padding = 'x'.repeat(1_000_000); // ≥ 16 reads of at most 64 KiB
    const o = await send(sim.url, { ...BODY, max_tokens: 1, padding });
    await sim.close();
    expect(o.status).toBe(200);
    const [record] = readJsonLines(trace) as TraceRecord[];
    expect(record!.received_epoch_ms! - record!.arrival_epoch_ms).toBeGreaterThanOrEqual(8 * SLOW_READ_PAUSE_MS);
  });
});
