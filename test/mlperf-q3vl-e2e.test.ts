// MLPerf Q3VL end to end: a generated catalogue, an accuracy run against the simulator's answers, and `mmload evaluate`.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import type { CatalogueSample } from '../src/workload/catalogue/catalogue-sample.js';
import { q3vlImage } from '../src/workload/catalogue/q3vl-request.js';
import { writeCatalogueParquet } from './fixtures/catalogue-parquet.js';
import { startStreamServer } from './fixtures/stream-server.js';
import { siblingsOf } from '../src/sim/catalogue-answer.js';
import { expectedCatalogueScore } from '../src/sim/expected-score.js';
import { startSimChild } from '../src/sim/sim-child.js';
import { readJson } from './helpers/read-json.js';
import { runCli } from './helpers/run-cli.js';
import { useScratch } from './helpers/shared-setup.js';

/** Samples of the run: enough for a binomial check, few enough for the suite (the 300 is checked by hand in the note). */
const SAMPLES = 48;
/** Generating the photos and re-encoding them takes most of it; other files run beside it. */
const E2E_TIMEOUT_MS = 180_000;
const RATES = { accuracy: 0.8, unparsableRate: 0.05 };

const scratch = useScratch('mmload-q3vl-e2e-');

interface CatalogueLine { ground_truth_category: string; potential_product_categories: string[] }

describe('MLPerf Q3VL accuracy, end to end', () => {
  it('generate → accuracy run against mmload sim → evaluate: every sample answered once, hF1 as the simulator predicts', async () => {
    const generated = await runCli(['generate', '--preset', 'mlperf-q3vl', '-n', String(SAMPLES), '--seed', '3', '--output-dir', scratch.work]);
    expect(generated.code).toBe(0);
    const dataset = /wrote (\S+\.jsonl)/.exec(generated.stdout)![1]!;

    const trace = join(scratch.work, 'sim-trace.jsonl');
    const results = join(scratch.work, 'accuracy-run');
    const sim = await startSimChild({ mlperfAnswerAccuracy: RATES.accuracy, mlperfUnparsableRate: RATES.unparsableRate, trace, speed: 100 });
    let run;
    try {
      run = await runCli(['profile', '--url', sim.url, '--custom-dataset-type', 'mlperf_q3vl', '--input-file', dataset,
        '--scenario', 'mlperf-offline', '--mlperf-mode', 'accuracy', '--artifact-dir', results, '-q']);
    } finally {
      await sim.stop();
    }
    expect(run.stderr).not.toMatch(/internal error/);
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/system prompt: not the reference prompt/);

    // LoadGen's log: every sample exactly once, each issue sequence number once.
    const logged = [...readFileSync(join(results, 'mlperf_log_accuracy.json'), 'utf8').matchAll(/"seq_id" : (\d+), "qsl_idx" : (\d+), "data" : "([0-9A-F]*)"/g)];
    expect(logged.map((m) => Number(m[2])).sort((a, b) => a - b)).toEqual(Array.from({ length: SAMPLES }, (_, i) => i));
    expect(new Set(logged.map((m) => m[1])).size).toBe(SAMPLES);
    expect(logged.every((m) => m[3]!.length > 0)).toBe(true);

    const scored = await runCli(['evaluate', '--filename', join(results, 'mlperf_log_accuracy.json'), '--dataset', dataset]);
    expect(scored.code).toBe(0);
    expect(scored.stdout).toMatch(/Hierarchical F1 \(hF1\)/);
    const accuracy = JSON.parse(readFileSync(join(results, 'accuracy.json'), 'utf8')) as { samples: number; unparsable: number; hierarchical_f1: number };
    expect(accuracy.samples).toBe(SAMPLES);

    // The unparsable count is exactly what the simulator sent.
    const kinds = readFileSync(trace, 'utf8').trim().split('\n').map((line) => (JSON.parse(line) as { mlperf_answer: { kind: string } | null }).mlperf_answer?.kind);
    expect(kinds).toHaveLength(SAMPLES);
    expect(accuracy.unparsable).toBe(kinds.filter((kind) => kind === 'unparsable').length);

    // hF1 within the binomial noise of what the simulator's settings predict for these samples.
    const lines = readFileSync(dataset, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as CatalogueLine);
    const expected = expectedCatalogueScore(lines.map((l) => ({
      depth: l.ground_truth_category.split(' > ').length,
      hasSibling: siblingsOf(l.ground_truth_category, l.potential_product_categories).length > 0,
    })), RATES);
    expect(Math.abs(accuracy.hierarchical_f1 - expected.hF1)).toBeLessThanOrEqual(4 * expected.hF1StdDev);
  }, E2E_TIMEOUT_MS);
});

