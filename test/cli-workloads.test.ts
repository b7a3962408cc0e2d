// End to end: presets and generated image-reuse workloads over the wire, and `mmload generate` on disk.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import type { ServerRequestLog } from './fixtures/stream-server.js';
import { loadTokenizer } from '../src/tokenizer/load-tokenizer.js';
import { runCli } from './helpers/run-cli.js';
import { useScratch } from './helpers/shared-setup.js';
import { readJson, readJsonLines } from './helpers/read-json.js';

interface Part { type: string; text?: string; image_url?: { url: string }; uuid?: string }
interface Body { messages: { role: string; content: string | Part[] }[]; max_tokens?: number; min_tokens?: number; ignore_eos?: boolean }

// One working directory for the whole file: the image cache under datasets/ is shared by its runs.
const setup = useScratch('mmload-workloads-', { ttftMs: 0, itlMs: 0, outputTokens: 4 });

const bodyOf = (entry: ServerRequestLog) => entry.body as Body;
const systemOf = (body: Body) => body.messages.find((m) => m.role === 'system')?.content as string | undefined;
const partsOf = (body: Body) => body.messages.find((m) => m.role === 'user')!.content as Part[];
const imagesOf = (body: Body) => partsOf(body).filter((p) => p.type === 'image_url').map((p) => p.image_url!.url);
const userTextOf = (body: Body) => partsOf(body).filter((p) => p.type === 'text').map((p) => p.text).join('');

/** Share of image slots whose image already appeared earlier, in the order the server received them. */
function repeatShare(bodies: readonly Body[]): { slots: number; repeats: number } {
  const seen = new Set<string>();
  let slots = 0;
  let repeats = 0;
  for (const body of bodies) {
    for (const url of imagesOf(body)) {
      slots++;
      if (seen.has(url)) repeats++;
      else seen.add(url);
    }
  }
  return { slots, repeats };
}

async function profile(args: string[]): Promise<{ bodies: Body[]; dir: string; stderr: string }> {
  const from = setup.server.log.length;
  const dir = join(setup.work, `run-${from}`);
  const result = await runCli(['-u', `127.0.0.1:${setup.server.port}`, '-m', 'qwen', '--artifact-dir', dir, ...args], { cwd: setup.work });
  expect(result.stderr).not.toMatch(/internal error/);
  expect(result.code).toBe(0);
  return { bodies: setup.server.log.slice(from).map(bodyOf), dir, stderr: result.stderr };
}

describe('presets over the wire', () => {
  it('scenario-b: identical 5,000-token system prompt, distinct 4,000-token user texts, 20 images, exactly 27% repeats', async () => {
    const qwen = await loadTokenizer();
    const { bodies, dir, stderr } = await profile(['--preset', 'scenario-b']);
    expect(bodies).toHaveLength(110);
    const [warmup, profiled] = [bodies.slice(0, 10), bodies.slice(10)];

    const system = systemOf(profiled[0]!)!;
    expect(qwen.count(system)).toBe(5000);
    expect(bodies.every((b) => systemOf(b) === system)).toBe(true);
    const texts = profiled.map(userTextOf);
    expect(new Set(texts).size).toBe(100);
    for (const text of texts) expect(qwen.count(text)).toBe(4000);
    expect(profiled.every((b) => imagesOf(b).length === 20 && new Set(imagesOf(b)).size === 20)).toBe(true);
    expect(repeatShare(profiled)).toEqual({ slots: 2000, repeats: 540 });
    expect(profiled.every((b) => b.max_tokens === 500 && b.min_tokens === 500 && b.ignore_eos === true)).toBe(true);

    // Warm-up used neither the workload's images nor its texts.
    const workloadImages = new Set(profiled.flatMap(imagesOf));
    expect(warmup.flatMap(imagesOf).some((url) => workloadImages.has(url))).toBe(false);
    expect(warmup.map(userTextOf).some((t) => texts.includes(t))).toBe(false);

    const summary = readJson(join(dir, 'summary.json'));
    expect(summary.mmload.workload).toMatchObject({ image_slots: 2000, distinct_images: 1460, planned_hit_rate: 0.27 });
    const isl = 13 + 5000 + 4000 + 20 * 258; // Qwen3-VL: template + system + user + 20 × (256 + 2)
    expect(summary.mmload.workload.expected_isl).toEqual({ avg: isl, min: isl, max: isl });
    expect(stderr).toMatch(/27\.0% planned hits/);
  }, 180_000);

  it('scenario-a: 8,600 / 4,300 tokens, 3 images, exactly 20% repeats, expected ISL in every record', async () => {
    const qwen = await loadTokenizer();
    const { bodies, dir } = await profile(['--preset', 'scenario-a']);
    expect(bodies).toHaveLength(100);
    expect(qwen.count(systemOf(bodies[0]!)!)).toBe(8600);
    expect(new Set(bodies.map(systemOf)).size).toBe(1);
    expect(new Set(bodies.map(userTextOf)).size).toBe(100);
    expect(qwen.count(userTextOf(bodies[7]!))).toBe(4300);
    expect(bodies.every((b) => imagesOf(b).length === 3)).toBe(true);
    expect(repeatShare(bodies)).toEqual({ slots: 300, repeats: 60 });
    const records = readJsonLines(join(dir, 'records.jsonl'));
    expect(records.every((r) => r.metrics.expected_input_sequence_length.value === 13 + 8600 + 4300 + 3 * 258)).toBe(true);
  }, 120_000);
});

