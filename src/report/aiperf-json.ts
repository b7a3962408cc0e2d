// A summary as aiperf 0.8's profile_export_aiperf.json (schema 1.5): aiperf's metrics and run facts, nothing of mmload's own.
import type { RunSummary } from '../metrics/summary.js';
import { aiperfErrorSummary } from '../records/aiperf-errors.js';
import { AIPERF_SCHEMA_VERSION, AIPERF_VERSION } from './aiperf-release.js';
import type { AiperfRunFacts } from '../metrics/aiperf-run-facts.js';
import { aiperfInputConfig, aiperfRunInfo, type AiperfArtifactsFacts } from './aiperf-run-info.js';
import { isoLocal } from '../util/local-time.js';
import { metricBlocks } from './metric-blocks.js';
import { gpuEfficiencyMetrics, telemetryDataJson } from './gpu-aiperf-sections.js';
import { wasCancelled } from './summary-json.js';


/**
 * Keys in aiperf's order: versions and id, the metrics its schema declares, GPU telemetry, the run's config and status,
 * then any other aiperf metric, power efficiency last (aiperf writes undeclared metrics after its declared fields). An
 * absent value is absent, never null.
 */
export function toAiperfJson(summary: RunSummary, facts: AiperfRunFacts, artifacts: AiperfArtifactsFacts): Record<string, unknown> {
  const blocks = metricBlocks(summary, (info) => info.aiperf);
  const out: Record<string, unknown> = {
    schema_version: AIPERF_SCHEMA_VERSION,
    aiperf_version: AIPERF_VERSION,
    benchmark_id: facts.benchmarkId,
  };
  for (const { tag, block } of blocks.filter((b) => b.declared)) out[tag] = block;
  if (summary.meta.gpuTelemetry) out['telemetry_data'] = telemetryDataJson(summary.meta.gpuTelemetry);
  Object.assign(out, {
    input_config: aiperfInputConfig(facts, artifacts),
    run_info: aiperfRunInfo(facts),
    was_cancelled: wasCancelled(summary),
    error_summary: aiperfErrorSummary(summary.errorSummary),
    ...(summary.startEpochMs === null ? {} : { start_time: isoLocal(summary.startEpochMs) }),
    ...(summary.endEpochMs === null ? {} : { end_time: isoLocal(summary.endEpochMs) }),
    runtime_submission_invalid_reasons: [],
  });
  for (const { tag, block } of blocks.filter((b) => !b.declared)) out[tag] = block;
  for (const { tag, block } of gpuEfficiencyMetrics(summary)) out[tag] = block;
  return out;
}
