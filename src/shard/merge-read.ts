// Reads one shard's results for `mmload merge`: its summary.json's mergeable totals, shard index, run facts and how it ended.
import { access, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Slos } from '../metrics/goodput.js';
import type { EncodedRunTotals } from '../metrics/run-totals.js';
import {
  clientHealthFromJson, serverMetricsFromJson, totalsFromJson, workloadFromJson,
  type ClientHealthJson, type ServerMetricsJson, type TotalsJson, type WorkloadJson,
} from '../report/mmload-sections.js';
import type { ClientHealth } from '../client/client-health.js';
import { gpuTelemetryFromJson } from '../report/gpu-aiperf-sections.js';
import { readRunJson } from '../report/run-json.js';
import type { RunStop } from '../metrics/run-stop.js';
import type { GpuTelemetryJson, GpuTelemetrySummary } from '../server-metrics/gpu-telemetry-types.js';
import type { TimeSlicesJson } from '../report/time-slice-entry.js';
import type { ServerMetricsSummary } from '../server-metrics/summary-types.js';
import type { WorkloadInfo } from '../workload/prepared-request.js';
import { UsageError } from '../util/exit-codes.js';
import type { Shard } from './shard.js';

/** What merge takes from one shard's directory. */
export interface ShardResult {
  readonly dir: string;
  readonly shard: Shard;
  readonly totals: EncodedRunTotals;
  readonly interrupted: boolean;
  /** Why the shard stopped early on its own (it exited 3); undefined when it did not. */
  readonly stopped: RunStop | undefined;
  readonly model: string | null;
  readonly version: string | null;
  readonly goodput: Slos | undefined;
  /** The shard's load record, `shard.whole` being the whole run's load. */
  readonly load: ShardLoad;
  readonly workload: WorkloadInfo | undefined;
  readonly clientHealth: ClientHealth | undefined;
  readonly serverMetrics: ServerMetricsSummary | undefined;
  readonly gpuTelemetry: GpuTelemetrySummary | undefined;
  /** The shard's --profile-export-prefix (from its run.json), which names its server metrics files. */
  readonly exportPrefix: string | undefined;
  readonly inputConfig: unknown;
  readonly recordsPath: string;
  /** The shard ran conversations (its summary has mmload.conversations). */
  readonly conversations: boolean;
  /** --slice-duration of the shard (its summary's mmload.time_slices), undefined without. */
  readonly sliceDurationSec?: number | undefined;
}

export interface ShardLoad {
  readonly shard: Shard & { readonly whole: Readonly<Record<string, unknown>> };
  readonly [key: string]: unknown;
}

/** summary.json's keys that merge reads (written by report/summary-json.ts). */
interface SummaryJson {
  readonly input_config?: unknown;
  readonly mmload?: {
    readonly version?: string | null;
    readonly model?: string | null;
    readonly interrupted?: boolean;
    readonly stopped?: RunStop;
    readonly conversations?: unknown;
    readonly goodput_slos?: Slos | null;
    readonly load?: ShardLoad | null;
    readonly workload?: WorkloadJson | null;
    readonly client_health?: ClientHealthJson | null;
    readonly server_metrics?: ServerMetricsJson | null;
    readonly gpu_telemetry?: GpuTelemetryJson | null;
    readonly totals?: TotalsJson;
    readonly time_slices?: Pick<TimeSlicesJson, 'slice_duration_sec'> | null;
  };
}

/** Reads DIR/summary.json; anything missing or not a shard's summary is a one-line UsageError naming the file. */
export async function readShard(dir: string): Promise<ShardResult> {
  const file = join(dir, 'summary.json');
  let json: SummaryJson;
  try {
    json = JSON.parse(await readFile(file, 'utf8')) as SummaryJson;
  } catch (err) {
    const { code, message } = err as NodeJS.ErrnoException;
    throw new UsageError(code === 'ENOENT' ? `${dir} holds no summary.json (give each shard's --artifact-dir)` : `cannot read ${file}: ${message.replace(/\s+/g, ' ')}`);
  }
  const mm = json.mmload;
  if (!mm || typeof mm.totals !== 'object' || mm.totals === null || typeof mm.totals.issued !== 'number' || typeof mm.totals.distributions !== 'object') {
    throw new UsageError(`${file} has no mmload.totals (the serialised histograms a merge needs): not a summary of an mmload shard`);
  }
  const shard = mm.load?.shard;
  if (!shard || !Number.isInteger(shard.index) || !Number.isInteger(shard.count) || typeof shard.whole !== 'object') {
    throw new UsageError(`${file} is not a shard's summary: run each part with --shard i/N`);
  }
  const recordsPath = join(dir, 'records.jsonl');
  await access(recordsPath).catch(() => {
    throw new UsageError(`${dir} holds summary.json but no records.jsonl: a shard's directory needs both`);
  });
  return {
    dir,
    shard: { index: shard.index, count: shard.count },
    totals: totalsFromJson(mm.totals),
    interrupted: mm.interrupted === true,
    stopped: mm.stopped ?? undefined,
    model: mm.model ?? null,
    version: mm.version ?? null,
    goodput: mm.goodput_slos ?? undefined,
    load: mm.load!,
    workload: mm.workload ? workloadFromJson(mm.workload) : undefined,
    clientHealth: mm.client_health ? clientHealthFromJson(mm.client_health) : undefined,
    serverMetrics: mm.server_metrics ? serverMetricsFromJson(mm.server_metrics) : undefined,
    gpuTelemetry: mm.gpu_telemetry ? gpuTelemetryFromJson(mm.gpu_telemetry) : undefined,
    // Without a readable run.json, the shard's files are taken to have aiperf's default names.
    exportPrefix: await readRunJson(dir).then((run) => run.files.profileExportPrefix, () => undefined),
    inputConfig: json.input_config,
    recordsPath,
    conversations: mm.conversations != null,
    sliceDurationSec: typeof mm.time_slices?.slice_duration_sec === 'number' ? mm.time_slices.slice_duration_sec : undefined,
  };
}
