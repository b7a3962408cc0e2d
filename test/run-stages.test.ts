// A profile run's stages driven one by one, without yargs or the CLI: each does its one step and hands the next what it needs.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveProfileConfig } from '../src/commands/profile/profile-config.js';
import type { ProfileFlags } from '../src/commands/profile/profile-options.js';
import { collectRun } from '../src/run/collect-run.js';
import { executeRun } from '../src/run/execute-run.js';
import { openClient } from '../src/run/open-client.js';
import { openResults } from '../src/run/open-results.js';
import { prepareRun } from '../src/run/prepare-run.js';
import { phaseRunner } from '../src/run/run-phases.js';
import { startRunProgress } from '../src/run/run-progress.js';
import { printRun, writeRun } from '../src/run/write-run.js';
import { UsageError } from '../src/util/exit-codes.js';
import { useScratch } from './helpers/shared-setup.js';
import { readJson } from './helpers/read-json.js';

const setup = useScratch('mmload-stages-', { model: 'stage-model', ttftMs: 5, itlMs: 1, outputTokens: 6 });

/** What yargs would hand the door for `mmload profile --url … --concurrency 3 --request-count 9` with a small text workload. */
function flags(url: string, artifactDir: string): ProfileFlags {
  return {
    url, endpoint: '/v1/chat/completions', sim: false, 'sim-speed': 10, 'sim-embedding-cache-gb': 10, 'sim-max-num-seqs': 1024,
    'sim-prefix-caching': true, header: [], 'extra-inputs': [], 'image-host': '127.0.0.1', 'image-port': 0, 'use-server-token-count': true,
    verbose: false, quiet: true, 'benchmark-grace-period': 30, 'fixed-schedule': false, 'fixed-schedule-auto-offset': false,
    'target-latency-ms': 12000, 'target-latency-percentile': 99, 'min-duration': 600, 'min-query-count': 48289,
    concurrency: 3, 'request-count': 9, 'warmup-request-count': 2, 'images-per-request': 0, 'user-text-tokens': 16,
    'shared-system-prompt-length': 0, 'artifact-dir': artifactDir, 'server-metrics': false,
  } as ProfileFlags;
}

describe('a profile run, stage by stage', () => {
  it('prepare → client → results → execute → collect → write: every stage does its step, and the results add up', async () => {
    const dir = join(setup.work, 'run');
    const config = resolveProfileConfig(flags(`127.0.0.1:${setup.server.port}`, dir), 'aiperf', {});

    // Check server, build workload: the model comes from the server; the requests are built, not yet sent.
    const log: string[] = [];
    const prepared = await prepareRun(config, (line) => log.push(line), () => {});
    expect(prepared.model).toBe('stage-model');
    expect(prepared.workload.requests).toHaveLength(9);
    expect(prepared.workload.warmup).toHaveLength(2);
    expect(prepared.counter).toBeNull();
    expect(setup.server.log).toHaveLength(0);

    // Open client, claim results: run.json is on disk before the first request.
    const opened = await openClient({
      targets: config.targets, headers: {}, connections: 3, requestTimeoutMs: config.requestTimeoutMs, keepText: false, secrets: [],
    }, 1, prepared.workload);
    const results = await openResults(prepared, ['profile'], undefined, (line) => log.push(line));
    expect(results.dir).toBe(dir);
    expect(existsSync(join(dir, 'run.json'))).toBe(true);
    expect(setup.server.log).toHaveLength(0);

    // Execute: warm-up then the profiled phase; the client is closed afterwards.
    const progress = startRunProgress({ total: 9, durationMs: undefined }, process.stderr, true);
    const runner = phaseRunner(prepared.workload, prepared.config.load, opened.client, 0, 3, true, progress,
      (record, sessionNum) => results.recorder.settled(record, sessionNum));
    const execution = await executeRun({
      config: prepared.config, runner, opened, workload: prepared.workload, counter: null, recorder: results.recorder,
      startGate: new AbortController().signal, gpuTelemetryFile: join(dir, 'gpu_telemetry_export.jsonl'), resultsDir: results.dir,
    }, (line) => log.push(line));
    expect(execution).toMatchObject({ issued: 9, earlyStop: null, serverMetrics: null });
    expect(setup.server.log).toHaveLength(11);
    expect(setup.server.maxInFlight()).toBeLessThanOrEqual(3);

    // Collect: the summary counts every profiled request, none of the warm-up.
    const collected = await collectRun(prepared.config, null, results, execution, false);
    expect(collected.summary.counts).toMatchObject({ issued: 9, completed: 9, failed: 0 });
    expect(collected.verdict).toBeNull();

    // Write: the files beside records.jsonl, then the table and the exit code.
    const written = await writeRun(results, collected, execution, prepared.config, prepared.model);
    expect(written).toEqual({ mlperfText: null, plannedBySlice: null, plannedAsSent: null });
    const summary = readJson(join(dir, 'summary.json'));
    expect(summary.request_count.avg).toBe(9);
    expect(readFileSync(join(dir, 'records.jsonl'), 'utf8').trim().split('\n')).toHaveLength(9);
    const out: string[] = [];
    const err: string[] = [];
    expect(printRun({ out: (l) => out.push(l), err: (l) => err.push(l) }, results, collected, execution, written, 'finished', false)).toBe(0);
    expect(out.join('\n')).toMatch(/Request Count +9\n/);
    expect(err).toEqual([`results: ${dir}`]);
  });

  it('prepare refuses a server that does not answer, before anything is built', async () => {
    const config = resolveProfileConfig(flags('127.0.0.1:1', join(setup.work, 'none')), 'aiperf', {});
    await expect(prepareRun(config, () => {}, () => {})).rejects.toThrow(UsageError);
    expect(existsSync(join(setup.work, 'none'))).toBe(false);
  });
});
