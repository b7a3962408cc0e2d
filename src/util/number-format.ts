// Numbers written for people: thousands separators, fixed decimals, bytes in binary units.

/** Thousands separators in a number already written with fixed decimals: "-5259.71" → "-5,259.71". */
export function groupThousands(fixed: string): string {
  const [whole, fraction] = fixed.split('.');
  return `${whole!.replace(/\B(?=(\d{3})+$)/g, ',')}${fraction === undefined ? '' : `.${fraction}`}`;
}

/** Fixed decimals with thousands separators: 5259.71 → "5,259.7" at 1 digit; "–" for a missing value. */
export function formatNumber(value: number | null | undefined, digits = 1): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '–';
  return groupThousands(value.toFixed(digits));
}

/** Bytes in binary units, one decimal past a KiB: "512 B", "11.2 MiB", "1.5 GiB". */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${formatNumber(value, unit === 0 ? 0 : 1)} ${units[unit]}`;
}
