// gpu_telemetry_export.jsonl as aiperf writes it: one line per GPU per scrape, streamed to disk as scrapes arrive.
import { createWriteStream, type WriteStream } from 'node:fs';
import { finished } from 'node:stream/promises';
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

/** Appends lines to a file created on the first line (a run whose GPUs never answered leaves none). */
export class GpuJsonlFile {
  private out: WriteStream | null = null;
  private failure: Error | null = null;

  constructor(private readonly path: string) {}

  write(lines: string): void {
    this.out ??= createWriteStream(this.path).on('error', (err) => (this.failure ??= err));
    if (this.failure === null) this.out.write(lines);
  }

  /** Flushes and closes the file; rejects if writing it failed. */
  async close(): Promise<void> {
    if (this.out === null) return;
    this.out.end();
    await finished(this.out).catch(() => undefined);
    if (this.failure) throw this.failure;
  }
}
