// JSON text in which bigint values are written as bare integers (epoch nanoseconds have more digits than a double holds).

const MARK = '\u0000bigint:';

/** JSON.stringify's text for `value`, bigints written as bare integers. */
export function stringifyWithBigInts(value: unknown, indent?: number): string {
  const text = JSON.stringify(value, (_key, item: unknown) => (typeof item === 'bigint' ? `${MARK}${item}` : item), indent);
  return text.replace(/"\\u0000bigint:(-?\d+)"/g, '$1');
}
