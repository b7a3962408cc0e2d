// records.jsonl is written as the run goes: a run killed with SIGKILL leaves it, and `mmload report DIR` rebuilds the summary from it.
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './helpers/run-cli.js';
import { useScratch } from './helpers/shared-setup.js';
import { readJson, readJsonLines } from './helpers/read-json.js';

/** Text only and small: the runs are about records, not payloads. */
const WORKLOAD = ['--images-per-request', '0', '--user-text-tokens', '16', '--output-tokens', '8', '--concurrency', '8', '-q'];

const setup = useScratch('mmload-rebuild-', { model: 'm', ttftMs: 5, itlMs: 1 });

const lineCount = (path: string): number => (existsSync(path) ? readFileSync(path, 'utf8').split('\n').filter((l) => l.endsWith('}')).length : 0);

describe('records.jsonl as the run goes, and mmload report', () => {
  it('a run killed with SIGKILL halfway leaves a readable records.jsonl, and mmload report rebuilds its summary from it', async () => {
    const dir = join(setup.work, 'killed');
    const records = join(dir, 'records.jsonl');
    const killed = await runCli([...WORKLOAD, '--url', `127.0.0.1:${setup.server.port}`, '--benchmark-duration', '60', '--artifact-dir', dir], {
      whileRunning: (child) => {
        const poll = setInterval(() => {
          if (lineCount(records) >= 200) {
            clearInterval(poll);
            child.kill('SIGKILL');
          }
        }, 50);
      },
    });
    expect(killed.code).toBeNull(); // killed: no exit code, no summary
    expect(existsSync(join(dir, 'summary.json'))).toBe(false);
    expect(existsSync(join(dir, 'run.json'))).toBe(true);
    // What a kill can leave: a last line cut short. Make sure the rebuild meets one.
    appendFileSync(records, '{"metadata":{"session_num":99999,"x_req');
    const complete = lineCount(records);
    expect(complete).toBeGreaterThanOrEqual(200);

    const report = await runCli(['report', dir]);
    expect(report.stderr).toMatch(new RegExp(`rebuilt from ${complete} records .*last line was cut short.*marked interrupted`));
    expect(report.code).toBe(0);
    expect(readFileSync(records, 'utf8').endsWith('}\n')).toBe(true); // the broken line is gone
    const summary = readJson(join(dir, 'summary.json'));
    const lines = readJsonLines(records);
    expect(lines).toHaveLength(complete);
    const ok = lines.filter((l) => !l.error);
    expect(summary.mmload.counts).toEqual({ issued: complete, completed: ok.length, failed: complete - ok.length });
    expect(summary.was_cancelled).toBe(true);
    const mean = ok.reduce((sum, l) => sum + l.metrics.request_latency.value, 0) / ok.length;
    expect(summary.request_latency.avg).toBeCloseTo(mean, 2); // the lines keep start times to the microsecond
    expect(summary.mmload.sample_counts.time_to_first_token).toBe(ok.length);
    expect(readFileSync(join(dir, 'report.html'), 'utf8')).toContain(`data-metric="mmload.counts.issued" data-value="${complete}"`);
  }, 90_000);
});
