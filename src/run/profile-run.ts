// `mmload profile`: check the server, build the workload, warm up, run, then count, summarise and export.
import { connectionsFor, shapeLabel } from '../executors/load-shape.js';
import { startTokenCounts } from '../metrics/token-counts.js';
import { loadTokenizer } from '../tokenizer/load-tokenizer.js';
import { runTextCounter, type RunTextCounter } from '../tokenizer/run-text-counter.js';
import { summarizeTotals, type SummaryMeta } from '../metrics/summary.js';
import { defaultTokenizer } from '../tokenizer/resolve-tokenizer.js';
import { renderConsoleTable } from '../report/console-table.js';
import { writeArtifacts, type ArtifactFiles } from '../report/write-artifacts.js';
import { writeRunJson } from '../report/run-json.js';
import { RunRecorder } from '../records/run-recorder.js';
import { join } from 'node:path';
import { writeInputsJson } from '../report/inputs-json.js';
import { aiperfRunFacts } from './aiperf-run-facts.js';
import type { Workload } from '../workload/prepared-request.js';
import { aiperfArtifactDir, claimArtifactDir, mmloadArtifactDir } from '../report/artifact-dir.js';
import { buildWorkload } from './build-workload.js';
import { mlperfVerdict, writeMlperfSummary } from '../mlperf/mlperf-report.js';
import { phaseRunner, type PhaseRunner, type PhasesOutcome } from './run-phases.js';
import { describeShape, loadSummary } from '../executors/load-summary.js';
import { stageTimer } from './stage-timer.js';
import { startRunProgress } from './run-progress.js';
import { describeServerCache, startServerMetrics, type ServerMetricsScraper, type ServerMetricsSummary } from '../server-metrics/scraper.js';
import { watchClientHealth, type ClientHealth } from '../client/client-health.js';
import { ExitCode, UsageError } from '../util/exit-codes.js';
import { onInterrupt } from './interrupt.js';
import type { ProfileConfig, SimTarget } from './run-config.js';
import { startSimChild, type SimChild } from '../sim/sim-child.js';
import { redactedConsole, redactedError, savedConfig } from './redact.js';
import { redactJson, redactor } from '../secrets/redactor.js';
import { shardSeed, withShard } from '../shard/shard.js';
import { shardWorkload } from '../shard/shard-workload.js';
import { waitUntil } from './start-at.js';
import { checkServers, requestModels } from './server-check.js';
import { openClient } from './open-client.js';
import { VERSION } from '../util/version.js';
import { stdio, type Console } from '../util/console.js';
import { describeOpinions } from './opinions.js';

/**
 * Runs a whole profile and returns the exit code. Bad input throws UsageError before any request is sent. Every line
 * it prints and the error it may end with have the run's secrets masked.
 */
export async function runProfile(config: ProfileConfig, argv: readonly string[], io: Console = stdio): Promise<number> {
  const redact = redactor(config.secrets);
  return profileTarget(config, argv, redactedConsole(io, redact)).catch((err: unknown) => {
    throw redactedError(err, redact);
  });
}

async function profileTarget(config: ProfileConfig, argv: readonly string[], io: Console): Promise<number> {
  if (!config.sim) return profileServer(config, argv, io, undefined);
  const sim = await startSimulator(config.sim, config.models[0], config.workload.seed);
  io.err(`simulator: mmload sim at ${sim.url}, speed ${config.sim.speed}× (measured times are ${config.sim.speed}× shorter than the simulated engine's)`);
  try {
    const targets = config.targets.map((target) => ({ ...target, origin: sim.url }));
    const serverMetricsUrl = config.serverMetricsUrl === null ? null : `${sim.url}/metrics`;
    return await profileServer({ ...config, targets, origin: sim.url, serverMetricsUrl }, argv, io, config.sim);
  } finally {
    await sim.stop();
  }
}

