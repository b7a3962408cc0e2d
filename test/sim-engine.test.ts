// The simulator's engine in virtual time: batching limits, chunked prefill, caches, and the seed-003 cache A/B direction.
import { describe, expect, it } from 'vitest';
import { QWEN3_VL_30B_A3B_H100 as H100, type EngineConstants } from '../src/model/engine-constants.js';
import { EngineCore, type EngineSettings } from '../src/sim/engine-core.js';
import type { EngineJob } from '../src/sim/engine-job.js';
import { createRandom } from '../src/util/seeded-random.js';

const SETTINGS: EngineSettings = { maxNumSeqs: 1024, embeddingCacheBytes: 10e9, prefixCaching: true };

interface Timed {
  arrival: number;
  first: number;
  end: number;
}

/** Closed-loop client in virtual time: keeps `concurrency` jobs in the engine until `jobs` are done. */
function closedLoop(core: EngineCore, jobs: ((emit: (n: number) => void) => EngineJob)[], concurrency: number): { timed: Timed[]; steps: number[] } {
  let now = 0;
  let next = 0;
  let done = 0;
  const timed: Timed[] = [];
  const steps: number[] = [];
  const submit = (): void => {
    if (next >= jobs.length) return;
    const t: Timed = { arrival: now, first: -1, end: -1 };
    timed.push(t);
    const make = jobs[next++]!;
    const job = make((generated) => {
      if (generated === 1) t.first = now;
      if (generated === job.outputTokens) {
        t.end = now;
        done++;
        submit();
      }
    });
    core.submit(job);
  };
  for (let i = 0; i < concurrency; i++) submit();
  while (done < jobs.length) {
    const cost = core.schedule();
    if (cost === null) throw new Error('engine idle with work left');
    steps.push(cost);
    now += cost;
    core.commit();
  }
  return { timed, steps };
}

/** Seed 003: 1,000 requests, one 512x512 image each from a 200-image pool (first 200 distinct), 400 text tokens, 150 output tokens forced. */
function seed003(): ((emit: (n: number) => void) => EngineJob)[] {
  const random = createRandom(3);
  return Array.from({ length: 1000 }, (_, i) => {
    const image = i < 200 ? i : Math.floor(random() * 200);
    return (emit) => ({ promptTokens: 8 + 400 + 258, blocks: [], images: [{ key: `img-${image}`, tokens: 256, start: 409 }], outputTokens: 150, emit });
  });
}

function summary({ timed }: { timed: Timed[] }) {
  const end = Math.max(...timed.map((t) => t.end));
  const ttft = timed.reduce((sum, t) => sum + (t.first - t.arrival), 0) / timed.length;
  return { outputTps: (timed.length * 150) / (end / 1000), ttftMs: ttft };
}

const job = (tokens: number, outputTokens: number, extra: Partial<EngineJob> = {}): EngineJob =>
  ({ promptTokens: tokens, blocks: [], images: [], outputTokens, emit: () => {}, ...extra });

