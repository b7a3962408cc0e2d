// server_metrics_export.json in aiperf's layout: a summary of the endpoints, every metric keyed by name, the run's input_config.
import { stringifyWithBigInts } from '../util/json-bigint.js';
import { isoLocal } from '../util/local-time.js';
import type { EndpointInfo, MetricExport } from './export-types.js';

/** The file's schema_version (aiperf's server metrics export). */
const SCHEMA_VERSION = '1.0';

/** What the file says about the run besides the metrics. */
export interface ServerMetricsExportHead {
  readonly aiperfVersion: string;
  /** The run's benchmark_id; absent from the file when null. */
  readonly benchmarkId: string | null;
  /** aiperf's input_config of the run ({} when unknown). */
  readonly inputConfig: unknown;
}

export interface ServerMetricsExport {
  readonly endpointsConfigured: readonly string[];
  readonly endpointsSuccessful: readonly string[];
  /** The profiled phase, epoch ms. */
  readonly startEpochMs: number;
  readonly endEpochMs: number;
  readonly endpointInfo: ReadonlyMap<string, EndpointInfo>;
  readonly metrics: ReadonlyMap<string, MetricExport>;
}

/** The file's text, indented by 2 as aiperf writes it; epoch ns as bare integers. */
export function serverMetricsJson(data: ServerMetricsExport, head: ServerMetricsExportHead): string {
  const info = [...data.endpointInfo.keys()].sort();
  return stringifyWithBigInts({
    schema_version: SCHEMA_VERSION,
    aiperf_version: head.aiperfVersion,
    ...(head.benchmarkId === null ? {} : { benchmark_id: head.benchmarkId }),
    summary: {
      endpoints_configured: data.endpointsConfigured,
      endpoints_successful: data.endpointsSuccessful,
      start_time: isoLocal(data.startEpochMs),
      end_time: isoLocal(data.endEpochMs),
      ...(info.length > 0 ? { endpoint_info: Object.fromEntries(info.map((url) => [url, data.endpointInfo.get(url)])) } : {}),
    },
    metrics: Object.fromEntries(data.metrics),
    input_config: head.inputConfig,
  }, 2);
}
