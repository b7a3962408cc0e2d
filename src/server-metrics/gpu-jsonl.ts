// A line of gpu_telemetry_export.jsonl as aiperf writes it: one per GPU per scrape (streamed to disk as scrapes arrive, by gpu-telemetry.ts).
import { GPU_FIELDS, NVIDIA_PLATFORM } from './gpu-fields.js';
import type { GpuReading } from './gpu-scrape.js';
import { epochNs } from '../util/epoch-now.js';
import { stringifyWithBigInts } from '../util/json-bigint.js';

/** One record: aiperf's keys in its order, absent identity labels left out; `epochMs` becomes integer epoch nanoseconds. */
export function gpuJsonlLine(reading: GpuReading, endpoint: string, epochMs: number): string {
  const { identity, values } = reading;
  const record = {
    timestamp_ns: epochNs(epochMs, 0),
    telemetry_source_url: endpoint,
    gpu_index: identity.gpuIndex,
    gpu_uuid: identity.gpuUuid,
    gpu_model_name: identity.gpuName,
    pci_bus_id: identity.pciBusId,
    device: identity.device,
    hostname: identity.hostname,
    namespace: identity.namespace,
    pod_name: identity.podName,
    platform: NVIDIA_PLATFORM,
    telemetry_data: Object.fromEntries(GPU_FIELDS.filter((f) => values.has(f.name)).map((f) => [f.name, values.get(f.name)!])),
  };
  return `${stringifyWithBigInts(record)}\n`;
}