describe('simulated engine', () => {
  it('on the seed-003 workload the embedding cache raises output throughput and cuts mean TTFT, like the GB200 A/B', () => {
    const on = new EngineCore(H100, SETTINGS);
    const off = new EngineCore(H100, { ...SETTINGS, embeddingCacheBytes: 0 });
    const a = summary(closedLoop(on, seed003(), 64));
    const b = summary(closedLoop(off, seed003(), 64));
    expect(on.counters).toMatchObject({ mmQueries: 1000, mmHits: 800 });
    expect(off.counters).toMatchObject({ mmQueries: 0, mmHits: 0 });
    const tpsGain = a.outputTps / b.outputTps - 1;
    const ttftCut = a.ttftMs / b.ttftMs - 1;
    // GB200: +16.4% output throughput, -27.7% mean TTFT
    expect(tpsGain).toBeGreaterThan(0.08);
    expect(tpsGain).toBeLessThan(0.3);
    expect(ttftCut).toBeLessThan(-0.15);
    expect(ttftCut).toBeGreaterThan(-0.45);
  });

  it('runs at most max-num-seqs at once and queues the rest', () => {
    const core = new EngineCore(H100, { ...SETTINGS, maxNumSeqs: 4 });
    for (let i = 0; i < 10; i++) core.submit(job(100, 5));
    core.schedule();
    expect([core.runningCount, core.waitingCount]).toEqual([4, 6]);
  });

  it('prefills a long prompt in chunks of max_num_batched_tokens before its first token', () => {
    const core = new EngineCore(H100, SETTINGS);
    const firsts: number[] = [];
    let step = 0;
    core.submit(job(20_000, 2, { emit: (n) => n === 1 && firsts.push(step) }));
    for (; step < 3; step++) {
      core.schedule();
      core.commit();
    }
    expect(firsts).toEqual([2]); // 8192 + 8192 + 3616
  });

  it('prices a step by its prefill, its encoder misses and its decode batch', () => {
    const engine: EngineConstants = { ...H100, stepBaseMs: 1, prefillUsPerToken: 10, encoderUsPerImageToken: 100, decodeUsPerSeq: 1000 };
    const core = new EngineCore(engine, SETTINGS);
    core.submit(job(1000, 3, { images: [{ key: 'a', tokens: 100, start: 10 }] }));
    expect(core.schedule()).toBeCloseTo(1 + 10 + 10); // base + 1000 prefill tokens + 100 image tokens encoded
    core.commit();
    core.submit(job(1000, 3, { images: [{ key: 'a', tokens: 100, start: 10 }] }));
    expect(core.schedule()).toBeCloseTo(1 + 10 + 1); // the image hits: no encoder; one decode
    core.commit();
    expect(core.schedule()).toBeCloseTo(1 + 2); // two decodes
  });

  it('evicts the least recently used embedding when the cache is full', () => {
    const perImage = 256 * H100.hiddenSize * H100.bytesPerValue;
    const core = new EngineCore(H100, { ...SETTINGS, embeddingCacheBytes: 2 * perImage });
    const hits: boolean[][] = [];
    for (const key of ['a', 'b', 'a', 'c', 'a', 'b']) {
      const ticket = core.submit(job(300, 1, { images: [{ key, tokens: 256, start: 10 }] }));
      core.schedule();
      core.commit();
      hits.push(ticket.imageHits);
    }
    expect(hits.flat()).toEqual([false, false, true, false, true, false]); // c evicts b, not the recently used a
  });

  it('skips the leading cached blocks once a job with them has been prefilled, never the prompt\'s last token', () => {
    const core = new EngineCore(H100, SETTINGS);
    const blocks = (...keys: string[]): string[] => keys;
    const first = core.submit(job(64, 1, { blocks: blocks('a', 'b', 'c', 'd') }));
    const twin = core.submit(job(64, 1, { blocks: blocks('a', 'b', 'c', 'd') }));
    core.schedule();
    core.commit();
    const same = core.submit(job(64, 1, { blocks: blocks('a', 'b', 'c', 'd') }));
    const longer = core.submit(job(100, 1, { blocks: blocks('a', 'b', 'c', 'd', 'e', 'f') }));
    const forked = core.submit(job(100, 1, { blocks: blocks('a', 'x', 'c', 'd', 'e', 'f') }));
    core.schedule();
    core.commit();
    // 64 tokens: at most 63 may hit, so 3 whole blocks; the longer prompt hits all 4 of its cached blocks; the fork only the first
    expect([first, twin, same, longer, forked].map((t) => t.prefixHitTokens)).toEqual([0, 0, 48, 64, 16]);
    expect(core.counters).toMatchObject({ prefixQueries: 64 * 3 + 200, prefixHits: 128 });
  });

  it('caches the blocks an answer fills once the job finishes, so the next turn hits past the old prompt', () => {
    const core = new EngineCore(H100, SETTINGS);
    // 40 prompt tokens (2 whole blocks) + 30 answer tokens: blocks 3 and 4 hold answer tokens
    const turn = core.submit(job(40, 30, { blocks: ['p1', 'p2', 'a3', 'a4'] }));
    core.schedule();
    core.commit();
    const midway = core.submit(job(60, 1, { blocks: ['p1', 'p2', 'a3'] })); // a3 is not cached while the answer decodes
    while (turn.state !== 'done') {
      core.schedule();
      core.commit();
    }
    const after = core.submit(job(120, 1, { blocks: ['p1', 'p2', 'a3', 'a4', 'n5'] })); // a4 is cached now
    core.schedule();
    core.commit();
    expect([midway.prefixHitTokens, after.prefixHitTokens]).toEqual([32, 64]);
  });

  it('runs no encoder for an image whose pads lie in the prefix hit, whatever the embedding cache says', () => {
    const engine: EngineConstants = { ...H100, stepBaseMs: 1, prefillUsPerToken: 10, encoderUsPerImageToken: 100, decodeUsPerSeq: 1000 };
    const core = new EngineCore(engine, { ...SETTINGS, embeddingCacheBytes: 0 });
    const image = { key: 'a', tokens: 100, start: 2 };
    const blocks = Array.from({ length: 10 }, (_, k) => `b${k}`);
    core.submit(job(170, 1, { images: [image], blocks }));
    expect(core.schedule()).toBeCloseTo(1 + 1.7 + 10); // all 170 tokens prefilled, 100 image tokens encoded
    core.commit();
    const again = core.submit(job(170, 1, { images: [image], blocks }));
    expect(core.schedule()).toBeCloseTo(1 + 0.1); // 160 tokens hit (the image's 2..102 among them): 10 prefilled, nothing encoded
    expect([again.prefixHitTokens, again.imageHits]).toEqual([160, [false]]);
  });

  it('gives an aborted job no more tokens and frees its seat', () => {
    const core = new EngineCore(H100, { ...SETTINGS, maxNumSeqs: 1 });
    let tokens = 0;
    const ticket = core.submit(job(10, 100, { emit: () => tokens++ }));
    core.submit(job(10, 1));
    core.schedule();
    core.abort(ticket);
    core.commit();
    expect(tokens).toBe(0);
    core.schedule();
    expect(core.runningCount).toBe(1);
  });
});
