// A profile run as a pipeline of named stages: check server → build workload → open client → warm up → execute → collect → write.
import { join } from 'node:path';
import type { Workload } from '../workload/prepared-request.js';
import { aiperfFileNames } from '../report/aiperf-file-names.js';
import { connectionsFor, isAccuracyRun } from '../executors/load-shape.js';
import { loggedAnswer } from '../mlperf/accuracy/logged-answer.js';
import { redactor } from '../secrets/redactor.js';
import { shardSeed } from '../shard/shard.js';
import { startSimChild, type SimChild } from '../sim/sim-child.js';
import { stdio, type Console } from '../util/console.js';
import { UsageError } from '../util/exit-codes.js';
import { collectRun } from './collect-run.js';
import { executeRun } from './execute-run.js';
import { onInterrupt } from './interrupt.js';
import { openClient, type ProfileClient } from './open-client.js';
import { openResults, type RunResults } from './open-results.js';
import { prepareRun, type PreparedRun } from './prepare-run.js';
import { redactedConsole, redactedError } from './redact.js';
import { runBanner } from './run-banner.js';
import type { ProfileConfig, SimTarget } from './run-config.js';
import { phaseRunner, type PhaseRunner } from './run-phases.js';
import { startRunProgress } from './run-progress.js';
import { stageTimer } from './stage-timer.js';
import { printRun, writeRun, type RunEnding } from './write-run.js';

/**
 * Runs a whole profile and returns the exit code. Bad input throws UsageError before any request is sent. Every line
 * it prints and the error it may end with have the run's secrets masked. With --sim, `sharedSim` (a sweep's) is used,
 * its caches emptied first, instead of a simulator of the run's own.
 */
export async function runProfile(config: ProfileConfig, argv: readonly string[], io: Console = stdio, sharedSim?: SimChild): Promise<number> {
  const redact = redactor(config.secrets);
  return profileTarget(config, argv, redactedConsole(io, redact), sharedSim).catch((err: unknown) => {
    throw redactedError(err, redact);
  });
}

async function profileTarget(config: ProfileConfig, argv: readonly string[], io: Console, sharedSim: SimChild | undefined): Promise<number> {
  if (!config.sim) return profileServer(config, argv, io, undefined);
  if (sharedSim !== undefined) await sharedSim.resetCaches();
  const sim = sharedSim ?? (await startSimulator(config, io));
  try {
    const targets = config.targets.map((target) => ({ ...target, origin: sim.url }));
    return await profileServer({ ...config, targets, origin: sim.url }, argv, io, config.sim);
  } finally {
    if (sharedSim === undefined) await sim.stop();
  }
}

