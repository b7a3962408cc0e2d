// The flags of `mmload generate` as yargs parsed them, shared by its two writers (image-reuse workloads and dataset presets).
import type { WorkloadFlags } from '../profile/workload-options.js';

export interface GenerateFlags extends WorkloadFlags {
  'num-requests'?: number | undefined;
  seed: number;
  output?: string | undefined;
  'output-dir': string;
  'image-url-base'?: string | undefined;
}
