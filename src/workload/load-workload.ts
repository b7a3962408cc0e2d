// The workload a profile run sends: an aiperf input file, or a generated image-reuse workload.
import { fileWorkload } from './file-workload.js';
import { generatedWorkload, type ProgressFn } from './generated-workload.js';
import type { Workload } from './prepared-request.js';
import type { WorkloadSpec } from './workload-spec.js';

export async function loadWorkload(spec: WorkloadSpec, onProgress?: ProgressFn): Promise<Workload> {
  return spec.inputFile === undefined ? generatedWorkload(spec, onProgress) : fileWorkload(spec.inputFile, spec);
}
