// `mmload compare`: the seed 003 cache A/B table from two summaries, its markers and formats, and reading result files.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadCompareSide } from '../src/report/compare-read.js';
import { renderCompare, type CompareSide } from '../src/report/compare.js';
import { formatDelta, formatValue } from '../src/report/compare-format.js';
import { isSummary, type SummaryJson } from '../src/report/compare-rows.js';
import { runCli } from './helpers/run-cli.js';

// The seed 003 run pair, in aiperf's layout; no p99s and no error count, so those rows are left out.
const cacheOn: SummaryJson = {
  output_token_throughput: { unit: 'tokens/sec', avg: 3575.6 },
  time_to_first_token: { unit: 'ms', avg: 526.0, p50: 356.8 },
  inter_token_latency: { unit: 'ms', avg: 14.1 },
  request_latency: { unit: 'ms', avg: 2630.0 },
};
const cacheOff: SummaryJson = {
  output_token_throughput: { unit: 'tokens/sec', avg: 3072.3 },
  time_to_first_token: { unit: 'ms', avg: 727.5, p50: 510.8 },
  inter_token_latency: { unit: 'ms', avg: 15.5 },
  request_latency: { unit: 'ms', avg: 3035.7 },
};
const on: CompareSide = { label: 'Cache ON', summary: cacheOn };
const off: CompareSide = { label: 'Cache OFF', summary: cacheOff };

describe('compare rendering', () => {
  it('renders the seed 003 table in markdown, A better everywhere', () => {
    // The seed's ITL delta is -8.8% from unrounded values; from 14.1 and 15.5 the formula gives -9.0%.
    expect(renderCompare(on, off, 'md')).toBe([
      '| Metric                   | Cache ON | Cache OFF |    Delta |',
      '| ------------------------ | -------: | --------: | -------: |',
      '| Output TPS (tok/s)       |  3,575.6 |   3,072.3 | +16.4% ✓ |',
      '| TTFT avg (ms)            |    526.0 |     727.5 | −27.7% ✓ |',
      '| TTFT p50 (ms)            |    356.8 |     510.8 | −30.1% ✓ |',
      '| ITL avg (ms)             |     14.1 |      15.5 |  −9.0% ✓ |',
      '| Request latency avg (ms) |  2,630.0 |   3,035.7 | −13.4% ✓ |',
    ].join('\n'));
  });

  it('marks B as better when the baseline wins, whatever the metric direction', () => {
    const md = renderCompare(off, on, 'md');
    expect(md).toContain('| Output TPS (tok/s)       |   3,072.3 |  3,575.6 | −14.1% ✗ |');
    expect(md).toContain('| TTFT avg (ms)            |     727.5 |    526.0 | +38.3% ✗ |');
    expect(md).not.toContain('✓');
  });

  it('writes csv with plain signs, unrounded numbers and the better side', () => {
    expect(renderCompare(on, off, 'csv').split('\n')).toEqual([
      'metric,a,b,delta_pct,better',
      'Output TPS (tok/s),3575.6,3072.3,+16.4,a',
      'TTFT avg (ms),526,727.5,-27.7,a',
      'TTFT p50 (ms),356.8,510.8,-30.1,a',
      'ITL avg (ms),14.1,15.5,-9.0,a',
      'Request latency avg (ms),2630,3035.7,-13.4,a',
    ]);
  });

  it('aligns the terminal table under a legend naming comparison and baseline', () => {
    const [legend, ...lines] = renderCompare(on, off, 'table').split('\n');
    expect(legend).toBe('A = Cache ON (comparison), B = Cache OFF (baseline); Delta = (A − B) / B; ✓ A better, ✗ B better');
    expect(lines).toHaveLength(9);
    expect(lines[1]).toMatch(/^Metric +Cache ON +Cache OFF +Delta$/);
    expect(lines[3]).toMatch(/^Output TPS \(tok\/s\) +3,575\.6 +3,072\.3 +\+16\.4% ✓$/);
    expect(new Set(lines.map((line) => line.length)).size).toBe(1);
  });

  it('counts null errors as 0, skips metrics one side lacks, and has no finite delta from a zero baseline', () => {
    const a = { ...cacheOn, request_throughput: { unit: 'requests/sec', avg: 13.16 }, error_request_count: { unit: 'requests', avg: 3 },
      request_latency: { unit: 'ms', avg: 2630.0, p99: 4100.4 } };
    const b = { ...cacheOff, error_request_count: null, request_latency: { unit: 'ms', avg: 3035.7, p99: 4100.4 } };
    const md = renderCompare({ label: 'A', summary: a }, { label: 'B', summary: b }, 'md');
    expect(md).not.toContain('Request throughput');
    expect(md).toMatch(/\| Request latency p99 \(ms\) \| +4,100\.4 \| +4,100\.4 \| +0\.0% \|/);
    expect(md).toMatch(/\| Error requests +\| +3 \| +0 \| +n\/a ✗ \|/);
    const csv = renderCompare({ label: 'A', summary: a }, { label: 'B', summary: b }, 'csv');
    expect(csv).toContain('\nRequest latency p99 (ms),4100.4,4100.4,0.0,\n');
    expect(csv.endsWith('\nError requests,3,0,,b')).toBe(true);
    const both = renderCompare({ label: 'A', summary: a }, { label: 'B', summary: { ...b, request_throughput: { unit: 'requests/sec', avg: 12 } } }, 'md');
    expect(both).toMatch(/\| Request throughput \(req\/s\) \| +13\.2 \| +12\.0 \| +\+9\.7% ✓ \|/);
  });

  it('formats numbers like the seed, with three significant digits below 10', () => {
    expect(formatValue(12345.67, false)).toBe('12,345.7');
    expect(formatValue(4.5, false)).toBe('4.50');
    expect(formatValue(0.81071, false)).toBe('0.811');
    expect(formatValue(1200, true)).toBe('1,200');
    expect(formatDelta(-0.04, '−')).toBe('0.0');
    expect(formatDelta(-8.77, '-')).toBe('-8.8');
  });

  it('recognises summaries only by their metrics', () => {
    expect(isSummary(cacheOn)).toBe(true);
    expect(isSummary({ error_request_count: null, name: 'mmload' })).toBe(false);
    expect(isSummary([cacheOn])).toBe(false);
  });
});

