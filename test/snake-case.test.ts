// The snake_case names of the JSON mmload writes, from camelCase names and back, to a chosen depth.
import { describe, expect, it } from 'vitest';
import { camelCase, camelCaseKeys, snakeCase, snakeCaseKeys } from '../src/util/snake-case.js';

describe('snake_case keys', () => {
  it('renames camelCase names and leaves snake_case names and tags alone', () => {
    expect(snakeCase('embeddingCacheGb')).toBe('embedding_cache_gb');
    expect(snakeCase('okStartEpochMs')).toBe('ok_start_epoch_ms');
    for (const same of ['p99.9', 'time_to_first_token', 'url']) expect(snakeCase(same)).toBe(same);
    expect(camelCase('embedding_cache_gb')).toBe('embeddingCacheGb');
    expect(camelCase('hitRate')).toBe('hitRate');
  });

  it('renames keys at every depth, through arrays, or only as deep as asked', () => {
    const value = { mmCache: { hitRate: 0.5 }, running: [{ meanMs: 1 }], note: 'camelCase values stay' };
    const json = snakeCaseKeys(value);
    expect(json).toEqual({ mm_cache: { hit_rate: 0.5 }, running: [{ mean_ms: 1 }], note: 'camelCase values stay' });
    expect(camelCaseKeys<typeof value>(json)).toEqual(value);
    expect(snakeCaseKeys({ totalOsl: 1, distributions: { someTag: { maxMs: 2 } } }, 1)).toEqual({ total_osl: 1, distributions: { someTag: { maxMs: 2 } } });
    expect(camelCaseKeys({ total_osl: 1, distributions: { time_to_first_token: 3 } }, 1)).toEqual({ totalOsl: 1, distributions: { time_to_first_token: 3 } });
  });
});