/** `--sim`: the simulator in its own process, so it never shares mmload's event loop; a failed start is bad input. */
export async function startSimulator(config: ProfileConfig, io: Console): Promise<SimChild> {
  const target = config.sim!;
  const model = config.models[0];
  try {
    const sim = await startSimChild({ ...target, seed: config.workload.seed, ...(model ? { model } : {}) });
    io.err(`simulator: mmload sim at ${sim.url}, speed ${target.speed}× (measured times are ${target.speed}× shorter than the simulated engine's)`);
    return sim;
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}

/** Stages 1–2 (check server, build workload), then the rest with the token counter closed however they end. */
async function profileServer(config: ProfileConfig, argv: readonly string[], io: Console, simulated: SimTarget | undefined): Promise<number> {
  const stage = stageTimer(config.verbose ? io.err : null);
  const prepared = await prepareRun(config, io.err, stage);
  try {
    return await profileWorkload(prepared, argv, io, simulated, stage);
  } finally {
    await prepared.counter?.close();
  }
}

/** Stages 3–7: open client → warm up (results claimed) → execute → collect → write. */
async function profileWorkload(prepared: PreparedRun, argv: readonly string[], io: Console, simulated: SimTarget | undefined, stage: (what: string) => void): Promise<number> {
  const { config, workload, counter } = prepared;
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
    // Client-side token counts, MLPerf's accuracy log and a conversation's history read the replies' text.
    keepText: counter !== null || isAccuracyRun(shape) || workload.sessions !== undefined,
    secrets: config.secrets,
    sessionHeader: config.sessionHeader,
  }, config.workers, workload, ({ message, left }) => {
    io.err(`warning: ${message}; ${left > 0 ? `the run goes on with ${left} client worker${left === 1 ? '' : 's'}` : 'no client worker is left: the run stops'}`);
    if (left > 0) return;
    clientLost = true;
    runner?.stop();
  });
  const client = opened.client;
  stage(opened.workers > 0 ? `${opened.workers} client worker threads started` : 'client on the main thread');
  let results: RunResults;
  try {
    const explicitCount = config.workload.requestCount !== undefined;
    const progress = startRunProgress({
      total: config.load.durationMs !== undefined && !explicitCount ? undefined : turnsToSend(workload),
      durationMs: config.load.durationMs,
    }, process.stderr, config.quiet);
    await warmUp(opened, connections, config, stage);
    results = await openResults(prepared, argv, simulated, io.err);
    runner = phaseRunner(workload, config.load, client, shardSeed(config.workload.seed, config.shard), closedLoop, explicitCount, progress,
      (record, sessionNum) => {
        // Logged first: the recorder lets go of the reply's text once it is counted.
        void results.accuracyLog?.add(sessionNum, record.requestIndex, loggedAnswer(record));
        results.recorder.settled(record, sessionNum);
      });
  } catch (err) {
    await Promise.all([opened.close(), workload.dispose()]);
    throw err;
  }
  runBanner(prepared).forEach((line) => io.err(line));

  let interrupted = false;
  const startGate = new AbortController();
  const uninstall = onInterrupt(() => {
    interrupted = true;
    startGate.abort();
    runner.stop();
    client.cancelAll();
  }, io.err);
  const gpuTelemetryFile = join(results.dir, aiperfFileNames(config.exportPrefix).gpuTelemetryJsonl);
  const execution = await executeRun({ config, runner, opened, workload, counter, recorder: results.recorder, startGate: startGate.signal, gpuTelemetryFile, resultsDir: results.dir }, io.err);
  for (const reason of execution.clientHealth.reasons) io.err(`warning: client limited: ${reason}`);
  if (execution.earlyStop) io.err(`stopped: ${execution.earlyStop.message}`);
  stage(`run ended: ${execution.issued} profiled requests issued`);

  const collected = await collectRun(config, counter, results, execution, interrupted);
  const written = await writeRun(results, collected, execution, config, prepared.model, io.err);
  // Until the files are written, a first Ctrl-C changes nothing (the run is over) and a second quits.
  uninstall();
  stage('token counts, summary and files done');
  const ending: RunEnding = interrupted ? 'interrupted' : clientLost ? 'client-lost' : execution.earlyStop ? 'stopped' : 'finished';
  return printRun(io, results, collected, execution, written, ending, config.gpuTelemetry?.console ?? false);
}

/** Opens the connections before the clock starts: all of a closed loop's, and enough for an open loop to start. */
async function warmUp(opened: ProfileClient, connections: number, config: ProfileConfig, stage: (what: string) => void): Promise<void> {
  const warm = Math.min(connections, WARM_CONNECTIONS);
  await opened.client.warmUp(warm).catch((err: Error) => {
    throw new UsageError(err.message);
  });
  stage(`${warm} connections open${config.targets.length > 1 ? ` to each of ${config.targets.length} servers` : ''}, client warmed`);
}

const WARM_CONNECTIONS = 256;

/** Requests the profiled phase sends when no duration decides: its requests, or a run of conversations' turns (unknown when sessions are counted: their turns vary). */
function turnsToSend(workload: Workload): number | undefined {
  const sessions = workload.sessions;
  if (sessions === undefined) return workload.requests.length;
  return sessions.turns ?? (sessions.sessions === undefined ? workload.requests.length : undefined);
}
