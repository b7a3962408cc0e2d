// `mmload profile`: check the server, build the workload, warm up, run, then count, summarise and export.
import { mkdir } from 'node:fs/promises';
import { createChatClient } from '../client/chat-client.js';
import type { RequestRecord } from '../client/request-record.js';
import { ConcurrencyExecutor } from '../executors/concurrency-executor.js';
import { resolveTokenCounts } from '../metrics/token-counts.js';
import { summarize } from '../metrics/summary.js';
import { loadTokenizer } from '../tokenizer/load-tokenizer.js';
import { renderConsoleTable } from '../report/console-table.js';
import { writeArtifacts } from '../report/write-artifacts.js';
import { loadWorkload } from '../workload/load-workload.js';
import type { PreparedRequest, Workload } from '../workload/prepared-request.js';
import { chooseArtifactDir } from './artifact-dir.js';
import { ExitCode, UsageError } from './exit-codes.js';
import { onInterrupt } from './interrupt.js';
import type { ProfileConfig, SimTarget } from './profile-config.js';
import { startSimChild, type SimChild } from '../sim/sim-child.js';
import { savedConfig } from './redact.js';
import { checkServer } from './server-check.js';
import { progressLine } from './progress-line.js';
import { VERSION } from './version.js';

export interface Console {
  out(line: string): void;
  err(line: string): void;
}

const stdio: Console = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
};

/** Runs a whole profile and returns the exit code. Bad input throws UsageError before any request is sent. */
export async function runProfile(config: ProfileConfig, argv: readonly string[], io: Console = stdio): Promise<number> {
  if (!config.sim) return profileServer(config, argv, io, undefined);
  const sim = await startSimulator(config.sim, config.model, config.workload.seed);
  io.err(`simulator: mmload sim at ${sim.url}, speed ${config.sim.speed}× (measured times are ${config.sim.speed}× shorter than the simulated engine's)`);
  try {
    return await profileServer({ ...config, origin: sim.url }, argv, io, config.sim);
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
  const server = await checkServer(config.origin, config.modelsPath, { ...config.headers });
  stage(`server answered; models listed: ${server.models.join(', ') || 'none'}`);
  const model = config.model ?? server.models[0];
  if (!model) throw new UsageError(`the server at ${config.origin} lists no models at ${config.modelsPath}; pass --model`);
  // A bad --tokenizer must stop the run before it starts, not lose its results after.
  const tokenizerPath = config.workload.tokenizerPath;
  if (tokenizerPath) await loadTokenizer(tokenizerPath).catch((err: Error) => { throw new UsageError(err.message); });
  const workload = await prepareWorkload(config, model, io);
  stage('workload built');
  const artifactDir = chooseArtifactDir(config.artifactDir, `${model}${simulated ? '-sim' : ''}`, config.concurrency);

  const client = createChatClient({
    origin: config.origin,
    path: config.endpointPath,
    headers: { ...config.headers },
    connections: config.concurrency,
    requestTimeoutMs: config.requestTimeoutMs,
  });
  try {
    await client.warmUp();
  } catch (err) {
    await Promise.all([client.close(), workload.dispose()]);
    throw new UsageError((err as Error).message);
  }
  stage(`${config.concurrency} connections open, client warmed`);

  io.err(`mmload ${VERSION}: ${model} at ${config.origin}${config.endpointPath}, concurrency ${config.concurrency}, ` +
    `${workload.requests.length} requests${workload.warmup.length ? ` after ${workload.warmup.length} warm-up` : ''}`);
  io.err(`workload: ${workload.description}`);
  for (const notice of workload.notices) io.err(`notice: ${notice}`);

  const executor = new ConcurrencyExecutor(config.concurrency);
  let interrupted = false;
  const uninstall = onInterrupt(() => {
    interrupted = true;
    executor.stop();
    client.cancelAll();
  }, io.err);
  let records: RequestRecord[] = [];
  try {
    const send = (request: PreparedRequest, phase: RequestRecord['phase'], intendedMs: number | null) => client.send(request, phase, intendedMs);
    const warmup = workload.warmup;
    if (warmup.length > 0) await executor.run({ requests: warmup, count: warmup.length, durationMs: undefined }, 'warmup', send);
    if (!interrupted) records = (await executor.run({ requests: workload.requests, count: workload.requests.length, durationMs: undefined }, 'profiling', send)).records;
  } finally {
    uninstall();
    await Promise.all([client.close(), workload.dispose()]);
  }

  stage(`run ended: ${records.length} profiled requests issued`);
  const counts = await resolveTokenCounts(records, requestLookup(workload), {
    useServerTokenCount: config.useServerTokenCount,
    ...(tokenizerPath ? { tokenizerPath } : {}),
  });
  const summary = summarize(records, counts, {
    interrupted,
    ...(config.goodput ? { goodput: config.goodput } : {}),
    model,
    version: VERSION,
    inputConfig: savedConfig(config, model, argv),
    workload: workload.info,
    ...(simulated ? { simulated } : {}),
  });
  await mkdir(artifactDir, { recursive: true });
  await writeArtifacts(artifactDir, summary, records, counts, { aiperfNames: config.aiperfNames });
  stage('token counts, summary and files done');
  io.out(renderConsoleTable(summary));
  io.err(`results: ${artifactDir}${interrupted ? ' (interrupted)' : ''}`);
  return interrupted ? ExitCode.interrupted : ExitCode.ok;
}

async function prepareWorkload(config: ProfileConfig, model: string, io: Console): Promise<Workload> {
  const progress = progressLine(io.err);
  try {
    return await loadWorkload({ ...config.workload, model }, progress.update);
  } catch (err) {
    throw err instanceof UsageError ? err : new UsageError((err as Error).message);
  } finally {
    progress.done();
  }
}

/** With --verbose, prints each stage with the seconds since the previous one; otherwise does nothing. */
function stageTimer(print: ((line: string) => void) | null): (what: string) => void {
  let last = performance.now();
  return (what) => {
    const now = performance.now();
    print?.(`[${((now - last) / 1000).toFixed(3)} s] ${what}`);
    last = now;
  };
}

function requestLookup(workload: Workload): (index: number) => PreparedRequest {
  const byIndex = new Map<number, PreparedRequest>();
  for (const r of [...workload.warmup, ...workload.requests]) byIndex.set(r.index, r);
  return (index) => byIndex.get(index)!;
}
