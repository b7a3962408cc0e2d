// buildChatRequest: aiperf 0.8.0's bytes on the wire: key order, string or parts content, stream, caps, extras, stream_options.
import { describe, expect, it } from 'vitest';
import { buildChatRequest, shareText, type ChatRequestInput } from '../src/workload/request-body.js';
import { jsonStringBytes } from '../src/util/json-string-bytes.js';
import { inMemory } from './helpers/in-memory.js';

const input: ChatRequestInput = { index: 0, model: 'M', texts: ['hi'], images: [], imageIds: [], extraInputs: {} };
const wire = (overrides: Partial<ChatRequestInput>): string => Buffer.concat(inMemory(buildChatRequest({ ...input, ...overrides }).body)).toString('utf8');
const IMAGE = jsonStringBytes('data:image/png;base64,AAAA');

describe('request body key order and stream', () => {
  it('writes messages, model, stream, then stream_options with include_usage when streaming', () => {
    expect(wire({})).toBe('{"messages":[{"role":"user","content":"hi"}],"model":"M","stream":true,"stream_options":{"include_usage":true}}');
  });

  it('writes stream:false and no stream_options when not streaming; the cap after stream, extras after the cap', () => {
    expect(wire({ streaming: false, outputTokens: 256, extraInputs: { ignore_eos: true } }))
      .toBe('{"messages":[{"role":"user","content":"hi"}],"model":"M","stream":false,"max_completion_tokens":256,"ignore_eos":true}');
  });

  it('writes max_tokens instead with the legacy key, and no cap at all without one', () => {
    expect(wire({ outputTokens: 9, maxTokensKey: 'max_tokens' })).toContain('"stream":true,"max_tokens":9,"stream_options"');
    expect(wire({ maxTokensKey: 'max_tokens' })).not.toMatch(/max_(completion_)?tokens/);
  });

  it('puts mmload\'s forced output after stream, instead of any cap, and reports it as the requested OSL', () => {
    const request = buildChatRequest({ ...input, outputTokens: 64, forcedOutputTokens: 500 });
    expect(Buffer.concat(inMemory(request.body)).toString()).toBe('{"messages":[{"role":"user","content":"hi"}],"model":"M","stream":true,' +
      '"max_tokens":500,"min_tokens":500,"ignore_eos":true,"stream_options":{"include_usage":true}}');
    expect(request.requestedOsl).toBe(500);
    expect(buildChatRequest({ ...input, outputTokens: 64 }).requestedOsl).toBe(64);
    expect(buildChatRequest(input).requestedOsl).toBeNull();
  });

  it('merges --extra-inputs then the line extra: the line wins, a known key keeps its place, new keys are appended', () => {
    expect(wire({ outputTokens: 5, extraInputs: { temperature: 0.5, model: 'X', max_completion_tokens: 7 }, lineExtra: { temperature: 0.1, top_p: 1, model: 'Y' } }))
      .toBe('{"messages":[{"role":"user","content":"hi"}],"model":"Y","stream":true,"max_completion_tokens":7,"temperature":0.1,"top_p":1,' +
        '"stream_options":{"include_usage":true}}');
  });

  it('decides stream_options on the merged stream, and fills include_usage into a given object', () => {
    expect(wire({ extraInputs: { stream: false } })).toBe('{"messages":[{"role":"user","content":"hi"}],"model":"M","stream":false}');
    expect(wire({ streaming: false, lineExtra: { stream: true } })).toMatch(/"stream":true,"stream_options":\{"include_usage":true\}\}$/);
    expect(wire({ extraInputs: { stream_options: { continuous_usage_stats: true } } }))
      .toMatch(/"stream":true,"stream_options":\{"continuous_usage_stats":true,"include_usage":true\}\}$/);
    expect(wire({ extraInputs: { stream_options: { include_usage: false } } })).toMatch(/"stream_options":\{"include_usage":false\}\}$/);
    expect(wire({ extraInputs: { stream_options: null } })).toMatch(/"stream_options":null\}$/);
  });
});

describe('message content', () => {
  it('is a plain string for exactly one non-empty text and no image', () => {
    expect(JSON.parse(wire({ texts: ['', 'only'] })).messages).toStrictEqual([{ role: 'user', content: 'only' }]);
  });

  it('is text parts then image parts otherwise, with uuids next to image_url', () => {
    expect(JSON.parse(wire({ texts: ['a', 'b'] })).messages[0].content).toStrictEqual([{ type: 'text', text: 'a' }, { type: 'text', text: 'b' }]);
    const body = wire({ texts: ['look'], images: [IMAGE, IMAGE], imageUuids: ['u1', 'u2'] });
    expect(body).toContain('"content":[{"type":"text","text":"look"},{"type":"image_url","image_url":{"url":"data:image/png;base64,AAAA"},"uuid":"u1"},' +
      '{"type":"image_url","image_url":{"url":"data:image/png;base64,AAAA"},"uuid":"u2"}]');
    expect(JSON.parse(wire({ texts: [], images: [IMAGE] })).messages[0].content).toStrictEqual([{ type: 'image_url', image_url: { url: 'data:image/png;base64,AAAA' } }]);
    expect(JSON.parse(wire({ texts: [''] })).messages[0].content).toBe('');
  });

  it('opens with the shared system message as a plain string, one Buffer shared by every body, and keeps the texts as sent', () => {
    const system = shareText('Be "brief".');
    const first = buildChatRequest({ ...input, systemPrompt: system, images: [IMAGE] });
    const second = buildChatRequest({ ...input, index: 1, systemPrompt: system, texts: ['', 'there'] });
    expect(Buffer.concat(inMemory(first.body)).toString()).toMatch(/^\{"messages":\[\{"role":"system","content":"Be \\"brief\\"\."\},\{"role":"user","content":\[/);
    expect(first.body).toContain(system.escaped);
    expect(second.body).toContain(system.escaped);
    expect(first.body).toContain(IMAGE);
    expect(second.promptTexts).toEqual(['Be "brief".', 'there']);
  });
});
