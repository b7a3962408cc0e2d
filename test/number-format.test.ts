// Numbers written for people: the thousands separators, decimals and byte units every report shares.
import { describe, expect, it } from 'vitest';
import { formatBytes, formatNumber, groupThousands } from '../src/util/number-format.js';

describe('number formatting', () => {
  it('groups thousands in the whole part only, signs and decimals kept', () => {
    expect(groupThousands('5259.71')).toBe('5,259.71');
    expect(groupThousands('-1234567')).toBe('-1,234,567');
    expect(groupThousands('999.12345')).toBe('999.12345');
  });

  it('writes fixed decimals with separators, and a dash for a missing value', () => {
    expect(formatNumber(5259.71)).toBe('5,259.7');
    expect(formatNumber(1200, 0)).toBe('1,200');
    expect(formatNumber(0.81071, 3)).toBe('0.811');
    for (const missing of [null, undefined, NaN, Infinity]) expect(formatNumber(missing)).toBe('–');
  });

  it('writes bytes in binary units, one decimal past a KiB', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(1536)).toBe('1.5 KiB');
    expect(formatBytes(11.2 * 1024 ** 2)).toBe('11.2 MiB');
    expect(formatBytes(1.25 * 1024 ** 3)).toBe('1.3 GiB');
    expect(formatBytes(2 * 1024 ** 4)).toBe('2.0 TiB');
  });
});
