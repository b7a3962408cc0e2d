// One DCGM exporter scrape read as aiperf reads it: per GPU (its `gpu` label), the GPU's identity and its fields' values in aiperf's units.
import { GPU_FIELDS, type GpuField } from './gpu-fields.js';
import { parseExposition } from './parse.js';

/** Who a GPU is, from the labels of its first sample in a scrape (dcgm-exporter's names). */
export interface GpuIdentity {
  readonly gpuIndex: number;
  readonly gpuUuid: string;
  readonly gpuName: string;
  readonly pciBusId?: string;
  readonly device?: string;
  readonly hostname?: string;
  readonly namespace?: string;
  readonly podName?: string;
}

/** One GPU in one scrape: its identity and the values present, by aiperf's field name. */
export interface GpuReading {
  readonly identity: GpuIdentity;
  readonly values: ReadonlyMap<string, number>;
}

const BY_SERIES = new Map<string, GpuField>(GPU_FIELDS.flatMap((f) => [[f.dcgm, f], [`${f.dcgm}_total`, f]] as const));

/**
 * The GPUs of a scrape, in the order they first appear. Samples without an integer `gpu` label and non-finite values
 * are skipped; a GPU is kept only when some field of aiperf's has a value. A later sample of a field overwrites an
 * earlier one of the same GPU, as in aiperf.
 */
export function readGpuScrape(body: string): GpuReading[] {
  const identities = new Map<number, GpuIdentity>();
  const values = new Map<number, Map<string, number>>();
  for (const sample of parseExposition(body, (name) => name.startsWith('DCGM_FI_'))) {
    const gpuIndex = Number(sample.labels['gpu']);
    if (sample.labels['gpu'] === undefined || !Number.isInteger(gpuIndex) || !Number.isFinite(sample.value)) continue;
    if (!identities.has(gpuIndex)) identities.set(gpuIndex, identityOf(gpuIndex, sample.labels));
    const field = BY_SERIES.get(sample.name);
    if (field === undefined) continue;
    const gpu = values.get(gpuIndex) ?? new Map<string, number>();
    values.set(gpuIndex, gpu);
    gpu.set(field.name, sample.value * field.scale);
  }
  return [...values].map(([gpuIndex, gpuValues]) => ({ identity: identities.get(gpuIndex)!, values: gpuValues }));
}

function identityOf(gpuIndex: number, labels: Readonly<Record<string, string>>): GpuIdentity {
  const optional = (key: keyof GpuIdentity, label: string) => (labels[label] === undefined ? {} : { [key]: labels[label] });
  return {
    gpuIndex,
    gpuUuid: labels['UUID'] ?? '',
    gpuName: labels['modelName'] ?? '',
    ...optional('pciBusId', 'pci_bus_id'),
    ...optional('device', 'device'),
    ...optional('hostname', 'Hostname'),
    ...optional('namespace', 'namespace'),
    ...optional('podName', 'pod'),
  };
}
