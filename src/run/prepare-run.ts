// A profile run's first stages: check the servers, choose the tokenizer, build this shard's workload, start token counting.
import { checkArtifactDir, DEFAULT_RESULTS_PARENT } from '../report/artifact-dir.js';
import { isAccuracyRun } from '../executors/load-shape.js';
import { shardWorkload } from '../shard/shard-workload.js';
import { loadTokenizer } from '../tokenizer/load-tokenizer.js';
import { defaultTokenizer } from '../tokenizer/resolve-tokenizer.js';
import { runTextCounter, type RunTextCounter } from '../tokenizer/run-text-counter.js';
import { UsageError } from '../util/exit-codes.js';
import { createRandom, deriveSeed } from '../util/seeded-random.js';
import { shuffleInPlace } from '../util/shuffle.js';
import type { Workload } from '../workload/prepared-request.js';
import { buildWorkload } from './build-workload.js';
import type { ProfileConfig } from './run-config.js';
import { checkServers, requestModels } from './server-check.js';

export interface PreparedRun {
  /** The configuration with the tokenizer resolved and, for a timestamped trace, aiperf's automatic schedule. */
  readonly config: ProfileConfig;
  readonly workload: Workload;
  /** Counts tokens client-side; null with --use-server-token-count. The caller closes it. */
  readonly counter: RunTextCounter | null;
  /** The models the requests name (--model, or the server's first); `model` is the first. */
  readonly models: readonly string[];
  readonly model: string;
  /** Why the tokenizer is not the model's own, when it is not. */
  readonly tokenizerWarning: string | null;
}

/** `stage` prints each step's time with --verbose. Bad input (no server, a tokenizer that cannot load) is a UsageError. */
export async function prepareRun(config: ProfileConfig, log: (line: string) => void, stage: (what: string) => void): Promise<PreparedRun> {
  // A results directory that cannot take the results is refused now, not after the workload is built.
  await checkArtifactDir(config.artifactDir, DEFAULT_RESULTS_PARENT[config.opinions === 'aiperf' ? 'aiperf' : 'mmload']);
  const server = await checkServers(config.targets, { ...config.headers });
  stage(`server answered; models listed: ${server.models.join(', ') || 'none'}`);
  const models = requestModels(config.models, server);
  const model = models[0]!;
  // Without --tokenizer, the model's own (or Qwen3's, with a warning printed once the run starts).
  const tokenizer = config.tokenizer === undefined ? defaultTokenizer(model, config.tokenizerRevision) : { file: config.workload.tokenizerPath, warning: null };
  const tokenizerPath = tokenizer.file;
  const workload = await shardWorkload(await buildWorkload({ ...config.workload, models, tokenizerPath }, log), config.shard);
  stage('workload built');
  // Client-side token counts (aiperf's default) never run on the thread that stamps (see run-text-counter.ts).
  const counter = config.useServerTokenCount ? null : runTextCounter(await loadTokenizer(tokenizerPath).catch((err: Error) => {
    throw new UsageError(`tokenizer: ${err.message}`);
  }), tokenizerPath);
  return {
    config: withAutoSchedule({ ...config, workload: { ...config.workload, tokenizerPath } }, workload),
    workload: isAccuracyRun(config.load.shape) ? everySampleOnce(workload, config.workload.seed) : workload,
    counter, models, model, tokenizerWarning: tokenizer.warning,
  };
}

/** The random stream of the accuracy run's order (see util/seeded-random.ts's deriveSeed). */
const ACCURACY_ORDER_STREAM = 4_000_000;

/**
 * MLPerf accuracy mode: every sample exactly once, in a seeded random order as LoadGen shuffles them (a permutation of its
 * own: LoadGen's exact one comes from libstdc++'s std::shuffle, and the order changes no score).
 */
function everySampleOnce(workload: Workload, seed: number): Workload {
  const requests = shuffleInPlace([...workload.entries], createRandom(deriveSeed(seed, ACCURACY_ORDER_STREAM)));
  return { ...workload, requests, dispose: () => workload.dispose() };
}

/** aiperf replays a trace whose every line has a timestamp on its schedule, when no other shape was asked for. */
function withAutoSchedule(config: ProfileConfig, workload: Workload): ProfileConfig {
  const schedule = config.load.autoSchedule;
  if (schedule === null || !workload.requests.every((r) => r.timestampMs !== null)) return config;
  return { ...config, load: { ...config.load, shape: schedule } };
}
