// The endpoint flags as aiperf takes them: list flags (--url a b, repeated, comma lists), URLs and headers.
import { withHttpScheme } from '../../util/with-scheme.js';

/** The values of a list flag given as `--flag a b`, `--flag a --flag b` or `--flag a,b` alike, trimmed, empty ones dropped. */
export function commaList(values: string | readonly string[] | undefined): string[] {
  return [values ?? []].flat().flatMap((value) => value.split(',')).map((item) => item.trim()).filter((item) => item !== '');
}

/** --url a b, --url a --url b and --url a,b alike: one base URL per server. */
export function parseUrls(values: string | readonly string[], problems: string[]): { origin: string; basePath: string }[] {
  const urls = commaList(values);
  if (urls.length === 0) problems.push('--url needs a server URL');
  return urls.map((url) => parseUrl(url, problems));
}

function parseUrl(raw: string, problems: string[]): { origin: string; basePath: string } {
  const withScheme = withHttpScheme(raw);
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    problems.push(`--url is not a valid URL: ${raw}`);
    return { origin: 'http://invalid', basePath: '' };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') problems.push(`--url must be http or https: ${raw}`);
  // Credentials in a URL would be neither sent (the origin drops them) nor safe in saved results.
  if (url.username || url.password) problems.push('--url must not carry a user or password; use --api-key or -H "Authorization: ..."');
  // A base path such as /v1 or /proxy/v1 goes in front of the endpoint; a trailing /v1 is not doubled.
  const basePath = url.pathname.replace(/\/+$/, '').replace(/\/v1$/, '');
  return { origin: url.origin, basePath };
}

/** -H "Name:Value" (split at the first colon) or a JSON object of names to string values, repeatable. */
export function parseHeaders(values: readonly string[], problems: string[]): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const value of values) {
    if (value.trim().startsWith('{')) {
      Object.assign(headers, jsonHeaders(value, problems));
      continue;
    }
    const colon = value.indexOf(':');
    const name = colon > 0 ? value.slice(0, colon).trim() : '';
    if (!name || /[^!#$%&'*+.^_`|~0-9A-Za-z-]/.test(name)) {
      problems.push(`--header must be "Name:Value" (got "${value.replace(/:.*/, ':…')}")`);
      continue;
    }
    headers[name] = value.slice(colon + 1).trim();
  }
  return headers;
}

function jsonHeaders(value: string, problems: string[]): Record<string, string> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch (err) {
    problems.push(`--header ${value.slice(0, 40)}…: invalid JSON (${(err as Error).message})`);
    return {};
  }
  const entries = parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? Object.entries(parsed) : null;
  if (entries === null || entries.some(([name, v]) => typeof v !== 'string' || !/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name))) {
    problems.push('--header as JSON must be an object of header names to string values');
    return {};
  }
  return Object.fromEntries(entries) as Record<string, string>;
}