describe('aiperf workload flags over the wire', () => {
  it('draws requests from --num-dataset-entries entries, with per-entry text lengths and per-image sizes and formats', async () => {
    const qwen = await loadTokenizer();
    const { bodies } = await profile(['--num-dataset-entries', '3', '--dataset-sampling-strategy', 'shuffle', '--request-count', '6',
      '--isl', '40', '--isl-stddev', '10', '--image-batch-size', '2', '--image-width-mean', '64', '--image-width-stddev', '16',
      '--image-height-mean', '32', '--image-format', 'random', '--image-source', 'noise', '--cache-hit-rate', '0', '--shared-system-prompt-length', '0', '--output-tokens', '0']);
    expect(bodies).toHaveLength(6);
    const texts = bodies.map(userTextOf);
    expect(new Set(texts).size).toBe(3);
    expect([...new Set(texts.slice(0, 3))].sort()).toEqual([...new Set(texts)].sort());
    expect([...new Set(texts.slice(3))].sort()).toEqual([...new Set(texts)].sort());
    expect(new Set(texts.map((t) => qwen.count(t))).size).toBeGreaterThan(1);
    const metas = await Promise.all([...new Set(bodies.flatMap(imagesOf))].map((url) => sharp(Buffer.from(url.split(',')[1]!, 'base64')).metadata()));
    expect(metas).toHaveLength(6);
    expect(metas.every((m) => m.height === 32)).toBe(true);
    expect(new Set(metas.map((m) => m.width)).size).toBeGreaterThan(1);
    expect(Object.keys(bodies[0]!)).toEqual(['messages', 'model', 'stream', 'stream_options']);
  });
});

describe('image delivery', () => {
  it('--image-mode http serves the images from mmload and sends their URLs; --image-uuids adds stable uuids', async () => {
    const { bodies } = await profile(['--images-per-request', '2', '--images-pool', '3', '--request-count', '6', '--image-size', '64', '64',
      '--user-text-tokens', '16', '--shared-system-prompt-length', '0', '--output-tokens', '0', '--image-mode', 'http', '--image-uuids']);
    const urls = bodies.flatMap(imagesOf);
    expect(urls.every((u) => /^http:\/\/127\.0\.0\.1:\d+\/images\/\d+\.jpg$/.test(u))).toBe(true);
    expect(new Set(urls).size).toBe(3);
    const uuidOf = new Map<string, string>();
    for (const part of bodies.flatMap(partsOf).filter((p) => p.type === 'image_url')) {
      expect(part.uuid).toMatch(/^[0-9a-f]{32}$/);
      if (uuidOf.has(part.image_url!.url)) expect(uuidOf.get(part.image_url!.url)).toBe(part.uuid);
      uuidOf.set(part.image_url!.url, part.uuid!);
    }
    expect(new Set(uuidOf.values()).size).toBe(3);
  });
});

describe('mmload generate', () => {
  it('writes 100req_20img_27pct_4000word.jsonl with 1,460 distinct 512×512 images beside it', async () => {
    const out = join(setup.work, 'gen');
    const result = await runCli(['generate', '-n', '100', '--images-per-request', '20', '--cache-hit-rate', '0.27', '--user-text-tokens', '4000', '--output-dir', out], { cwd: setup.work });
    expect(result.stderr).not.toMatch(/internal error/);
    expect(result.code).toBe(0);
    const file = join(out, '100req_20img_27pct_4000word.jsonl');
    expect(existsSync(file)).toBe(true);
    const lines = readJsonLines(file) as { text: string; images: string[] }[];
    expect(lines).toHaveLength(100);
    const paths = lines.flatMap((l) => l.images);
    expect(paths).toHaveLength(2000);
    expect(new Set(paths).size).toBe(1460);
    expect(readdirSync(join(out, '100req_20img_27pct_4000word'))).toHaveLength(1460);
    const meta = await sharp(paths[0]).metadata();
    expect([meta.width, meta.height]).toEqual([512, 512]);
    expect(result.stdout).toMatch(/1460 distinct images/);

    // The file profiles as written, and the server sees exactly its reuse.
    const { bodies } = await profile(['--input-file', file, '--custom-dataset-type', 'single_turn', '--output-tokens', '1']);
    expect(repeatShare(bodies)).toEqual({ slots: 2000, repeats: 540 });
  }, 180_000);

  it('rejects an impossible plan with exit code 2', async () => {
    const result = await runCli(['generate', '-n', '10', '--images-per-request', '20', '--images-pool', '12', '--output-dir', join(setup.work, 'bad')], { cwd: setup.work });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/20 images per request need a pool of at least 20/);
  });
});
