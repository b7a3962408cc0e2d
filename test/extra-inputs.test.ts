// parseExtraInputs: aiperf's --extra-inputs coercion, JSON values, overrides and one-line errors.
import { describe, expect, it } from 'vitest';
import { parseExtraInputs } from '../src/workload/extra-inputs.js';

describe('parseExtraInputs', () => {
  it('coerces integers, booleans, null and decimals', () => {
    expect(parseExtraInputs(['max_tokens:500'])).toStrictEqual({ max_tokens: 500 });
    expect(parseExtraInputs(['ignore_eos:true'])).toStrictEqual({ ignore_eos: true });
    expect(parseExtraInputs(['a:TRUE', 'b:False'])).toStrictEqual({ a: true, b: false });
    expect(parseExtraInputs(['a:none', 'b:NULL'])).toStrictEqual({ a: null, b: null });
    expect(parseExtraInputs(['temperature:0.7', 'x:-1.5'])).toStrictEqual({ temperature: 0.7, x: -1.5 });
    expect(parseExtraInputs(['a:-3', 'b:0'])).toStrictEqual({ a: -3, b: 0 });
  });

  it('keeps strings that only look numeric, and everything after the first colon', () => {
    expect(parseExtraInputs(['code:007', 'v:1.2.3', 'e:1e5', 'empty:'])).toStrictEqual({ code: '007', v: '1.2.3', e: '1e5', empty: '' });
    expect(parseExtraInputs(['a:b:c'])).toStrictEqual({ a: 'b:c' });
    expect(parseExtraInputs(['model:Qwen/Qwen3-VL:fp8'])).toStrictEqual({ model: 'Qwen/Qwen3-VL:fp8' });
  });

  it('splits on commas and trims keys and values', () => {
    expect(parseExtraInputs(['a:1,b:2'])).toStrictEqual({ a: 1, b: 2 });
    expect(parseExtraInputs([' min_tokens : 500 , ignore_eos : true '])).toStrictEqual({ min_tokens: 500, ignore_eos: true });
  });

  it('reads a value starting with { as a JSON object with its types', () => {
    const parsed = parseExtraInputs(['{"temperature": 0, "stop": ["a", "b"], "nested": {"k": "007"}, "n": null}']);
    expect(parsed).toStrictEqual({ temperature: 0, stop: ['a', 'b'], nested: { k: '007' }, n: null });
  });

  it('lets later values override earlier keys, across both forms', () => {
    expect(parseExtraInputs(['max_tokens:100', '{"max_tokens": 200, "top_p": 1}', 'max_tokens:300'])).toStrictEqual({ max_tokens: 300, top_p: 1 });
  });

  it('keeps a "__proto__" key as a plain field', () => {
    const parsed = parseExtraInputs(['{"__proto__": {"polluted": true}}']);
    expect(Object.keys(parsed)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(JSON.stringify(parsed)).toBe('{"__proto__":{"polluted":true}}');
  });

  it('throws one-line errors naming the offending value', () => {
    expect(() => parseExtraInputs(['novalue'])).toThrow(/^--extra-inputs "novalue": expected name:value/);
    expect(() => parseExtraInputs([':5'])).toThrow(/":5"/);
    expect(() => parseExtraInputs(['a:1,'])).toThrow(/"a:1,"/);
    expect(() => parseExtraInputs(['{"a": 1'])).toThrow(/^--extra-inputs \{"a": 1: invalid JSON/);
    for (const bad of ['novalue', '{"a": 1', '{]']) {
      expect(() => parseExtraInputs([bad])).toThrow(expect.objectContaining({ message: expect.not.stringContaining('\n') }));
    }
  });

  it('returns an empty object when there are no values', () => {
    expect(parseExtraInputs([])).toStrictEqual({});
  });
});
