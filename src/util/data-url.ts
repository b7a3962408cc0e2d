// Reads data URLs (data:<type>[;base64],<data>): their header and data, and the bytes of a base64 one.

export interface DataUrlParts {
  /** What comes before the first comma, e.g. "data:image/png;base64". */
  readonly header: string;
  /** What comes after it. */
  readonly data: string;
  /** The header ends in ";base64" (any case). */
  readonly base64: boolean;
}

/** A data URL split at its first comma; null when `url` is not a data URL or has no comma. */
export function dataUrlParts(url: string): DataUrlParts | null {
  if (!/^data:/i.test(url)) return null;
  const comma = url.indexOf(',');
  if (comma < 0) return null;
  const header = url.slice(0, comma);
  return { header, data: url.slice(comma + 1), base64: /;base64$/i.test(header) };
}

/** The bytes a base64 data URL carries, decoded as leniently as Node's Buffer does; null for any other URL. */
export function base64DataUrlBytes(url: string): Buffer | null {
  const parts = dataUrlParts(url);
  return parts?.base64 ? Buffer.from(parts.data, 'base64') : null;
}
