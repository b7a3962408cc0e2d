// A run's server metrics files as aiperf writes them (server_metrics_export.json, .csv, .jsonl), for writeArtifacts.
import { writeFile } from 'node:fs/promises';
import type { RunSummary } from '../metrics/summary.js';
import type { CollectedServerMetrics } from '../server-metrics/telemetry-thread.js';
import { serverMetricsCsv } from '../server-metrics/export-csv.js';
import type { ServerMetricsFormat } from '../server-metrics/export-formats.js';
import { serverMetricsJson, type ServerMetricsExportHead } from '../server-metrics/export-json.js';
import { serverMetricsFileNames } from './aiperf-file-names.js';
import { AIPERF_VERSION } from './aiperf-release.js';
import { aiperfInputConfig } from './aiperf-run-info.js';
import type { ArtifactFile, ArtifactFiles } from './write-artifacts.js';

/**
 * The files of `formats` that have something to hold: the JSON and CSV once any endpoint answered, the JSONL once it
 * has a line. They share the run's benchmark_id and input_config when aiperf's files are written (else none and {}).
 */
export function serverMetricsFiles(collected: CollectedServerMetrics, formats: readonly ServerMetricsFormat[], summary: RunSummary, files: ArtifactFiles): ArtifactFile[] {
  const names = serverMetricsFileNames(files.profileExportPrefix);
  const facts = summary.meta.aiperfRun;
  const head: ServerMetricsExportHead = {
    aiperfVersion: AIPERF_VERSION,
    benchmarkId: facts?.benchmarkId ?? null,
    inputConfig: facts ? aiperfInputConfig(facts, { prefix: files.profileExportPrefix, exportLevel: files.exportLevel }) : {},
  };
  const out: ArtifactFile[] = [];
  const { exports } = collected;
  if (exports !== null && formats.includes('json')) out.push({ name: names.json, write: (path) => writeFile(path, serverMetricsJson(exports, head)) });
  if (exports !== null && formats.includes('csv')) out.push({ name: names.csv, write: (path) => writeFile(path, serverMetricsCsv(exports, head)) });
  if (collected.hasJsonl && formats.includes('jsonl')) out.push({ name: names.jsonl, write: (path) => collected.moveJsonl(path) });
  return out;
}