describe('compare on result files', () => {
  const root = mkdtempSync(join(tmpdir(), 'mmload-compare-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  const put = (dir: string, name: string, body: unknown) => {
    mkdirSync(join(root, dir), { recursive: true });
    writeFileSync(join(root, dir, name), typeof body === 'string' ? body : JSON.stringify(body));
    return join(root, dir);
  };
  // A clean run: aiperf writes a request count and no error count.
  const aiperfRun = put('cache-on', 'profile_export_aiperf.json', { ...cacheOn, request_count: { unit: 'requests', avg: 100 }, input_config: {} });
  // An older mmload summary wrote null for no errors: still none.
  const mmloadRun = put('cache-off', 'summary.json', { ...cacheOff, error_request_count: null, mmload: { version: '0.1.0' } });

  it('reads aiperf-named and mmload-named results alike, labelled by their directories', async () => {
    const a = await loadCompareSide(aiperfRun);
    const b = await loadCompareSide(join(mmloadRun, 'summary.json'));
    expect([a.label, b.label]).toEqual(['cache-on', 'cache-off']);
    const result = await runCli(['compare', aiperfRun, mmloadRun, '--format', 'md']);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(`${renderCompare(a, b, 'md')}\n`);
    expect(result.stdout).toContain('| Error requests           |        0 |         0 |     0.0% |');
    expect(result.stdout).toContain('| TTFT avg (ms)            |    526.0 |     727.5 | −27.7% ✓ |');
  });

  it('takes --label-a and --label-b, and prints a table by default', async () => {
    const result = await runCli(['compare', join(aiperfRun, 'profile_export_aiperf.json'), mmloadRun, '--label-a', 'ON', '--label-b', 'OFF']);
    expect(result.code).toBe(0);
    expect(result.stdout.split('\n')[0]).toContain('A = ON (comparison), B = OFF (baseline)');
  });

  it('exits 2 with one line for a missing path, a directory without a summary, and JSON that is no summary', async () => {
    const cases = [
      [join(root, 'missing'), 'cannot read'],
      [put('empty', 'notes.txt', 'x'), 'holds neither summary.json nor profile_export_aiperf.json'],
      [put('other', 'summary.json', { hello: 1 }), 'is not an mmload or aiperf summary'],
      [put('broken', 'summary.json', '{\n"a":'), 'cannot read'],
    ] as const;
    for (const [path, message] of cases) {
      const result = await runCli(['compare', path, mmloadRun]);
      expect(result.code, path).toBe(2);
      expect(result.stdout).toBe('');
      expect(result.stderr).toMatch(/^mmload: [^\n]+\n$/);
      expect(result.stderr).toContain(message);
    }
  });
});
