// Every `aiperf profile` flag (aiperf 0.8.0, and 0.1.1's developer flags), classified: implemented by mmload, ignored, or refused.

/** mmload: a `mmload profile` option with aiperf's meaning; ignore: a no-op, with a notice; refuse: a usage error. */
export type AiperfFlagUse = 'mmload' | 'ignore' | 'refuse';

export interface AiperfFlag {
  /** Every spelling aiperf accepts, e.g. ['--model-names', '--model', '-m']. */
  readonly names: readonly string[];
  /** False for aiperf's booleans, which take no value (`--streaming`, `--no-fixed-schedule`). */
  readonly takesValue: boolean;
  readonly use: AiperfFlagUse;
  /** For ignore and refuse: what the flag does in aiperf and what to use in mmload instead; shown to the user. */
  readonly why?: string;
  /** A refused value flag that is a no-op at this value (aiperf's default), e.g. `--transport http`. */
  readonly noOpValue?: string;
  /** A comma list of values makes aiperf run a parameter sweep (`--concurrency 1,2,4`). */
  readonly sweep?: boolean;
}

type Spelling = Pick<AiperfFlag, 'names' | 'takesValue' | 'sweep'>;
const valued = (...names: string[]): Spelling => ({ names, takesValue: true });
const bool = (...names: string[]): Spelling => ({ names, takesValue: false });
const sweepable = (...names: string[]): Spelling => ({ names, takesValue: true, sweep: true });

const mmload = (...flags: Spelling[]): AiperfFlag[] => flags.map((flag) => ({ ...flag, use: 'mmload' }));
const ignore = (why: string, ...flags: Spelling[]): AiperfFlag[] => flags.map((flag) => ({ ...flag, use: 'ignore', why }));
const refuse = (why: string, ...flags: Spelling[]): AiperfFlag[] => flags.map((flag) => ({ ...flag, use: 'refuse', why }));
const refuseUnless = (noOpValue: string, why: string, flag: Spelling): AiperfFlag => ({ ...flag, use: 'refuse', why, noOpValue });

// Reasons that several rows share; every other reason stands with its flags.
const NOT_YET = 'not supported yet';
const TRACE_REPLAY = 'it tunes aiperf\'s replay of agentic, Weka or Baseten traces; mmload replays mooncake_trace files (--custom-dataset-type mooncake_trace, --fixed-schedule)';
const AUDIO = 'aiperf adds synthetic audio to requests; mmload sends text and images only';
const VIDEO = 'aiperf adds synthetic video to requests; mmload sends text and images only';

