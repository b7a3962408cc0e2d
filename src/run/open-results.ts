// A profile run's results before its first request: the claimed directory, run.json, aiperf's inputs.json, the records recorder.
import { join } from 'node:path';
import { isAccuracyRun, shapeLabel } from '../executors/load-shape.js';
import { loadSummary } from '../executors/load-summary.js';
import type { SummaryMeta } from '../metrics/summary.js';
import { startTokenCounts } from '../metrics/token-counts.js';
import { ACCURACY_LOG_FILE, openAccuracyLog, type AccuracyLogWriter } from '../mlperf/accuracy/accuracy-log-writer.js';
import { RunRecorder } from '../records/run-recorder.js';
import { sliceRecordsPath } from '../records/time-slices.js';
import { aiperfArtifactDir, claimArtifactDir, mmloadArtifactDir } from '../report/artifact-dir.js';
import { inputsSessions, writeInputsJson } from '../report/inputs-json.js';
import { writeRunJson } from '../report/run-json.js';
import type { ArtifactFiles } from '../report/write-artifacts.js';
import { redactJson, redactor } from '../secrets/redactor.js';
import { withShard } from '../shard/shard.js';
import { VERSION } from '../util/version.js';
import { aiperfRunFacts } from './aiperf-run-facts.js';
import type { PreparedRun } from './prepare-run.js';
import { savedConfig } from './redact.js';
import type { SimTarget } from './run-config.js';

export interface RunResults {
  readonly dir: string;
  readonly files: ArtifactFiles;
  /** What the summary says besides its figures, as known before the run (run.json keeps it for `mmload report`); not yet redacted. */
  readonly meta: SummaryMeta;
  /** Streams records.jsonl and keeps the run's aggregates. */
  readonly recorder: RunRecorder;
  /** MLPerf accuracy mode: every answer as LoadGen logs it (mlperf_log_accuracy.json); null otherwise. */
  readonly accuracyLog: AccuracyLogWriter | null;
}

/** `simulated`: the simulator's settings with --sim. `warn` hears of a token-count backlog during the run. */
export async function openResults(
  prepared: PreparedRun, argv: readonly string[], simulated: SimTarget | undefined, warn: (line: string) => void,
): Promise<RunResults> {
  const { config, workload, models, model } = prepared;
  const shape = config.load.shape;
  const files: ArtifactFiles = {
    aiperfNames: config.aiperfFiles, exportLevel: config.exportRecords ? 'records' : 'summary',
    ...(config.exportPrefix === undefined ? {} : { profileExportPrefix: config.exportPrefix }),
    ...(config.sliceDurationSec === undefined ? {} : { sliceDurationSec: config.sliceDurationSec }),
  };
  const dir = await claimArtifactDir(config.artifactDir, config.opinions === 'aiperf'
    ? aiperfArtifactDir(models, shape)
    : mmloadArtifactDir(`${model}${simulated ? '-sim' : ''}-${shapeLabel(shape)}${config.shard ? `-shard${config.shard.index}of${config.shard.count}` : ''}`));
  const meta: SummaryMeta = {
    interrupted: false,
    ...(config.goodput ? { goodput: config.goodput } : {}),
    model,
    version: VERSION,
    inputConfig: savedConfig(config, models, argv),
    ...(config.aiperfFiles ? { aiperfRun: aiperfRunFacts(config, models, argv, workload, dir) } : {}),
    workload: workload.info,
    load: withShard(loadSummary(shape, config.load.durationMs, null), config.shard),
    ...(simulated ? { simulated } : {}),
  };
  await writeRunJson(dir, { meta: redactJson(meta, redactor(config.secrets)), shape, files });
  // As aiperf, every payload of the dataset is on disk before the first request goes.
  if (config.aiperfFiles) await writeInputsJson(dir, inputsSessions(workload), redactor(config.secrets));
  const recorder = await RunRecorder.open(startTokenCounts(workload.requests, prepared.counter), {
    // Time slices are computed from the records after the run: without records.jsonl, they are kept aside until then.
    recordsPath: files.exportLevel === 'records' ? join(dir, 'records.jsonl') : files.sliceDurationSec !== undefined ? sliceRecordsPath(dir, true) : null,
    slos: config.goodput,
    // An accuracy run is not judged: its samples are not kept.
    mlperf: (shape.kind === 'mlperf-offline' || shape.kind === 'mlperf-server') && !isAccuracyRun(shape),
    onBacklog: (waiting) => warn(`warning: client-side token counting is ${waiting} records behind the run; they wait in memory until counted ` +
      '(--use-server-token-count takes the server\'s counts instead)'),
  });
  const accuracyLog = isAccuracyRun(shape) ? await openAccuracyLog(join(dir, ACCURACY_LOG_FILE)) : null;
  return { dir, files, meta, recorder, accuracyLog };
}
