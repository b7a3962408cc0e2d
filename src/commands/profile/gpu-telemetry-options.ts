// The GPU telemetry flags with aiperf's meaning: --gpu-telemetry [URL…] (DCGM exporters) and --no-gpu-telemetry.
import type { Argv } from 'yargs';
import { DEFAULT_DCGM_ENDPOINTS } from '../../server-metrics/gpu-fields.js';
import type { GpuTelemetryConfig } from '../../server-metrics/gpu-telemetry.js';
import { metricsEndpointUrl } from '../../server-metrics/metrics-url.js';
import { resolveEndpointList, type EndpointListRules } from './metrics-endpoint-flags.js';

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
  const urls = resolveEndpointList(flags['gpu-telemetry'], DCGM_ENDPOINTS, problems);
  if (urls === null) return null;
  const given = [...new Set(urls)].filter((url) => !DEFAULT_DCGM_ENDPOINTS.includes(url));
  return { endpoints: [...DEFAULT_DCGM_ENDPOINTS, ...given], given, console: flags['gpu-telemetry'] !== undefined };
}

const DCGM_ENDPOINTS: EndpointListRules = { flag: 'gpu-telemetry', onForm: '--gpu-telemetry', endpointOf: dcgmEndpoint };

/** An item's DCGM exporter URL; null for aiperf's live dashboard and for what mmload refuses (a problem). */
function dcgmEndpoint(item: string, problems: string[]): string | null {
  const refuse = (problem: string): null => {
    problems.push(problem);
    return null;
  };
  if (LIBRARY_MODES.has(item.toLowerCase())) {
    return refuse(`--gpu-telemetry ${item} reads the local GPUs through a vendor library, which mmload does not link: run a DCGM exporter and give its URL`);
  }
  if (item.endsWith('.csv')) return refuse(`--gpu-telemetry ${item}: custom DCGM metric files are not supported; mmload reads aiperf's default DCGM fields`);
  // aiperf's live dashboard: mmload prints the GPU table at the end, as aiperf's summary does.
  if (item === 'dashboard') return null;
  if (!item.startsWith('http') && !item.includes(':')) {
    return refuse(`--gpu-telemetry: "${item}" is not a DCGM exporter URL (host:port or http://…/metrics), dashboard, pynvml or a .csv file`);
  }
  return metricsEndpointUrl(item) ?? refuse(`--gpu-telemetry: not a valid URL: ${item}`);
}
