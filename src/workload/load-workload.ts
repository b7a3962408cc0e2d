// The workload a profile run sends: an aiperf input file, the MLPerf Q3VL catalogue, or a generated image-reuse workload.
import { catalogueWorkload } from './catalogue/catalogue-workload.js';
import { fileWorkload } from './file-workload.js';
import { generatedWorkload, type ProgressFn } from './generated-workload.js';
import type { Workload } from './prepared-request.js';
import type { WorkloadSpec } from './workload-spec.js';

export async function loadWorkload(spec: WorkloadSpec, onProgress?: ProgressFn): Promise<Workload> {
  if (spec.inputFile === undefined) return generatedWorkload(spec, onProgress);
  return spec.datasetType === 'mlperf_q3vl' ? catalogueWorkload(spec.inputFile, spec, onProgress) : fileWorkload(spec.inputFile, spec);
}