describe('mmload profile --sim with the simulator\'s answers', () => {
  it('passes --sim-mlperf-answer-accuracy to the simulator: always right, the log scores hF1 = 1', async () => {
    const dir = join(scratch.work, 'always-right');
    const generated = await runCli(['generate', '--preset', 'mlperf-q3vl', '-n', '12', '--seed', '5', '--output-dir', dir]);
    expect(generated.code).toBe(0);
    const dataset = /wrote (\S+\.jsonl)/.exec(generated.stdout)![1]!;
    const run = await runCli(['profile', '--sim', '--sim-mlperf-answer-accuracy', '1', '--custom-dataset-type', 'mlperf_q3vl', '--input-file', dataset,
      '--scenario', 'mlperf-server', '--server-target-qps', '200', '--mlperf-mode', 'accuracy', '--artifact-dir', join(dir, 'run'), '-q']);
    expect(run.code).toBe(0);
    const before = readJson(join(dir, 'run', 'summary.json'));
    expect(before.mmload.simulated).toMatchObject({ mlperf_answer_accuracy: 1, mlperf_unparsable_rate: 0 });
    const scored = await runCli(['evaluate', '--filename', join(dir, 'run', 'mlperf_log_accuracy.json'), '--dataset', dataset]);
    expect(scored.code).toBe(0);
    const accuracy = readJson(join(dir, 'run', 'accuracy.json'));
    expect(accuracy).toMatchObject({ samples: 12, unparsable: 0, hierarchical_f1: 1, passed: true });
    expect(readFileSync(join(dir, 'run', 'accuracy.txt'), 'utf8')).toMatch(/^Results\n\n\{"f1": 1\.0\}\n\nhash=[0-9a-f]{64}$/);
    // The run's own files now carry the same figures, and nothing else of summary.json changed.
    const { accuracy_log: _log, dataset: _dataset, ...figures } = accuracy;
    const after = readJson(join(dir, 'run', 'summary.json'));
    expect(after.mmload.mlperf_accuracy).toEqual(figures);
    const { mlperf_accuracy: _added, ...restOfMmload } = after.mmload;
    expect({ ...after, mmload: restOfMmload }).toEqual(before);
    const accuracyBlock = (html: string) => /<section id="mlperf-accuracy">.*?<\/section>/.exec(html)?.[0];
    const block = accuracyBlock(readFileSync(join(dir, 'run', 'report.html'), 'utf8'));
    for (const text of ['<th>Samples</th><td>12</td>', '<th>Unparsable answers</th><td>0</td>', '<th>Hierarchical F1 (hF1)</th><td>1.000000</td>', 'Result: PASS']) {
      expect(block, text).toContain(text);
    }
    // mmload report rebuilds the run and keeps the accuracy.
    expect((await runCli(['report', join(dir, 'run')])).code).toBe(0);
    expect(readJson(join(dir, 'run', 'summary.json')).mmload.mlperf_accuracy).toEqual(figures);
    expect(accuracyBlock(readFileSync(join(dir, 'run', 'report.html'), 'utf8'))).toBe(block);
  }, E2E_TIMEOUT_MS);

  it('refuses an answer accuracy outside 0..1 in one line', async () => {
    const run = await runCli(['profile', '--sim', '--sim-mlperf-answer-accuracy', '1.5', '-q']);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('mmload: --sim-mlperf-answer-accuracy must be in 0..1 (got 1.5)\n');
  });
});