export const AIPERF_FLAGS: readonly AiperfFlag[] = [
  // Endpoint
  ...mmload(valued('--model-names', '--model', '-m'), valued('--model-selection-strategy'), valued('--custom-endpoint', '--endpoint'),
    valued('--endpoint-type'), bool('--streaming'), valued('--url', '-u'), valued('--url-strategy'), valued('--request-timeout-seconds'),
    valued('--api-key'), bool('--use-legacy-max-tokens'), bool('--use-server-token-count')),
  ...refuse('aiperf waits until the model answers before it starts; mmload checks the server once and stops if it does not answer',
    valued('--wait-for-model-timeout'), valued('--wait-for-model-mode'), valued('--wait-for-model-interval')),
  ...refuse(`aiperf asks the server to reset its KV cache before profiling; mmload does not (${NOT_YET})`,
    bool('--reset-kv-cache'), valued('--reset-kv-cache-timeout-seconds'), valued('--reset-kv-cache-path')),
  ...refuse('aiperf starts and stops the server\'s own profiler around the run; mmload does not',
    bool('--server-profiler'), valued('--server-profiler-timeout-seconds'), valued('--server-profiler-start-path'),
    valued('--server-profiler-stop-path')),
  refuseUnless('http', 'aiperf picks a transport plugin; mmload speaks HTTP only', valued('--transport', '--transport-type')),
  refuseUnless('pooled', `aiperf can open a connection per request or per session; mmload reuses pooled connections (${NOT_YET})`,
    valued('--connection-reuse-strategy')),
  ...refuse('it serves aiperf\'s non-chat endpoint types; mmload sends chat completions as JSON only',
    bool('--download-video-content'), valued('--request-content-type')),
  ...refuse('aiperf sends image UUIDs and leaves out the bytes of images a session already sent; mmload sends UUIDs with --image-uuids, always with the bytes',
    bool('--uuid-and-strip')),
  // Tokenizer
  ...mmload(valued('--tokenizer'), valued('--tokenizer-revision')),
  ...ignore('mmload\'s tokenizers never run code from a model repository', bool('--tokenizer-trust-remote-code')),
  ...refuse(`aiperf counts input tokens through the model's chat template; mmload counts the prompt text (${NOT_YET})`,
    bool('--apply-chat-template')),
  // Input
  ...mmload(valued('--extra-inputs'), valued('--header', '-H'), valued('--input-file'), valued('--custom-dataset-type'),
    valued('--dataset-sampling-strategy'), valued('--random-seed'), valued('--config')),
  ...refuse('aiperf downloads a public or Hugging Face dataset; mmload reads --input-file (single_turn or mooncake_trace JSONL) or generates its workload',
    valued('--public-dataset'), valued('--hf-subset'), valued('--hf-weka-dataset'), valued('--dataset-filter')),
  ...refuse(TRACE_REPLAY, bool('--ignore-trace-delays'), bool('--use-think-time-only'), valued('--max-context-length'),
    valued('--trace-session-sample-ratio')),
  ...ignore('mmload wraps an --input-file shorter than the run, with a notice', bool('--allow-dataset-wrap')),
  ...refuse('mmload always wraps an --input-file shorter than the run (with a notice): set --request-count to its number of lines instead',
    bool('--no-allow-dataset-wrap')),
  ...refuse('it reads aiperf\'s YAML config (v2 schema); mmload\'s --config reads a YAML or JSON file of mmload flags (long flag names as keys)',
    valued('-f')),
  // Fixed schedule, goodput
  ...mmload(bool('--fixed-schedule'), bool('--no-fixed-schedule'), bool('--fixed-schedule-auto-offset'), valued('--fixed-schedule-start-offset'),
    valued('--fixed-schedule-end-offset'), valued('--goodput')),
  // Conversation input
  ...mmload(valued('--session-header'), sweepable('--conversation-num', '--num-conversations', '--num-sessions'), valued('--num-dataset-entries', '--num-prompts'),
    sweepable('--conversation-turn-mean', '--session-turns-mean'), valued('--conversation-turn-stddev', '--session-turns-stddev'),
    valued('--conversation-turn-delay-mean', '--session-turn-delay-mean'), valued('--conversation-turn-delay-stddev', '--session-turn-delay-stddev'),
    valued('--conversation-turn-delay-ratio', '--session-delay-ratio')),
  ...ignore('aiperf caps the recorded delays of trace replays with it, not those of multi_turn files or synthetic conversations; mmload waits every turn\'s delay in full, as aiperf does there',
    valued('--inter-turn-delay-cap-seconds')),
  ...refuse(TRACE_REPLAY, valued('--max-idle-gap-cap-seconds'), valued('--replay-speedup'), bool('--open-loop-replay', '--no-open-loop-replay'),
    bool('--open-loop-strict'), bool('--omit-kv-hints'), bool('--force-min-tokens', '--no-force-min-tokens')),
  // Prompts
  refuseUnless('1', 'aiperf puts several texts in one request for batch endpoints (embeddings, rankings); a chat request carries one',
    valued('--prompt-batch-size', '--batch-size-text', '--batch-size', '-b')),
  ...refuse('aiperf draws prompt text from a named corpus; mmload generates its own text', valued('--prompt-corpus')),
  refuseUnless('none', `aiperf adds a unique marker per conversation to defeat prefix caching; mmload does not (${NOT_YET})`, valued('--cache-bust')),
  ...refuse(`aiperf's pool of prefix prompts and per-entry context prompts; mmload shares one system prompt: --shared-system-prompt-length (${NOT_YET})`,
    valued('--prompt-prefix-pool-size', '--prefix-prompt-pool-size', '--num-prefix-prompts'),
    valued('--prompt-prefix-length', '--prefix-prompt-length'), valued('--user-context-prompt-length')),
  ...mmload(valued('--shared-system-prompt-length'), sweepable('--prompt-input-tokens-mean', '--synthetic-input-tokens-mean', '--isl'),
    sweepable('--prompt-input-tokens-stddev', '--synthetic-input-tokens-stddev', '--isl-stddev'),
    valued('--prompt-input-tokens-block-size', '--synthetic-input-tokens-block-size', '--isl-block-size'),
    sweepable('--prompt-output-tokens-mean', '--output-tokens-mean', '--osl'), sweepable('--prompt-output-tokens-stddev', '--output-tokens-stddev', '--osl-stddev')),
  ...refuse('aiperf mixes several input/output length pairs; mmload takes one mean and stddev of each (--isl, --isl-stddev, --osl, --osl-stddev)',
    valued('--seq-dist', '--sequence-distribution')),
  // Audio, images, video
  refuseUnless('1', AUDIO, valued('--audio-batch-size', '--batch-size-audio')),
  ...refuse(AUDIO, valued('--audio-length-mean'), valued('--audio-length-stddev'), valued('--audio-format'), valued('--audio-depths'),
    valued('--audio-sample-rates'), valued('--audio-num-channels')),
  ...mmload(valued('--image-width-mean'), valued('--image-width-stddev'), valued('--image-height-mean'), valued('--image-height-stddev'),
    valued('--image-batch-size', '--batch-size-image'), valued('--image-format'), valued('--image-source')),
  refuseUnless('random-with-replacement', 'aiperf samples a finite set of source pictures; each image mmload generates is distinct',
    valued('--image-source-sampling')),
  refuseUnless('1', VIDEO, valued('--video-batch-size', '--batch-size-video')),
  ...refuse(VIDEO, valued('--video-duration'), valued('--video-fps'), valued('--video-width'), valued('--video-height'), valued('--video-synth-type'),
    valued('--video-format'), valued('--video-codec'), valued('--video-audio-sample-rate'), valued('--video-audio-num-channels'),
    valued('--video-audio-codec'), valued('--video-audio-depth')),
  ...refuse('it shapes requests for aiperf\'s rankings endpoints; mmload sends chat completions only',
    valued('--rankings-passages-mean'), valued('--rankings-passages-stddev'), valued('--rankings-passages-prompt-token-mean'),
    valued('--rankings-passages-prompt-token-stddev'), valued('--rankings-query-prompt-token-mean'), valued('--rankings-query-prompt-token-stddev')),
  ...refuse('aiperf rescales a trace (speed, prefixes, lengths) before replaying it; mmload replays a mooncake_trace file as written',
    valued('--synthesis-speedup-ratio'), valued('--synthesis-prefix-len-multiplier'), valued('--synthesis-prefix-root-multiplier'),
    valued('--synthesis-prompt-len-multiplier'), valued('--synthesis-output-len-multiplier'), valued('--synthesis-max-isl'), valued('--synthesis-max-osl')),
  // Load generator
  ...mmload(sweepable('--benchmark-duration'), valued('--benchmark-grace-period'), sweepable('--concurrency'), sweepable('--request-rate'),
    valued('--arrival-pattern', '--request-rate-mode'), valued('--arrival-smoothness', '--vllm-burstiness'), sweepable('--request-count', '--num-requests'),
    valued('--request-rate-ramp-duration'), valued('--scenario'), valued('--failed-request-threshold')),
  ...refuse('aiperf limits the requests still waiting for their first token; mmload limits requests in flight with --concurrency',
    sweepable('--prefill-concurrency')),
  ...refuse('aiperf ramps concurrency up over time; mmload ramps only the request rate (--request-rate-ramp-duration)',
    valued('--concurrency-ramp-duration'), valued('--prefill-concurrency-ramp-duration')),
  ...refuse('aiperf follows a schedule of rates read from a file; mmload holds one --request-rate (or use mmload sweep --request-rate)',
    valued('--request-rate-series')),
  ...refuse(TRACE_REPLAY, valued('--trajectory-start-min-ratio'), valued('--trajectory-start-max-ratio'), bool('--burst-phase-starts'),
    valued('--trace-idle-gap-cap-seconds'), valued('--session-arrival-rate'), valued('--session-arrival-pattern'), valued('--session-arrival-smoothness'),
    valued('--system-idle-gap-cap-seconds'), valued('--agentic-cache-warmup-duration'), valued('--agentic-warmup-grace-period')),
  ...refuse('it lets flags override the settings an aiperf --scenario locks; mmload\'s --scenario names an MLPerf scenario',
    bool('--unsafe-override')),
  // Warm-up
  ...mmload(valued('--warmup-request-count', '--num-warmup-requests'), valued('--warmup-duration'), valued('--warmup-concurrency')),
  ...refuse('aiperf shapes its warm-up like a profiling phase; mmload\'s warm-up sends --warmup-request-count requests or runs for --warmup-duration, at --warmup-concurrency',
    valued('--num-warmup-sessions'), valued('--warmup-prefill-concurrency'), valued('--warmup-request-rate'),
    valued('--warmup-arrival-pattern'), valued('--warmup-grace-period'), valued('--warmup-concurrency-ramp-duration'),
    valued('--warmup-prefill-concurrency-ramp-duration'), valued('--warmup-request-rate-ramp-duration')),
  ...refuse('aiperf simulates users, each sending multi-turn sessions at its own rate; mmload sends single-turn requests at --request-rate',
    valued('--user-centric-rate'), sweepable('--num-users')),
  ...refuse(`aiperf cancels a share of requests after a delay; mmload does not (${NOT_YET})`,
    valued('--request-cancellation-rate'), valued('--request-cancellation-delay')),
  // Output
  ...mmload(valued('--output-artifact-dir', '--artifact-dir'), valued('--profile-export-prefix', '--profile-export-file'),
    valued('--export-level', '--profile-export-level')),
  ...mmload(valued('--slice-duration')),
  ...ignore('mmload writes its plots to report.html on every run', bool('--auto-plot', '--no-auto-plot'), bool('--plot-required')),
  ...refuse(`aiperf writes the response texts to outputs.json; mmload does not (${NOT_YET})`, bool('--export-outputs-json')),
  ...refuse('aiperf streams its results to OpenTelemetry; mmload exports none (responses stream with --streaming)', valued('--stream')),
  ...refuse('aiperf sends results to OpenTelemetry, MLflow or Weights & Biases; mmload writes files in the artifact directory only',
    valued('--otel-url'), valued('--otel-resource-attributes'), valued('--gen-ai-provider'), valued('--mlflow-tracking-uri'),
    valued('--mlflow-experiment'), valued('--mlflow-run-name'), valued('--mlflow-tag'), valued('--mlflow-parent-run-id'), valued('--mlflow-artifact-glob'),
    valued('--wandb-project'), valued('--wandb-entity'), valued('--wandb-run-name'), valued('--wandb-tag')),
  ...refuse(`aiperf records the timing of each HTTP phase of a request; mmload does not (${NOT_YET})`,
    bool('--export-http-trace'), bool('--show-trace-timing')),
  // Server metrics, network latency, GPU telemetry
  ...mmload(valued('--server-metrics'), valued('--server-metrics-formats'), bool('--no-server-metrics')),
  ...refuse('aiperf estimates network latency and reports latencies adjusted for it; mmload reports latencies as measured',
    bool('--network-latency-automatic'), valued('--network-latency-mean'), valued('--network-latency-ping-interval')),
  ...mmload(valued('--gpu-telemetry'), bool('--no-gpu-telemetry')),
  // UI
  ...ignore('mmload shows one live progress line on stderr (--quiet hides it)', valued('--ui-type', '--ui')),
  // Multi-run, sweeps and searches
  ...refuse('aiperf repeats the profile to report confidence intervals; mmload runs once: repeat the command instead',
    valued('--num-profile-runs'), valued('--profile-run-cooldown-seconds'), valued('--confidence-level'),
    bool('--profile-run-disable-warmup-after-first', '--no-profile-run-disable-warmup-after-first'),
    bool('--set-consistent-seed', '--no-set-consistent-seed'), bool('--vary-seed-per-trial', '--no-vary-seed-per-trial'),
    valued('--convergence-metric'), valued('--convergence-stat'), valued('--convergence-threshold'), valued('--convergence-mode')),
  ...refuse('aiperf\'s parameter sweeps and searches; use mmload sweep: --concurrency or --request-rate lists, or --search geometric with --slo for the highest load that meets SLOs',
    valued('--parameter-sweep-cooldown-seconds'), bool('--parameter-sweep-same-seed', '--no-parameter-sweep-same-seed'),
    valued('--parameter-sweep-mode'), valued('--sweep-type'), bool('--no-sweep-table'), valued('--search-space'), valued('--search-metric'),
    valued('--search-stat'), valued('--search-direction'), valued('--search-max-iterations'), valued('--search-initial-points'),
    valued('--search-random-seed'), valued('--search-planner'), valued('--optuna-sampler'), valued('--optuna-acquisition'),
    valued('--optuna-terminator'), valued('--search-percentile-pooling'), valued('--bo-constraint-mode'), valued('--variant', '--sweep-variant'),
    valued('--search-sla'), valued('--search-sla-tier'), valued('--search-recipe'), valued('--ttft-sla-ms'), valued('--isl-osl-pairs'),
    valued('--itl-sla-ms'), valued('--tpot-sla-ms'), valued('--e2e-sla-ms'), valued('--error-rate-sla'), valued('--slo-attainment-fraction'),
    valued('--search-style'), valued('--degradation-threshold'), valued('--degradation-metric-tag'), valued('--degradation-stat'),
    valued('--isl-min'), valued('--isl-max'), valued('--isl-steps'), valued('--concurrency-min'), valued('--concurrency-max'),
    valued('--concurrency-steps'), valued('--osl-min'), valued('--osl-max'), valued('--osl-steps')),
  // Accuracy
  ...refuse('aiperf grades answers on accuracy benchmarks; mmload measures performance only',
    valued('--accuracy-benchmark'), valued('--accuracy-tasks'), valued('--accuracy-n-shots'),
    bool('--accuracy-enable-cot', '--accuracy-no-enable-cot'), valued('--accuracy-grader'), valued('--accuracy-system-prompt'),
    bool('--accuracy-verbose')),
  // aiperf's own services and processes
  ...ignore('mmload has no log levels; -v prints more about each stage', valued('--log-level')),
  ...mmload(bool('--verbose', '-v'), bool('--extra-verbose', '-vv')),
  ...ignore('it sizes aiperf\'s own processes; mmload runs in one process and sizes its client threads with --workers',
    valued('--record-processor-service-count', '--record-processors'), valued('--workers-max', '--max-workers')),
  ...refuse('aiperf serves its live results over HTTP; mmload has no such API (progress prints to stderr)',
    valued('--api-port'), valued('--api-host')),
  ...ignore('mmload\'s live progress line keeps its own pace', valued('--stats-interval')),
  ...ignore('it configures messaging between aiperf\'s own processes; mmload runs in one process',
    valued('--zmq-host'), valued('--zmq-ipc-path'), bool('--zmq-dual-bind')),
  // aiperf 0.1.1's developer flags
  ...ignore('an aiperf developer switch for its own services',
    bool('--enable-yappi-profiling'), valued('--debug-service', '--debug-services'), valued('--trace-service', '--trace-services'),
    bool('--show-internal-metrics'), bool('--disable-uvloop')),
];
