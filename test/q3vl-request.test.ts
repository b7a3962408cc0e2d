// The MLPerf Q3VL request: Python's list printing, the user text layout, the re-encoded photo, the body and the system prompt.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { pythonListRepr, pythonStrRepr } from '../src/workload/catalogue/python-repr.js';
import { loadQ3vlPrompt } from '../src/workload/catalogue/q3vl-prompt.js';
import { q3vlImage, q3vlRequest, q3vlUserText } from '../src/workload/catalogue/q3vl-request.js';
import type { CatalogueSample } from '../src/workload/catalogue/catalogue-sample.js';
import { shareText } from '../src/workload/request-body.js';
import { UsageError } from '../src/util/exit-codes.js';
import { inMemory } from './helpers/in-memory.js';

const work = mkdtempSync(join(tmpdir(), 'mmload-q3vl-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('Python printing of the candidate list', () => {
  it('quotes as repr does: single quotes, double when the text holds only a single quote, non-ASCII raw', () => {
    expect(pythonListRepr(['A > B', "Men's > C", 'Café > D'])).toBe(`['A > B', "Men's > C", 'Café > D']`);
    expect(pythonListRepr([])).toBe('[]');
  });

  it('escapes the backslash, the quote in use, and control characters', () => {
    expect(pythonStrRepr('a\\b')).toBe(`'a\\\\b'`);
    expect(pythonStrRepr(`it's "x"`)).toBe(`'it\\'s "x"'`);
    expect(pythonStrRepr('say "hi"')).toBe(`'say "hi"'`);
    expect(pythonStrRepr('a\tb\nc\rd\u0001\u007f\u00a0é')).toBe(`'a\\tb\\nc\\rd\\x01\\x7f\\xa0é'`);
  });
});

const sample = (image: Buffer): CatalogueSample => ({
  title: 'Trail runner 360-Degree Video Cameras', description: '<div class="x">Waterproof</div>\nto 10 m',
  candidates: ['Cameras & Optics > Cameras > Video Cameras > 360-Degree Video Cameras', "Kids' Toys > Dolls"],
  category: 'Cameras & Optics > Cameras > Video Cameras > 360-Degree Video Cameras', brand: 'Acme', isSecondhand: false, image,
});

