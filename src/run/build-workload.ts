// Builds a command's workload with image-generation progress on a console line; a failure is the user's input.
import { loadWorkload } from '../workload/load-workload.js';
import type { Workload } from '../workload/prepared-request.js';
import type { WorkloadSpec } from '../workload/workload-spec.js';
import { UsageError } from '../util/exit-codes.js';
import { progressLine } from '../util/progress-line.js';

/** Builds `spec`, printing progress lines with `print`; any failure to build is a UsageError. */
export async function buildWorkload(spec: WorkloadSpec, print: (line: string) => void): Promise<Workload> {
  const progress = progressLine(print);
  try {
    return await loadWorkload(spec, progress.update);
  } catch (err) {
    throw err instanceof UsageError ? err : new UsageError((err as Error).message);
  } finally {
    progress.done();
  }
}
