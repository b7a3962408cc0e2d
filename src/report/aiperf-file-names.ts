// The names of aiperf's result files (its own, its time slices, GPU telemetry and server metrics files): its defaults, or --profile-export-prefix NAME with known suffixes stripped.
import { basename, isAbsolute } from 'node:path';

/** A JSON, a CSV and a JSONL file of one kind. */
export interface ExportFileNames {
  readonly json: string;
  readonly csv: string;
  readonly jsonl: string;
}

export interface AiperfFileNames extends ExportFileNames {
  /** --slice-duration's per-slice metrics. */
  readonly timeslicesJson: string;
  readonly timeslicesCsv: string;
  /** gpu_telemetry_export.jsonl, or NAME_gpu_telemetry.jsonl. */
  readonly gpuTelemetryJsonl: string;
}

/** Suffixes aiperf strips from a prefix, longest first, so "run_raw.jsonl" and "run.csv" both give "run". */
const KNOWN_SUFFIXES = [
  '_server_metrics.parquet', '_server_metrics.jsonl', '_server_metrics.json', '_server_metrics.csv', '_gpu_telemetry.jsonl',
  '_timeslices.csv', '_timeslices.json', '_raw.jsonl', '.parquet', '.csv', '.json', '.jsonl',
] as const;

/**
 * profile_export_aiperf.json/.csv, profile_export.jsonl, profile_export_aiperf_timeslices.json/.csv and
 * gpu_telemetry_export.jsonl, or NAME.json/.csv/.jsonl, NAME_timeslices.json/.csv and NAME_gpu_telemetry.jsonl; an
 * absolute prefix keeps only its file name.
 */
export function aiperfFileNames(prefix: string | undefined): AiperfFileNames {
  const base = prefixBase(prefix);
  const summaryBase = base || 'profile_export_aiperf';
  return {
    json: `${summaryBase}.json`,
    csv: `${summaryBase}.csv`,
    jsonl: base ? `${base}.jsonl` : 'profile_export.jsonl',
    timeslicesJson: `${summaryBase}_timeslices.json`,
    timeslicesCsv: `${summaryBase}_timeslices.csv`,
    gpuTelemetryJsonl: base ? `${base}_gpu_telemetry.jsonl` : 'gpu_telemetry_export.jsonl',
  };
}

/** server_metrics_export.json/.csv/.jsonl, or NAME_server_metrics.json/.csv/.jsonl as aiperf names them under a prefix. */
export function serverMetricsFileNames(prefix: string | undefined): ExportFileNames {
  const base = prefixBase(prefix);
  const stem = base ? `${base}_server_metrics` : 'server_metrics_export';
  return { json: `${stem}.json`, csv: `${stem}.csv`, jsonl: `${stem}.jsonl` };
}

/** The prefix's file name without a known suffix; undefined without one. */
function prefixBase(prefix: string | undefined): string | undefined {
  return prefix === undefined ? undefined : stripSuffix(isAbsolute(prefix) ? basename(prefix) : prefix);
}

function stripSuffix(name: string): string {
  const suffix = KNOWN_SUFFIXES.find((s) => name.endsWith(s));
  return suffix === undefined ? name : name.slice(0, -suffix.length);
}
