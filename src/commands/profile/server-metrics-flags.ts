// --server-metrics [URL…], --no-server-metrics and --server-metrics-formats as aiperf means them, with its collection interval.
import type { ServerMetricsConfig } from '../../run/run-config.js';
import { DEFAULT_SERVER_METRICS_FORMATS, SERVER_METRICS_FORMATS, type ServerMetricsFormat } from '../../server-metrics/export-formats.js';
import { metricsEndpointUrl } from '../../server-metrics/metrics-url.js';
import { commaList } from './endpoint-flags.js';
import { resolveEndpointList, type EndpointListFlag, type EndpointListRules } from './metrics-endpoint-flags.js';

/** aiperf's variable for the time between scrapes, in seconds. */
const INTERVAL_VARIABLE = 'AIPERF_SERVER_METRICS_COLLECTION_INTERVAL';
const DEFAULT_INTERVAL_S = 0.333;

export interface ServerMetricsFlags {
  /** URLs as given (--server-metrics a b, or its old name --server-metrics-url); false in it: --no-server-metrics. */
  'server-metrics'?: EndpointListFlag;
  'server-metrics-formats'?: readonly string[] | string | undefined;
}

/**
 * null with --no-server-metrics; else the extra endpoints (each host:port or URL, /metrics added), the formats (json
 * csv by default; parquet refused) and the interval. Problems (both on and off, a bad URL or format) go to `problems`.
 */
export function resolveServerMetrics(flags: ServerMetricsFlags, env: NodeJS.ProcessEnv, problems: string[]): ServerMetricsConfig | null {
  const extraUrls = resolveEndpointList(flags['server-metrics'], SERVER_METRICS_ENDPOINTS, problems);
  const formats = resolveFormats(flags['server-metrics-formats'], problems);
  const intervalS = env[INTERVAL_VARIABLE] === undefined || env[INTERVAL_VARIABLE] === '' ? DEFAULT_INTERVAL_S : Number(env[INTERVAL_VARIABLE]);
  if (!(intervalS >= 0.001 && intervalS <= 300)) problems.push(`${INTERVAL_VARIABLE} must be seconds between 0.001 and 300 (got ${env[INTERVAL_VARIABLE]})`);
  return extraUrls === null ? null : { extraUrls, formats, intervalMs: intervalS * 1000 };
}

/** Each item a Prometheus endpoint. */
const SERVER_METRICS_ENDPOINTS: EndpointListRules = {
  flag: 'server-metrics',
  onForm: '--server-metrics URLs',
  endpointOf(item, problems) {
    const url = metricsEndpointUrl(item);
    if (url === null) problems.push(`--server-metrics takes Prometheus endpoints (host:port or an http(s) URL), not "${item}"`);
    return url;
  },
};

function resolveFormats(given: readonly string[] | string | undefined, problems: string[]): ServerMetricsFormat[] {
  if (given === undefined) return [...DEFAULT_SERVER_METRICS_FORMATS];
  const formats: ServerMetricsFormat[] = [];
  for (const item of commaList(given)) {
    const format = item.toLowerCase();
    if (format === 'parquet') problems.push('--server-metrics-formats parquet is not supported: mmload writes json, csv and jsonl (the jsonl holds every scrape)');
    else if ((SERVER_METRICS_FORMATS as readonly string[]).includes(format)) formats.push(format as ServerMetricsFormat);
    else problems.push(`--server-metrics-formats takes ${SERVER_METRICS_FORMATS.join(', ')} (got "${item}")`);
  }
  return [...new Set(formats)];
}
