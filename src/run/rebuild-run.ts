// Rebuilds a finished or killed run's summary.json, summary.csv, report.html (and aiperf's files) from its run.json and records.jsonl.
import { open, readFile, stat, truncate } from 'node:fs/promises';
import { join } from 'node:path';
import { isAccuracyRun } from '../executors/load-shape.js';
import { summarizeTotals } from '../metrics/summary.js';
import type { AccuracyFigures } from '../mlperf/accuracy/accuracy-report.js';
import { mlperfVerdict, writeMlperfSummary } from '../mlperf/mlperf-report.js';
import { firstStartNs, readRecordFile } from '../records/records-read.js';
import { RunAggregates } from '../records/run-aggregates.js';
import { conversationsOf } from './conversations-of.js';
import { renderConsoleTable } from '../report/console-table.js';
import { readRunJson } from '../report/run-json.js';
import { writeArtifacts } from '../report/write-artifacts.js';
import { gpuTelemetryFromJson } from '../report/gpu-aiperf-sections.js';
import { serverMetricsFromJson, type ServerMetricsJson } from '../report/mmload-sections.js';
import type { GpuTelemetryJson, GpuTelemetrySummary } from '../server-metrics/gpu-telemetry-types.js';
import type { ServerMetricsSummary } from '../server-metrics/summary-types.js';
import { stdio, type Console } from '../util/console.js';
import { ExitCode, UsageError } from '../util/exit-codes.js';
import { snakeCaseKeys } from '../util/snake-case.js';

/**
 * Reads run.json (what the run was) and every line of records.jsonl, and writes the files a finished run has. A run
 * that left no summary.json (killed, out of memory) is marked interrupted; a last line cut short by the kill is
 * dropped from records.jsonl. What the run could only measure live is kept from a finished run's summary.json (server
 * metrics, GPU telemetry) or absent (client health, schedule statistics); the accuracy `mmload evaluate` added is kept.
 */
export async function rebuildRun(dir: string, io: Console = stdio): Promise<number> {
  const run = await readRunJson(dir);
  if (run.files.exportLevel !== 'records') throw new UsageError(`${dir}: the run wrote no records.jsonl (--export-level summary), so there is nothing to rebuild from`);
  const recordsPath = join(dir, 'records.jsonl');
  await stat(recordsPath).catch(() => {
    throw new UsageError(`${dir} holds run.json but no records.jsonl`);
  });
  const finished = await previousSummary(dir);
  const baseNs = (await firstStartNs(recordsPath)) ?? 0n;
  const mlperf = (run.shape.kind === 'mlperf-offline' || run.shape.kind === 'mlperf-server') && !isAccuracyRun(run.shape);
  const aggregates = new RunAggregates(0, run.meta.goodput, mlperf);
  const read = await readRecordFile(recordsPath, baseNs, ({ record, counts, sessionNum }) => aggregates.add(record, counts, sessionNum));
  if (read.truncatedLast) await dropLastLine(recordsPath);
  const verdict = mlperfVerdict(run.shape, aggregates.mlperfSamples, aggregates.totals.start);
  const interrupted = finished === null || finished.interrupted;
  const summary = summarizeTotals(aggregates.totals, {
    ...run.meta,
    ...(finished?.load ? { load: finished.load } : {}),
    ...(finished?.mlperfAccuracy ? { mlperfAccuracy: finished.mlperfAccuracy } : {}),
    ...(finished?.serverMetrics ? { serverMetrics: finished.serverMetrics } : {}),
    ...(finished?.gpuTelemetry ? { gpuTelemetry: finished.gpuTelemetry } : {}),
    interrupted,
    ...(verdict ? { mlperf: verdict } : {}),
    ...conversationsOf(aggregates),
  }, Number(baseNs / 1000n) / 1000);
  await writeArtifacts(dir, summary, aggregates.timeData(), { ...run.files, records: 'in-place', note: io.err });
  const mlperfText = verdict ? await writeMlperfSummary(dir, verdict, run.meta.model ?? 'model') : null;
  io.out(renderConsoleTable(summary));
  if (mlperfText) io.out(`\n${mlperfText}`);
  io.err(`rebuilt from ${read.lines} records in records.jsonl${read.truncatedLast ? ' (its last line was cut short and is dropped)' : ''}` +
    `${finished === null ? '; the run left no summary.json, so it is marked interrupted' : ''}: ${dir}`);
  return ExitCode.ok;
}

/** What the finished run's summary.json adds to its records: its verdict on itself, its load record, its scored accuracy. */
interface FinishedSummary {
  readonly interrupted: boolean;
  readonly load: Readonly<Record<string, unknown>> | null;
  readonly mlperfAccuracy: AccuracyFigures | null;
  /** What the run scraped live, which its records cannot give back. */
  readonly serverMetrics: ServerMetricsSummary | null;
  readonly gpuTelemetry: GpuTelemetrySummary | null;
}

/** The finished run's summary.json as rebuilding keeps it, or null when it wrote none. */
async function previousSummary(dir: string): Promise<FinishedSummary | null> {
  try {
    const json = JSON.parse(await readFile(join(dir, 'summary.json'), 'utf8')) as {
      mmload?: {
        interrupted?: boolean; load?: Record<string, unknown>; mlperf_accuracy?: AccuracyFigures;
        server_metrics?: ServerMetricsJson | null; gpu_telemetry?: GpuTelemetryJson | null;
      };
    };
    return {
      interrupted: json.mmload?.interrupted === true,
      // A run written before summary.json went snake_case (0.1's first wave) has camelCase load keys: the rebuilt one has not.
      load: json.mmload?.load ? snakeCaseKeys(json.mmload.load) : null,
      mlperfAccuracy: json.mmload?.mlperf_accuracy ?? null,
      serverMetrics: json.mmload?.server_metrics ? serverMetricsFromJson(json.mmload.server_metrics) : null,
      gpuTelemetry: json.mmload?.gpu_telemetry ? gpuTelemetryFromJson(json.mmload.gpu_telemetry) : null,
    };
  } catch {
    return null;
  }
}

/** Cuts the file after its last newline: what a kill left half-written goes. */
async function dropLastLine(path: string): Promise<void> {
  const { size } = await stat(path);
  const tailBytes = Math.min(size, 1 << 20);
  const handle = await open(path, 'r');
  const tail = Buffer.alloc(tailBytes);
  try {
    await handle.read(tail, 0, tailBytes, size - tailBytes);
  } finally {
    await handle.close();
  }
  const lastNewline = tail.lastIndexOf(0x0a);
  await truncate(path, lastNewline < 0 ? size - tailBytes : size - tailBytes + lastNewline + 1);
}
