// The GPU telemetry flags with aiperf's meaning: --gpu-telemetry [URL…] (DCGM exporters) and --no-gpu-telemetry.
import type { Argv } from 'yargs';
import { DEFAULT_DCGM_ENDPOINTS } from '../../server-metrics/gpu-fields.js';
import type { GpuTelemetryConfig } from '../../server-metrics/gpu-telemetry.js';
import { commaList } from './endpoint-flags.js';
import { metricsEndpointUrl } from '../../server-metrics/metrics-url.js';

export function gpuTelemetryOptions<T>(yargs: Argv<T>) {
  return yargs.option('gpu-telemetry', {
    type: 'string', array: true, group: 'Metrics:',
    describe: 'Show the GPU table of DCGM telemetry, and scrape these DCGM exporters too (host:port or URLs, /metrics added). ' +
      'localhost:9400 and :9401 are always tried, as in aiperf; --no-gpu-telemetry: scrape none',
  });
}

/** `--gpu-telemetry a b` gives ['a', 'b'], a bare flag [], --no-gpu-telemetry a false among them. */
export interface GpuTelemetryFlags {
  'gpu-telemetry'?: readonly (string | false)[] | undefined;
}

/** aiperf's modes that read the local GPUs through a vendor library. */
const LIBRARY_MODES = new Set(['pynvml', 'amdsmi']);

/** What the flags ask for, as aiperf reads them; null with --no-gpu-telemetry. Bad items go to `problems`. */
export function resolveGpuTelemetry(flags: GpuTelemetryFlags, problems: string[]): GpuTelemetryConfig | null {
  const values = flags['gpu-telemetry'];
  const items = commaList(values?.filter((value): value is string => value !== false));
  if (values?.includes(false)) {
    if (items.length > 0) problems.push('give --gpu-telemetry or --no-gpu-telemetry, not both');
    return null;
  }
  const urls: string[] = [];
  for (const item of items) {
    if (LIBRARY_MODES.has(item.toLowerCase())) {
      problems.push(`--gpu-telemetry ${item} reads the local GPUs through a vendor library, which mmload does not link: run a DCGM exporter and give its URL`);
    } else if (item.endsWith('.csv')) {
      problems.push(`--gpu-telemetry ${item}: custom DCGM metric files are not supported; mmload reads aiperf's default DCGM fields`);
    } else if (item === 'dashboard') {
      continue; // aiperf's live dashboard: mmload prints the GPU table at the end, as aiperf's summary does.
    } else if (item.startsWith('http') || item.includes(':')) {
      const url = metricsEndpointUrl(item);
      if (url === null) problems.push(`--gpu-telemetry: not a valid URL: ${item}`);
      else urls.push(url);
    } else {
      problems.push(`--gpu-telemetry: "${item}" is not a DCGM exporter URL (host:port or http://…/metrics), dashboard, pynvml or a .csv file`);
    }
  }
  const given = [...new Set(urls)].filter((url) => !DEFAULT_DCGM_ENDPOINTS.includes(url));
  return { endpoints: [...DEFAULT_DCGM_ENDPOINTS, ...given], given, console: values !== undefined };
}
