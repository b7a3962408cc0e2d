// Number and delta text for `mmload compare`: thousands separators, one decimal, a signed percentage.
import { formatNumber } from '../util/number-format.js';

/** The typographic minus of the table and markdown outputs; csv keeps ASCII '-' so spreadsheets parse it. */
export const MINUS = '\u2212';

/**
 * A value as the seed's table shows it: thousands separators and one decimal (3,575.6; 526.0). Below 10 the
 * decimals grow so three significant digits stay (0.81 ms → 0.810, 4.5 req/s → 4.50); counts are integers.
 */
export function formatValue(value: number, count: boolean): string {
  const abs = Math.abs(value);
  const decimals = count ? 0 : abs >= 10 || abs === 0 ? 1 : abs >= 1 ? 2 : 3;
  return formatNumber(value, decimals);
}

/**
 * A change in percent with one decimal and its sign (+16.4, −27.7); one that rounds to zero has no sign (0.0).
 * `minus` is the character for negative changes.
 */
export function formatDelta(pct: number, minus: string): string {
  const digits = Math.abs(pct).toFixed(1);
  if (digits === '0.0') return digits;
  return `${pct > 0 ? '+' : minus}${digits}`;
}
