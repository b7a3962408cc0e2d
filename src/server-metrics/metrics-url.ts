// A Prometheus endpoint as aiperf's --server-metrics (and --gpu-telemetry) take one: host:port or a URL, /metrics added.
import { withHttpScheme } from '../util/with-scheme.js';

/**
 * `item` as the URL to scrape: http:// added when no scheme is given, trailing slashes dropped, /metrics appended
 * unless the path already ends with it (a query is kept after it); null when it is not a host:port or an http(s) URL.
 */
export function metricsEndpointUrl(item: string): string | null {
  const trimmed = item.trim();
  if (!/^https?:\/\//i.test(trimmed) && !trimmed.includes(':')) return null;
  const withScheme = withHttpScheme(trimmed);
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  const query = withScheme.search(/[?#]/);
  const [head, tail] = query < 0 ? [withScheme, ''] : [withScheme.slice(0, query), withScheme.slice(query)];
  const base = head.replace(/\/+$/, '');
  return `${base.endsWith('/metrics') ? base : `${base}/metrics`}${tail}`;
}

/** "http://host:9400/metrics" → "host:9400" (aiperf's endpoint display: no scheme, no /metrics); the text as it is when not a URL. */
export function endpointDisplay(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.host}${parsed.pathname.replace(/\/metrics$/, '').replace(/^\/$/, '')}`;
  } catch {
    return url;
  }
}
