// What `mmload profile` sends, resolved from flags under aiperf's defaults or mmload's own: explicit flag > preset > defaults.
import { randomInt } from 'node:crypto';
import type { LoadShape } from '../../executors/load-shape.js';
import type { ModelSelection } from '../../workload/model-choice.js';
import type { WorkloadSpec } from '../../workload/workload-spec.js';
import { PRESETS, type Preset, type PresetName } from '../../workload/presets.js';
import type { ProfileFlags } from './profile-options.js';
import type { ProfileWorkload } from '../../run/run-config.js';
import type { Opinions } from '../../run/opinions.js';
import { AIPERF_DEFAULTS, AIPERF_ENTRIES, MMLOAD_DEFAULTS, resolveBlockSize, resolveGeneratedSpec } from './workload-config.js';
import { DEFAULT_CONVERSATIONS, resolveConversations } from './conversation-config.js';
import { integerFlags } from '../../cli/flag-checks.js';
import { loadgenQueryCount } from '../../mlperf/query-count.js';

/** What the workload's resolution needs from the load flags, already resolved. */
export interface WorkloadLoad {
  readonly shape: LoadShape;
  /** The run is bounded by --benchmark-duration. */
  readonly timed: boolean;
  /** A timestamped trace may turn into a fixed schedule (then every line is sent). */
  readonly autoSchedule: boolean;
  /** MLPerf's performance sample count (user.conf), for the catalogue. */
  readonly sampleCount: number | undefined;
}

/** aiperf's request count when nothing bounds the run: 10, or twice the concurrency for a synthetic closed loop. */
const AIPERF_MIN_REQUESTS = 10;
const AIPERF_REQUESTS_PER_SLOT = 2;