/** `mmload profile --sim`: the simulator in its own process, so it never shares mmload's event loop. */
async function startSimulator(sim: SimTarget, model: string | undefined, seed: number): Promise<SimChild> {
  try {
    return await startSimChild({ ...sim, seed, ...(model ? { model } : {}) });
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}

async function profileServer(config: ProfileConfig, argv: readonly string[], io: Console, simulated: SimTarget | undefined): Promise<number> {
  const stage = stageTimer(config.verbose ? io.err : null);
  const server = await checkServers(config.targets, { ...config.headers });
  stage(`server answered; models listed: ${server.models.join(', ') || 'none'}`);
  const models = requestModels(config.models, server);
  const model = models[0]!;
  // Without --tokenizer, the model's own (or Qwen3's, with a warning printed once the run starts).
  const tokenizer = config.tokenizer === undefined ? defaultTokenizer(model, config.tokenizerRevision) : { file: config.workload.tokenizerPath, warning: null };
  const tokenizerPath = tokenizer.file;
  const workload = await shardWorkload(await buildWorkload({ ...config.workload, models, tokenizerPath }, io.err), config.shard);
  stage('workload built');
  // Client-side token counts (aiperf's default) never run on the thread that stamps (see run-text-counter.ts).
  const counter = config.useServerTokenCount ? null : runTextCounter(await loadTokenizer(tokenizerPath).catch((err: Error) => {
    throw new UsageError(`tokenizer: ${err.message}`);
  }), tokenizerPath);
  try {
    return await profileWorkload({ ...config, workload: { ...config.workload, tokenizerPath } }, argv, io, simulated,
      { workload, counter, stage, models, model, tokenizerWarning: tokenizer.warning });
  } finally {
    await counter?.close();
  }
}

interface Prepared {
  readonly workload: Workload;
  /** Counts tokens client-side; null with --use-server-token-count. */
  readonly counter: RunTextCounter | null;
  readonly stage: (what: string) => void;
  /** The models the requests name (--model, or the server's first); `model` is the first. */
  readonly models: readonly string[];
  readonly model: string;
  /** Why the tokenizer is not the model's own, when it is not. */
  readonly tokenizerWarning: string | null;
}

async function profileWorkload(given: ProfileConfig, argv: readonly string[], io: Console, simulated: SimTarget | undefined, prepared: Prepared): Promise<number> {
  const { workload, counter, stage, model, tokenizerWarning } = prepared;
  const config = withAutoSchedule(given, workload);

  const shape = config.load.shape;
  const connections = connectionsFor(shape, workload.requests.length);
  const closedLoop = shape.kind === 'concurrency' ? shape.concurrency : Math.min(connections, config.concurrency);
  let runner: PhaseRunner | undefined;
  // A worker thread that dies fails its requests in flight; the run goes on with the rest, and stops when none is left.
  let clientLost = false;
  const opened = await openClient({
    targets: config.targets,
    headers: { ...config.headers },
    connections,
    requestTimeoutMs: config.requestTimeoutMs,
    keepText: counter !== null,
    secrets: config.secrets,
  }, config.workers, workload, ({ message, left }) => {
    io.err(`warning: ${message}; ${left > 0 ? `the run goes on with ${left} client worker${left === 1 ? '' : 's'}` : 'no client worker is left: the run stops'}`);
    if (left > 0) return;
    clientLost = true;
    runner?.stop();
  });
  const client = opened.client;
  stage(opened.workers > 0 ? `${opened.workers} client worker threads started` : 'client on the main thread');
  let artifactDir: string;
  let recorder: RunRecorder;
  const files: ArtifactFiles = {
    aiperfNames: config.aiperfFiles, exportLevel: config.exportRecords ? 'records' : 'summary',
    ...(config.exportPrefix === undefined ? {} : { profileExportPrefix: config.exportPrefix }),
  };
  // What the summary says besides its figures, as known before the run (run.json keeps it for `mmload report`).
  const meta = (dir: string): SummaryMeta => ({
    interrupted: false,
    ...(config.goodput ? { goodput: config.goodput } : {}),
    model,
    version: VERSION,
    inputConfig: savedConfig(config, prepared.models, argv),
    ...(config.aiperfFiles ? { aiperfRun: aiperfRunFacts(config, prepared.models, argv, workload, dir) } : {}),
    workload: workload.info,
    load: withShard(loadSummary(shape, config.load.durationMs, null), config.shard),
    ...(simulated ? { simulated } : {}),
  });
  try {
    const explicitCount = config.workload.requestCount !== undefined;
    const progress = startRunProgress({
      total: config.load.durationMs !== undefined && !explicitCount ? undefined : workload.requests.length,
      durationMs: config.load.durationMs,
    }, process.stderr, config.quiet);
    // An open-loop pool opens connections on demand; warm as many as the run will surely use.
    await client.warmUp(Math.min(connections, WARM_CONNECTIONS)).catch((err: Error) => {
      throw new UsageError(err.message);
    });
    stage(`${Math.min(connections, WARM_CONNECTIONS)} connections open${config.targets.length > 1 ? ` to each of ${config.targets.length} servers` : ''}, client warmed`);
    artifactDir = await claimArtifactDir(config.artifactDir, config.opinions === 'aiperf'
      ? aiperfArtifactDir(prepared.models, shape)
      : mmloadArtifactDir(`${model}${simulated ? '-sim' : ''}-${shapeLabel(shape)}${config.shard ? `-shard${config.shard.index}of${config.shard.count}` : ''}`));
    await writeRunJson(artifactDir, { meta: redactJson(meta(artifactDir), redactor(config.secrets)), shape, files });
    // As aiperf, every payload of the dataset is on disk before the first request goes.
    if (config.aiperfFiles) await writeInputsJson(artifactDir, workload.entries, redactor(config.secrets));
    recorder = await RunRecorder.open(startTokenCounts(workload.requests, counter), {
      recordsPath: files.exportLevel === 'records' ? join(artifactDir, 'records.jsonl') : null,
      slos: config.goodput,
      mlperf: shape.kind === 'mlperf-offline' || shape.kind === 'mlperf-server',
      onBacklog: (waiting) => io.err(`warning: client-side token counting is ${waiting} records behind the run; they wait in memory until counted ` +
        '(--use-server-token-count takes the server\'s counts instead)'),
    });
    runner = phaseRunner(workload, config.load, client, shardSeed(config.workload.seed, config.shard), closedLoop, explicitCount, progress,
      (record, sessionNum) => recorder.settled(record, sessionNum));
  } catch (err) {
    await Promise.all([opened.close(), workload.dispose()]);
    throw err;
  }

  io.err(describeOpinions(config.opinions, config.preset));
  io.err(`mmload ${VERSION}: ${model} at ${config.targets.map((t) => `${t.origin}${t.path}`).join(', ')}, ${describeShape(shape)}, ` +
    `${config.load.durationMs === undefined ? `${workload.requests.length} requests` : `requests for ${config.load.durationMs / 1000} s`}` +
    `${workload.warmup.length ? ` after ${config.load.warmupDurationMs === undefined ? workload.warmup.length : `${config.load.warmupDurationMs / 1000} s of`} warm-up` : ''}`);
  io.err(`workload: ${workload.description}`);
  for (const notice of workload.notices) io.err(`notice: ${notice}`);
  if (tokenizerWarning) io.err(`warning: ${tokenizerWarning}`);
  if (config.load.durationMs !== undefined && config.workload.requestCount === undefined) {
    io.err(`notice: --benchmark-duration sends the ${workload.requests.length} requests in order and starts over when they run out; ` +
      'past the first pass every image repeats, so the planned hit rate holds for the first pass only (raise --request-count for a longer first pass)');
  }

  let interrupted = false;
  const startGate = new AbortController();
  const uninstall = onInterrupt(() => {
    interrupted = true;
    startGate.abort();
    runner.stop();
    client.cancelAll();
  }, io.err);
  let issued = 0;
  let schedule: PhasesOutcome['schedule'] = null;
  let earlyStop: PhasesOutcome['earlyStop'] = null;
  const health = watchClientHealth();
  let clientHealth: ClientHealth;
  // Scraped from after warm-up (its images would count) to the end of the profiled phase; absence is tolerated.
  let scraper: ServerMetricsScraper | null = null;
  let serverMetrics: ServerMetricsSummary | null = null;
  counter?.runStarted();
  try {
    ({ issued, schedule, earlyStop } = await runner.run(async () => {
      if (config.serverMetricsUrl !== null) {
        scraper = startServerMetrics(config.serverMetricsUrl, { headers: { ...config.headers } });
        await scraper.ready;
      }
      if (config.startAtMs !== undefined) await waitUntil(config.startAtMs + (config.shard?.startOffsetMs ?? 0), io.err, startGate.signal);
    }, (nowMs) => recorder.begin(nowMs)));
  } finally {
    serverMetrics = scraper === null ? null : await (scraper as ServerMetricsScraper).stop();
    const [workerDelays] = await Promise.all([opened.close(), workload.dispose()]);
    clientHealth = health.stop(workerDelays);
  }
  for (const reason of clientHealth.reasons) io.err(`warning: client limited: ${reason}`);
  if (earlyStop) io.err(`stopped: ${earlyStop.message}`);

  stage(`run ended: ${issued} profiled requests issued`);
  // Counts still waiting are taken now; the last lines of records.jsonl are written.
  counter?.runEnded();
  const aggregates = await recorder.finish();
  const totals = aggregates.totals;
  const verdict = mlperfVerdict(shape, aggregates.mlperfSamples, totals.start);
  // What is saved about the run (configuration, command line, URLs) with the run's secrets masked in every string.
  const summary = summarizeTotals(totals, redactJson({
    ...meta(artifactDir),
    interrupted,
    load: withShard(loadSummary(shape, config.load.durationMs, schedule), config.shard),
    clientHealth,
    ...(earlyStop ? { stopped: earlyStop } : {}),
    ...(serverMetrics ? { serverMetrics } : {}),
    ...(verdict ? { mlperf: verdict } : {}),
  }, redactor(config.secrets)), performance.timeOrigin);
  await writeArtifacts(artifactDir, summary, aggregates.timeData(), { ...files, records: 'in-place' });
  const mlperfText = verdict ? await writeMlperfSummary(artifactDir, verdict, model) : null;
  // Until the files are written, a first Ctrl-C changes nothing (the run is over) and a second quits.
  uninstall();
  stage('token counts, summary and files done');
  io.out(renderConsoleTable(summary));
  const serverCache = serverMetrics ? describeServerCache(serverMetrics, workload.info.plannedHitRate) : null;
  if (serverCache) io.out(serverCache.text);
  if (mlperfText) io.out(`\n${mlperfText}`);
  const ending = interrupted ? ' (interrupted)' : clientLost ? ' (stopped early: every client worker died)' : earlyStop ? ' (stopped early)' : '';
  io.err(`results: ${artifactDir}${ending}`);
  return interrupted ? ExitCode.interrupted : clientLost ? ExitCode.internal : earlyStop ? ExitCode.stopped : ExitCode.ok;
}

/** aiperf replays a trace whose every line has a timestamp on its schedule, when no other shape was asked for. */
function withAutoSchedule(config: ProfileConfig, workload: Workload): ProfileConfig {
  const schedule = config.load.autoSchedule;
  if (schedule === null || !workload.requests.every((r) => r.timestampMs !== null)) return config;
  return { ...config, load: { ...config.load, shape: schedule } };
}

/** Connections opened before the clock starts: all of a closed loop's, and enough for an open loop to start. */
const WARM_CONNECTIONS = 256;
