// A number written as Python's repr(float) writes it (what json.dumps puts in the reference's accuracy.txt).

/**
 * The shortest digits that read back to `value` (as JavaScript finds them), laid out as Python does: fixed notation
 * with at least one decimal ("0.8", "1.0", "0.0001"), exponent notation when the decimal point sits 4 or more places
 * left of the first digit or 17 or more right of it ("1e-05", "1.5e+16"), the exponent signed and at least 2 digits.
 */
export function pythonFloatRepr(value: number): string {
  if (Number.isNaN(value)) return 'nan';
  if (!Number.isFinite(value)) return value > 0 ? 'inf' : '-inf';
  const sign = value < 0 || Object.is(value, -0) ? '-' : '';
  // toExponential() with no argument gives as many digits as it takes to tell the number apart: "d.ddde±x".
  const [mantissa, exponentText] = Math.abs(value).toExponential().split('e') as [string, string];
  const digits = mantissa.replace('.', '');
  const exponent = Number(exponentText);
  const point = exponent + 1; // digits before the decimal point
  if (point <= -4 || point > 16) {
    const shownExponent = `${exponent < 0 ? '-' : '+'}${String(Math.abs(exponent)).padStart(2, '0')}`;
    return `${sign}${mantissa}e${shownExponent}`;
  }
  if (point <= 0) return `${sign}0.${'0'.repeat(-point)}${digits}`;
  if (point >= digits.length) return `${sign}${digits}${'0'.repeat(point - digits.length)}.0`;
  return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
}
