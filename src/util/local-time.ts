// Timestamps as aiperf writes them: local wall-clock time without a zone, to the microsecond.

/** Local wall-clock time without a zone, microsecond digits always present: "2025-10-17T20:22:08.939332". */
export function isoLocal(epochMs: number): string {
  const micros = Math.round(epochMs * 1000);
  const date = new Date(Math.floor(micros / 1000));
  const pad = (n: number, width = 2) => String(n).padStart(width, '0');
  const fraction = pad(date.getMilliseconds() * 1000 + (micros % 1000), 6);
  return (
    `${pad(date.getFullYear(), 4)}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}` +
    `T${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}.${fraction}`
  );
}
