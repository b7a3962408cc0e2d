// `mmload profile` is a drop-in for `aiperf profile` (aiperf's commands send aiperf's requests and report aiperf's
// token counts), while the bare command keeps mmload's own defaults.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { loadTokenizer } from '../src/tokenizer/load-tokenizer.js';
import { runCli } from './helpers/run-cli.js';
import { readJson, readJsonLines } from './helpers/read-json.js';
import { useScratch } from './helpers/shared-setup.js';

interface Part { type: string; text?: string; image_url?: { url: string } }
interface Body { messages: { role: string; content: string | Part[] }[]; stream: boolean; [key: string]: unknown }

const setup = useScratch('mmload-dropin-', { model: 'Qwen/Qwen3-VL-8B-Instruct', outputTokens: 6 });

/** aiperf's vision tutorial command, plus --image-batch-size 1. */
const TUTORIAL = ['--image-width-mean', '512', '--image-height-mean', '512', '--synthetic-input-tokens-mean', '100',
  '--request-count', '20', '--concurrency', '4', '--image-batch-size', '1'];

/** Runs the CLI against the fixture server; returns its output, the bodies it received and the results directory. */
async function run(args: string[], name: string) {
  const sent = setup.server.log.length;
  const dir = join(setup.work, name);
  const result = await runCli([...args, '--url', `127.0.0.1:${setup.server.port}`, '--artifact-dir', dir], { cwd: setup.work });
  expect(result.stderr).not.toMatch(/internal error/);
  expect(result.code, result.stderr).toBe(0);
  const log = setup.server.log.slice(sent);
  const summary = readJson(join(dir, 'summary.json'));
  const records = readJsonLines(join(dir, 'records.jsonl'));
  return { result, log, bodies: log.map((entry) => entry.body as Body), summary, records };
}

const textsOf = (body: Body) => body.messages.flatMap((m) => (typeof m.content === 'string' ? [m.content] : m.content.filter((p) => p.type === 'text').map((p) => p.text!)));
const imagesOf = (body: Body) => body.messages.flatMap((m) => (typeof m.content === 'string' ? [] : m.content.filter((p) => p.type === 'image_url').map((p) => p.image_url!.url)));

describe('mmload profile means what aiperf profile means', () => {
  it('aiperf\'s vision tutorial: 20 requests of one 512×512 image, no system prompt, no token cap, streamed; ISL by the tokenizer, usage beside it', async () => {
    const { result, log, bodies, summary, records } = await run(['profile', ...TUTORIAL, '--streaming'], 'tutorial');
    expect(bodies).toHaveLength(20);
    const qwen = await loadTokenizer();
    for (const body of bodies) {
      expect(body.messages.map((m) => m.role)).toEqual(['user']);
      expect(body.stream).toBe(true);
      expect(body.stream_options).toEqual({ include_usage: true });
      expect(body).not.toHaveProperty('max_tokens');
      expect(body).not.toHaveProperty('max_completion_tokens');
      const images = imagesOf(body);
      expect(images).toHaveLength(1);
      expect(images[0]).toMatch(/^data:image\/png;base64,/);
      expect(qwen.count(textsOf(body).join(' '))).toBe(100);
    }
    const decoded = await sharp(Buffer.from(imagesOf(bodies[0]!)[0]!.split(',')[1]!, 'base64')).metadata();
    expect([decoded.width, decoded.height, decoded.format]).toEqual([512, 512, 'png']);

    // input_sequence_length: the Qwen3 tokenizer's count of the text parts; usage_prompt_tokens: the server's usage.
    const byId = new Map(log.map((entry) => [entry.xRequestId, entry.body as Body]));
    for (const record of records) {
      const body = byId.get(record.metadata.x_request_id)!;
      expect(record.metrics.input_sequence_length.value).toBe(qwen.count(textsOf(body).join(' ')));
      // The fixture server counts one prompt token per 4 characters of text.
      expect(record.metrics.usage_prompt_tokens.value).toBe(Math.ceil(textsOf(body).join('').length / 4));
      expect(record.metrics.time_to_first_token).toBeDefined();
    }
    expect(summary.input_sequence_length.avg).toBe(100);
    const usage = records.map((r: { metrics: { usage_prompt_tokens: { value: number } } }) => r.metrics.usage_prompt_tokens.value);
    expect(summary.usage_prompt_tokens.avg).toBeCloseTo(usage.reduce((a: number, b: number) => a + b, 0) / usage.length, 9);
    expect(result.stdout).toMatch(/^Input Sequence Length \(tokens\) +100\.00 /m);
    expect(result.stdout).toMatch(/^Usage Prompt Tokens \(tokens\) +\d/m);
    expect(result.stderr).toMatch(/^defaults: aiperf 0\.8\.0's/m);
    // Its seed was drawn for this run alone, so no later run could reuse its images: none were cached on disk.
    expect(existsSync(join(setup.work, 'datasets'))).toBe(false);
  });

  it('without --streaming sends stream:false and reports no TTFT; --osl sends max_completion_tokens', async () => {
    const plain = await run(['profile', ...TUTORIAL, '--osl', '50'], 'not-streamed');
    for (const body of plain.bodies) {
      expect(body.stream).toBe(false);
      expect(body).not.toHaveProperty('stream_options');
      expect(body.max_completion_tokens).toBe(50);
      expect(body).not.toHaveProperty('max_tokens');
    }
    expect(plain.summary).not.toHaveProperty('time_to_first_token');
    expect(plain.summary.request_latency.avg).toBeGreaterThan(0);
    expect(plain.result.stdout).not.toMatch(/Time to First Token/);
  });

  it('the bare command keeps mmload\'s own defaults: Scenario A\'s prompt, three images and forced output, streaming on', async () => {
    const { bodies, result } = await run(['--request-count', '2'], 'bare');
    expect(bodies).toHaveLength(2);
    const qwen = await loadTokenizer();
    for (const body of bodies) {
      expect(body.messages.map((m) => m.role)).toEqual(['system', 'user']);
      expect(qwen.count(body.messages[0]!.content as string)).toBe(8600);
      expect(imagesOf(body)).toHaveLength(3);
      expect(imagesOf(body)[0]).toMatch(/^data:image\/jpeg;base64,/);
      expect(body).toMatchObject({ stream: true, max_tokens: 500, min_tokens: 500, ignore_eos: true });
    }
    expect(result.stderr).toMatch(/^defaults: mmload's own/m);
  });
});