/** Problems are pushed to `problems` (reported together by the caller). `tokenizerPath`: the resolved --tokenizer. */
export function resolveProfileWorkload(
  flags: ProfileFlags, opinions: Opinions, load: WorkloadLoad, extraInputs: Readonly<Record<string, unknown>>,
  tokenizerPath: string | undefined, problems: string[],
): ProfileWorkload {
  const integer = integerFlags(problems);
  const aiperf = opinions === 'aiperf';
  const preset: Preset | undefined = flags.preset === undefined ? undefined : PRESETS[flags.preset as PresetName];
  const inputFile = flags['input-file'];
  // mmload's own defaults give a generated workload Scenario A's shape; aiperf's give its synthetic dataset.
  const shape = preset ?? (inputFile === undefined && !aiperf ? PRESETS['scenario-a'] : undefined);
  const imageMode = flags['image-mode'] ?? 'base64';

  // aiperf's --num-sessions bounds a single-turn run as --request-count does (and sets the entries likewise);
  // synthetic conversations count it in sessions, and --request-count in turns.
  const sessions = integer('num-conversations', flags['num-conversations'], 1);
  if (sessions !== undefined && flags['request-count'] !== undefined) problems.push('give --request-count or --num-conversations, not both');
  const turnCount = integer('request-count', flags['request-count'], 1);
  // Conversations generated: aiperf's dataset size; sessions run: --conversation-num, or under mmload's defaults each conversation once.
  const conversationCount = flags['num-dataset-entries'] ?? sessions ?? preset?.conversation?.sessions ?? DEFAULT_CONVERSATIONS;
  const conversations = resolveConversations(flags, preset, {
    inputFile,
    conversations: conversationCount,
    sessions: sessions ?? (aiperf || turnCount !== undefined || load.timed ? undefined : conversationCount),
  }, problems);
  const explicitCount = turnCount ?? (conversations ? undefined : sessions);
  // The MLPerf catalogue: as many queries as LoadGen would issue in a performance run, every sample once otherwise.
  const catalogue = flags['custom-dataset-type'] === 'mlperf_q3vl';
  const requestCount = explicitCount ?? (catalogue ? (load.timed ? undefined : loadgenQueryCount(load.shape))
    : conversations?.sessions !== undefined ? undefined
    : aiperf ? aiperfRequestCount(load, inputFile) : inputFile === undefined ? undefined : preset?.requests);
  // A run without a request count (timed, or a replayed trace) builds one pass over aiperf's entries.
  const defaults = aiperf ? { ...AIPERF_DEFAULTS, requests: requestCount ?? AIPERF_ENTRIES } : MMLOAD_DEFAULTS;
  const generated = resolveGeneratedSpec(flags, shape, defaults, explicitCount, problems);
  if (conversations && imageMode !== 'base64') problems.push('--image-mode http applies to single requests; conversations send their images inline (base64)');
  const sized = generated.imageWidth.mean > 0 && generated.imageHeight.mean > 0;
  if ((conversations?.followUpImages ?? 0) > 0 && !sized) problems.push('--follow-up-images needs images of a size: give --image-width-mean and --image-height-mean (or --image-size)');

  const cap = integer('output-tokens-mean', flags['output-tokens-mean'], 0);
  const capStddev = flags['output-tokens-stddev'] ?? 0;
  if (!(capStddev >= 0)) problems.push(`--output-tokens-stddev must be a number >= 0 (got ${capStddev})`);
  const forcedFlag = integer('output-tokens', flags['output-tokens'], 0);
  if (cap !== undefined && forcedFlag !== undefined) problems.push('give --osl (a token cap) or --output-tokens (an exact length), not both');
  // An explicit --osl means aiperf's cap-only semantics, so a preset's forced length steps aside.
  const forced = forcedFlag ?? (cap === undefined ? shape?.outputTokens : undefined);
  const datasetType = catalogueType(flags, inputFile, problems);
  if (flags['image-urls'] !== undefined && imageMode !== 'http') problems.push('--image-urls needs --image-mode http');
  if (inputFile !== undefined && imageMode !== 'base64') problems.push('--image-mode applies to generated workloads; an input file\'s images are sent as the file gives them');
  return {
    modelSelection: (flags['model-selection-strategy'] ?? 'round_robin') as ModelSelection,
    inputFile,
    datasetType,
    mlperf: { systemPromptFile: flags['mlperf-system-prompt'], guidedDecoding: flags['mlperf-guided-decoding'] === true, sampleCount: load.sampleCount },
    // An input file's lines are sent in file order (aiperf's sampling for files), unless told otherwise; the MLPerf
    // catalogue in seeded permutations, one after another, as LoadGen's sample_concatenate_permutation issues them.
    generated: inputFile === undefined || flags['dataset-sampling-strategy'] !== undefined ? generated
      : { ...generated, sampling: datasetType === 'mlperf_q3vl' ? 'shuffle' : 'sequential' },
    // An explicit 0 means no system prompt, as --output-tokens 0 means no forced length: it overrides the shape's.
    systemPromptTokens: (integer('shared-system-prompt-length', flags['shared-system-prompt-length'], 0) ?? shape?.systemPromptTokens) || undefined,
    extraInputs,
    outputTokens: cap === undefined || cap === 0 ? undefined : { mean: cap, stddev: capStddev },
    maxTokensKey: flags['use-legacy-max-tokens'] ? 'max_tokens' : 'max_completion_tokens',
    forcedOutputTokens: forced || undefined,
    requestCount,
    // A file's conversations (multi_turn, or single_turn lines grouped by session_id) count --conversation-num in sessions.
    sessionCount: inputFile === undefined ? undefined : sessions,
    warmupRequestCount: integer('warmup-request-count', flags['warmup-request-count'], 0) ?? preset?.warmupRequests ?? 0,
    // aiperf seeds from the OS when no seed is given; the seed drawn is saved with the results, so the run can be repeated.
    seed: integer('random-seed', flags['random-seed'], 0) ?? (aiperf ? randomInt(2 ** 31) : 0),
    cacheImages: flags['random-seed'] !== undefined || !aiperf,
    tokenizerPath,
    delivery: imageMode === 'base64' ? { mode: 'base64' }
      : flags['image-urls'] !== undefined ? { mode: 'urls', file: flags['image-urls'] }
      : { mode: 'http', host: flags['image-host'], port: integer('image-port', flags['image-port'], 0) ?? 0 },
    imageUuids: flags['image-uuids'] ?? false,
    // The Q3VL reference client reads whole replies.
    streaming: datasetType === 'mlperf_q3vl' ? false : flags.streaming ?? !aiperf,
    blockSize: resolveBlockSize(flags, problems),
    ...(conversations ? { conversations } : {}),
  };
}

/**
 * aiperf 0.8.0's request count when none is given (its CLI reference): every line of a replayed trace, none for a
 * timed run, max(10, 2 × concurrency) for a synthetic closed loop, else 10.
 */
function aiperfRequestCount(load: WorkloadLoad, inputFile: string | undefined): number | undefined {
  if (load.shape.kind === 'schedule' || load.autoSchedule || load.timed) return undefined;
  if (inputFile === undefined && load.shape.kind === 'concurrency') {
    return Math.max(AIPERF_MIN_REQUESTS, AIPERF_REQUESTS_PER_SLOT * load.shape.concurrency);
  }
  return AIPERF_MIN_REQUESTS;
}

/** --custom-dataset-type, with the MLPerf Q3VL catalogue's own rules checked. */
function catalogueType(flags: ProfileFlags, inputFile: string | undefined, problems: string[]): WorkloadSpec['datasetType'] {
  const type = flags['custom-dataset-type'];
  if (type !== 'mlperf_q3vl') {
    if (flags['mlperf-system-prompt'] !== undefined || flags['mlperf-guided-decoding']) {
      problems.push('--mlperf-system-prompt and --mlperf-guided-decoding apply to --custom-dataset-type mlperf_q3vl');
    }
    return type === 'mooncake_trace' || type === 'multi_turn' ? type : 'single_turn';
  }
  if (inputFile === undefined) problems.push('--custom-dataset-type mlperf_q3vl needs --input-file: the catalogue as a JSONL file, parquet files or their directory');
  if (flags.streaming === true) problems.push('the MLPerf Q3VL requests are not streamed (the reference client reads whole replies): drop --streaming');
  return 'mlperf_q3vl';
}