describe('the Hugging Face parquet form', () => {
  it('is read and profiled: each sample becomes the reference\'s request, drawn in seeded permutations', async () => {
    const photo = (hue: number) => sharp({ create: { width: 96 + hue, height: 64, channels: 3, background: { r: hue, g: 90, b: 30 } } }).jpeg().toBuffer();
    const samples: CatalogueSample[] = await Promise.all([0, 1, 2, 3, 4].map(async (i) => ({
      title: `Acme kettle ${i}`, description: i === 2 ? '<script>var x = 1;</script> steel' : 'steel kettle',
      candidates: ['Home > Kitchen > Kettles', "Home > Kitchen > Kids' Cups"], category: 'Home > Kitchen > Kettles',
      brand: 'Acme', isSecondhand: false, image: await photo(i * 10),
    })));
    const dir = join(scratch.work, 'hub', 'data');
    mkdirSync(dir, { recursive: true });
    await writeCatalogueParquet(join(dir, 'train-00000-of-00001.parquet'), samples.slice(0, 3));
    await writeCatalogueParquet(join(dir, 'test-00000-of-00001.parquet'), samples.slice(3));
    const server = await startStreamServer({ model: 'Qwen/Qwen3-VL-235B-A22B-Instruct', outputTokens: 4 });
    try {
      const run = await runCli(['profile', '--url', `127.0.0.1:${server.port}`, '--custom-dataset-type', 'mlperf_q3vl', '--input-file', join(scratch.work, 'hub'),
        '--concurrency', '1', '--artifact-dir', join(scratch.work, 'parquet-run'), '-q']);
      expect(run.stderr).not.toMatch(/internal error/);
      expect(run.code).toBe(0);
      expect(server.log).toHaveLength(5);
      const titleOf = (entry: (typeof server.log)[number]) => /Acme kettle (\d)/.exec(JSON.stringify(entry.body))![1];
      expect(server.log.map(titleOf).sort()).toEqual(['0', '1', '2', '3', '4']);
      // Each photo arrives as the reference re-encodes it, byte for byte, though it waited in a spool file on disk.
      const reencoded = await Promise.all(samples.map(async (sample, i) => (await q3vlImage(sample.image, i)).url.toString()));
      const urlOf = (entry: (typeof server.log)[number]) =>
        ((entry.body as { messages: [unknown, { content: [unknown, { image_url: { url: string } }] }] }).messages[1].content[1].image_url.url);
      server.log.forEach((entry) => expect(urlOf(entry)).toBe(reencoded[Number(titleOf(entry))]));
      server.log.forEach((entry) => {
        const body = entry.body as { messages: { role: string; content: unknown }[]; model: string; temperature: null; stream?: boolean; max_tokens?: number };
        expect(body.model).toBe('Qwen/Qwen3-VL-235B-A22B-Instruct');
        expect(body.messages.map((m) => m.role)).toEqual(['system', 'user']);
        const [text, image] = body.messages[1]!.content as [{ type: string; text: string }, { type: string; image_url: { url: string } }];
        expect(text.text).toMatch(/^The title of the product is the following:\n```text\nAcme kettle \d\n```\n/);
        expect(text.text).toContain(`['Home > Kitchen > Kettles', "Home > Kitchen > Kids' Cups"]`);
        expect(image.image_url.url).toMatch(/^data:image\/JPEG;base64,/);
        expect(body).toMatchObject({ temperature: null, top_p: null, response_format: null });
        expect(body.stream).toBeUndefined();
        expect(body.max_tokens).toBeUndefined();
      });

      // user.conf's performance sample count: 7 requests drawn from the first 3 samples, every one of them used.
      const conf = join(scratch.work, 'user.conf');
      writeFileSync(conf, '*.*.performance_sample_count_override = 3\n');
      const drawn = await runCli(['profile', '--url', `127.0.0.1:${server.port}`, '--custom-dataset-type', 'mlperf_q3vl', '--input-file', join(scratch.work, 'hub'),
        '--scenario', 'mlperf-offline', '--mlperf-user-conf', conf, '--min-duration', '0', '--request-count', '7', '--workers', '2',
        '--artifact-dir', join(scratch.work, 'psc-run'), '-q']);
      expect(drawn.code).toBe(0);
      const titles = server.log.slice(5).map(titleOf);
      expect(titles).toHaveLength(7);
      expect(new Set(titles)).toEqual(new Set(['0', '1', '2']));
      // Sent from worker threads, which read the spool through the same descriptor.
      server.log.slice(5).forEach((entry) => expect(urlOf(entry)).toBe(reencoded[Number(titleOf(entry))]));
    } finally {
      await server.close();
    }
  });

  it('a file that is not the catalogue is refused in one line before anything is sent', async () => {
    const dir = join(scratch.work, 'bad');
    mkdirSync(dir, { recursive: true });
    await writeCatalogueParquet(join(dir, 'train-00000-of-00001.parquet'), [], { omit: 'ground_truth_brand' });
    const run = await runCli(['profile', '--url', '127.0.0.1:1', '--custom-dataset-type', 'mlperf_q3vl', '--input-file', dir, '-q']);
    expect(run.code).toBe(2);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
  });
});