describe('the request', () => {
  it('lays the user text out under its three headings, fenced, ending with a newline', () => {
    expect(q3vlUserText(sample(Buffer.alloc(0)))).toBe([
      'The title of the product is the following:', '```text', 'Trail runner 360-Degree Video Cameras', '```', '',
      'The description of the product is the following:', '```text', '<div class="x">Waterproof</div>', 'to 10 m', '```', '',
      'The following are the possible product categories:', '```json',
      `['Cameras & Optics > Cameras > Video Cameras > 360-Degree Video Cameras', "Kids' Toys > Dolls"]`, '```', '',
    ].join('\n'));
  });

  it('re-encodes the photo as a baseline 4:2:0 JPEG without metadata, same size, in a data:image/JPEG URL', async () => {
    const photo = await sharp({ create: { width: 320, height: 200, channels: 3, background: { r: 200, g: 80, b: 10 } } })
      .jpeg({ quality: 95, progressive: true, chromaSubsampling: '4:4:4' }).withMetadata({ orientation: 6 }).toBuffer();
    const image = await q3vlImage(photo, 0);
    expect(image).toMatchObject({ width: 320, height: 200 });
    const text = image.url.toString();
    expect(text.startsWith('data:image/JPEG;base64,')).toBe(true);
    const jpeg = Buffer.from(text.slice('data:image/JPEG;base64,'.length), 'base64');
    const meta = await sharp(jpeg).metadata();
    expect(meta).toMatchObject({ format: 'jpeg', width: 320, height: 200, isProgressive: false, chromaSubsampling: '4:2:0' });
    expect(meta.exif).toBeUndefined();
    expect(meta.orientation).toBeUndefined();
  });

  it('keeps a PNG a PNG and refuses what PIL would not save the same way, naming the sample', async () => {
    const png = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#123456' } }).png().toBuffer();
    expect((await q3vlImage(png, 0)).url.toString()).toMatch(/^data:image\/PNG;base64,/);
    const webp = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#123456' } }).webp().toBuffer();
    await expect(q3vlImage(webp, 7)).rejects.toThrow(UsageError);
    await expect(q3vlImage(Buffer.from('not an image'), 7)).rejects.toThrow(/catalogue sample 7: cannot re-encode its product_image/);
  });

  it('sends the reference\'s body: system then user (text, image), model, sampling fields null, no max_tokens, no stream', async () => {
    const image = { url: Buffer.from('data:image/JPEG;base64,AAAA'), fileBytes: 3, width: 2, height: 2 };
    const systemPrompt = shareText('Answer in JSON.\n');
    const options = { model: 'Qwen/Qwen3-VL-235B-A22B-Instruct', systemPrompt, schema: null };
    const first = q3vlRequest(0, sample(Buffer.alloc(0)), image, options, 1234);
    const body = JSON.parse(Buffer.concat(inMemory(first.body)).toString());
    expect(Object.keys(body)).toEqual(['messages', 'model', 'frequency_penalty', 'presence_penalty', 'response_format', 'temperature', 'top_p']);
    expect(body).toEqual({
      messages: [
        { role: 'system', content: 'Answer in JSON.\n' },
        { role: 'user', content: [{ type: 'text', text: q3vlUserText(sample(Buffer.alloc(0))) }, { type: 'image_url', image_url: { url: 'data:image/JPEG;base64,AAAA' } }] },
      ],
      model: 'Qwen/Qwen3-VL-235B-A22B-Instruct', frequency_penalty: null, presence_penalty: null, response_format: null, temperature: null, top_p: null,
    });
    expect(first).toMatchObject({ bodyBytes: Buffer.concat(inMemory(first.body)).length, expectedIsl: 1234, requestedOsl: null, images: [image.url] });
    // The prompt and the photo are shared pieces, never copies.
    const second = q3vlRequest(1, sample(Buffer.alloc(0)), image, options, null);
    expect(second.body.filter((piece) => first.body.includes(piece))).toEqual([systemPrompt.escaped, image.url]);
  });

  it('with guided decoding, sends the schema as the reference\'s response_format', () => {
    const schema = { type: 'object', properties: { category: { type: 'string' } } };
    const request = q3vlRequest(0, sample(Buffer.alloc(0)), { url: Buffer.from('u'), fileBytes: 1, width: 1, height: 1 }, { model: 'm', systemPrompt: shareText('s'), schema }, null);
    expect(JSON.parse(Buffer.concat(inMemory(request.body)).toString()).response_format).toEqual({
      type: 'json_schema', json_schema: { name: 'product_metadata', schema, strict: true },
    });
  });
});

describe('the system prompt', () => {
  it('without --mlperf-system-prompt, is mmload\'s stand-in, labelled so, asking for the three fields', async () => {
    const prompt = await loadQ3vlPrompt(undefined);
    expect(prompt.label).toMatch(/not the reference prompt/);
    expect(prompt.warning).toBeNull();
    for (const field of ['category', 'brand', 'is_secondhand']) expect(prompt.text).toContain(field);
    expect(prompt.schema).toMatchObject({ required: ['category', 'brand', 'is_secondhand'], type: 'object' });
  });

  it('from a file that is not the reference\'s: its text, the schema it embeds, and a warning with both hashes', async () => {
    const file = join(work, 'prompt.txt');
    writeFileSync(file, 'Give JSON.\n```json\n{\n  "title": "Mine",\n  "type": "object"\n}\n```\n');
    const prompt = await loadQ3vlPrompt(file);
    expect(prompt.text).toBe('Give JSON.\n```json\n{\n  "title": "Mine",\n  "type": "object"\n}\n```\n');
    expect(prompt.schema).toEqual({ title: 'Mine', type: 'object' });
    expect(prompt.warning).toMatch(/is not the v6.0 reference prompt \(sha256 [0-9a-f]{64}, expected 0d1878a7/);
  });

  it('refuses a missing or empty file in one line', async () => {
    await expect(loadQ3vlPrompt(join(work, 'none.txt'))).rejects.toThrow(/--mlperf-system-prompt .*none.txt: no such file/);
    writeFileSync(join(work, 'empty.txt'), '\n');
    await expect(loadQ3vlPrompt(join(work, 'empty.txt'))).rejects.toThrow(/is empty/);
  });
});
