// What a profile run needs, resolved and validated: the ProfileConfig that a command's door builds (commands/profile, sweep).
import type { ChatTarget } from '../client/chat-client.js';
import type { LoadConfig } from '../executors/load-config.js';
import type { Slos } from '../metrics/goodput.js';
import type { GpuTelemetryConfig } from '../server-metrics/gpu-telemetry.js';
import type { ServerMetricsFormat } from '../server-metrics/export-formats.js';
import type { ShardPlan } from '../shard/shard.js';
import type { PresetName } from '../workload/presets.js';
import type { WorkloadSpec } from '../workload/workload-spec.js';
import type { Opinions } from './opinions.js';

/** Everything about what is sent but the models, which may come from the server. */
export type ProfileWorkload = Omit<WorkloadSpec, 'models'>;

/** The built-in simulator to run and profile instead of a server at --url (`--sim`). */
export interface SimTarget {
  readonly speed: number;
  readonly embeddingCacheGb: number;
  readonly maxNumSeqs: number;
  readonly prefixCaching: boolean;
  /** --sim-mlperf-answer-accuracy: the simulator answers MLPerf Q3VL requests, right with this probability; null: off. */
  readonly mlperfAnswerAccuracy: number | null;
  /** --sim-mlperf-unparsable-rate: the share of those answers the scorer cannot parse. */
  readonly mlperfUnparsableRate: number;
}

export interface ProfileConfig {
  /** Whose defaults filled what no flag set: aiperf's (`mmload profile`) or mmload's own. */
  readonly opinions: Opinions;
  /** One per --url, in order: requests go round robin over them (aiperf's --url-strategy round_robin). */
  readonly targets: readonly ChatTarget[];
  /** The first target's scheme, host and port, e.g. http://localhost:8000. */
  readonly origin: string;
  /** The first target's chat endpoint path, with any base path of its --url in front. */
  readonly endpointPath: string;
  /** The first target's models listing, next to its endpoint. */
  readonly modelsPath: string;
  /** --model, every name; empty: the first model the server lists. */
  readonly models: readonly string[];
  /** Headers for every request, Authorization included. Secret: never saved (see redact.ts). */
  readonly headers: Readonly<Record<string, string>>;
  /** Every secret value given (see secret-values.ts), used or not: masked in everything that leaves the process. */
  readonly secrets: readonly string[];
  readonly requestTimeoutMs: number;
  /** The header, lower-case, that carries a session's id with each turn of a conversation (aiperf's --session-header). */
  readonly sessionHeader: string;
  /** The preset in force, if any. */
  readonly preset: PresetName | undefined;
  /** Everything about what is sent but the models, which may come from the server. */
  readonly workload: ProfileWorkload;
  /** Closed-loop concurrency (--concurrency or the preset's); the load shape below decides how it is used. */
  readonly concurrency: number;
  readonly load: LoadConfig;
  /** --tokenizer as given; undefined: chosen from the model name once it is known (defaultTokenizer). workload.tokenizerPath holds what --tokenizer resolved to. */
  readonly tokenizer: string | undefined;
  /** --tokenizer-revision: the Hugging Face revision of --tokenizer or of the model name's tokenizer. */
  readonly tokenizerRevision: string;
  readonly useServerTokenCount: boolean;
  /** Prometheus metrics of the servers, scraped before, during and after the profiled phase; null: --no-server-metrics. */
  readonly serverMetrics: ServerMetricsConfig | null;
  /** DCGM exporters scraped during the profiled phase (aiperf's --gpu-telemetry); null: --no-gpu-telemetry. */
  readonly gpuTelemetry: GpuTelemetryConfig | null;
  /** Goodput SLOs by metric tag; undefined when --goodput is not given. */
  readonly goodput: Slos | undefined;
  readonly artifactDir: string | undefined;
  /** Write aiperf's files too (--compat aiperf; the default of `mmload profile`). */
  readonly aiperfFiles: boolean;
  /** --profile-export-prefix: the base name of aiperf's files. */
  readonly exportPrefix: string | undefined;
  /** --export-level records (the default): aiperf's per-request file too. */
  readonly exportRecords: boolean;
  /** --slice-duration in seconds: metrics per time slice too; undefined when not given. */
  readonly sliceDurationSec: number | undefined;
  readonly verbose: boolean;
  /** No live progress. */
  readonly quiet: boolean;
  /** Set with --sim: origin is then the simulator's, known once it listens. */
  readonly sim: SimTarget | undefined;
  /** --workers: client threads, or 'auto' (chosen from the connections and cores once the load is known). */
  readonly workers: number | 'auto';
  /** --shard: this process runs shard i of N; load and concurrency above are then its share. */
  readonly shard: ShardPlan | undefined;
  /** --start-at in epoch ms: when the profiled phase starts. */
  readonly startAtMs: number | undefined;
}

/** --server-metrics: which endpoints, how often, which of aiperf's files. */
export interface ServerMetricsConfig {
  /** Endpoints scraped besides each --url's <origin>/metrics (--server-metrics URLs, each ending in /metrics). */
  readonly extraUrls: readonly string[];
  /** --server-metrics-formats. */
  readonly formats: readonly ServerMetricsFormat[];
  /** Time between scrapes (aiperf's AIPERF_SERVER_METRICS_COLLECTION_INTERVAL, default 0.333 s). */
  readonly intervalMs: number;
}

/** Every endpoint a run scrapes: each target's <origin>/metrics, then the extra ones, each once. */
export function serverMetricsUrls(config: Pick<ProfileConfig, 'targets'>, serverMetrics: ServerMetricsConfig): string[] {
  return [...new Set([...config.targets.map((target) => `${target.origin}/metrics`), ...serverMetrics.extraUrls])];
}
