// `mmload compare` on session runs: TTFT p50 per turn index after the headline rows, for the turns both runs have.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ConversationSummary, TurnSummary } from '../src/metrics/conversation-summary.js';
import { renderCompare } from '../src/report/compare.js';
import type { SummaryJson } from '../src/report/compare-rows.js';
import { runCli } from './helpers/run-cli.js';
import { useScratch } from './helpers/shared-setup.js';

function turn(turnIndex: number, p50: number): TurnSummary {
  return {
    turn_index: turnIndex, requests: 12, errors: 0, ttft_ms: { avg: p50 + 5, p50, p90: p50 * 1.5, p99: p50 * 2 },
    isl: { avg: 700 + 900 * turnIndex }, request_latency_ms: { avg: 2000, p50: 1900, p99: 2600 },
  };
}

function sessionRun(ttft: number, turnP50s: readonly number[]): SummaryJson {
  const conversations: ConversationSummary = {
    sessions_started: 12, sessions_completed: 12, turns: 12 * turnP50s.length, sessions_per_sec: 1.9,
    session_latency_ms: { avg: 9000, min: 8000, max: 11000, p50: 8900, p90: 10000, p99: 10900 },
    by_turn: turnP50s.map((p50, i) => turn(i, p50)),
  };
  return { time_to_first_token: { unit: 'ms', avg: ttft, p50: ttft }, mmload: { version: 'test', conversations } };
}

describe('mmload compare with conversations', () => {
  const setup = useScratch('mmload-compare-conversations-');
  // Caches on: later turns answer sooner than the first; caches off: later turns are slower (longer prompts).
  const cachesOn = sessionRun(200, [400, 120, 100]);
  const cachesOff = sessionRun(500, [410, 520, 640]);

  it('adds TTFT p50 per turn index, with delta and winner, for the turns both runs have', () => {
    const twoTurnsOff = sessionRun(500, [410, 520]);
    expect(renderCompare({ label: 'ON', summary: cachesOn }, { label: 'OFF', summary: twoTurnsOff }, 'md')).toBe([
      '| Metric               |    ON |   OFF |    Delta |',
      '| -------------------- | ----: | ----: | -------: |',
      '| TTFT avg (ms)        | 200.0 | 500.0 | −60.0% ✓ |',
      '| TTFT p50 (ms)        | 200.0 | 500.0 | −60.0% ✓ |',
      '| TTFT p50 turn 0 (ms) | 400.0 | 410.0 |  −2.4% ✓ |',
      '| TTFT p50 turn 1 (ms) | 120.0 | 520.0 | −76.9% ✓ |',
    ].join('\n'));
    expect(renderCompare({ label: 'ON', summary: cachesOn }, { label: 'OFF', summary: cachesOff }, 'csv').split('\n').slice(3)).toEqual([
      'TTFT p50 turn 0 (ms),400,410,-2.4,a',
      'TTFT p50 turn 1 (ms),120,520,-76.9,a',
      'TTFT p50 turn 2 (ms),100,640,-84.4,a',
    ]);
  });

  it('shows no turn rows, and no error, when either run has no conversations', () => {
    const plain: SummaryJson = { time_to_first_token: { unit: 'ms', avg: 300, p50: 300 }, mmload: { version: 'test' } };
    const nulled: SummaryJson = { ...plain, mmload: { version: 'test', conversations: null } };
    for (const other of [plain, nulled]) {
      for (const [a, b] of [[cachesOn, other], [other, cachesOn]] as const) {
        const csv = renderCompare({ label: 'A', summary: a }, { label: 'B', summary: b }, 'csv');
        expect(csv.split('\n')).toHaveLength(3);
        expect(csv).not.toContain('turn');
      }
    }
  });

  it('reads both runs\' summary.json from their directories', async () => {
    const dirs = [['on', cachesOn], ['off', cachesOff]].map(([name, summary]) => {
      const dir = join(setup.work, name as string);
      mkdirSync(dir);
      writeFileSync(join(dir, 'summary.json'), JSON.stringify(summary));
      return dir;
    });
    const result = await runCli(['compare', ...dirs, '--format', 'md']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('| TTFT p50 turn 2 (ms) | 100.0 | 640.0 | −84.4% ✓ |');
  });
});
