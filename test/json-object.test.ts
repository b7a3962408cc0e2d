// Text that should hold a JSON object: the object, or the one-line reason it is not one.
import { describe, expect, it } from 'vitest';
import { isJsonObject, parseJsonObject, readJsonObject } from '../src/util/json-object.js';

describe('JSON objects', () => {
  it('reads an object and says why anything else is not one', () => {
    expect(readJsonObject('{"a": 1}')).toEqual({ object: { a: 1 } });
    expect(readJsonObject('[1, 2]')).toEqual({ problem: 'expected a JSON object' });
    expect(readJsonObject('null')).toEqual({ problem: 'expected a JSON object' });
    expect(readJsonObject('{"a": 1')).toMatchObject({ problem: expect.stringMatching(/^invalid JSON \(.+\)$/) });
  });

  it('gives null for anything but an object where no reason is wanted', () => {
    expect(parseJsonObject('{"b": [true]}')).toEqual({ b: [true] });
    for (const text of ['', '42', '"x"', '[]', 'null', '{']) expect(parseJsonObject(text)).toBeNull();
    expect(isJsonObject({})).toBe(true);
    expect(isJsonObject([])).toBe(false);
  });
});
