// Merges shards' results (profile --shard i/N) into one run: summary.json, summary.csv, records.jsonl, report.html and the server metrics files.
import { ConversationStats } from '../metrics/conversation-stats.js';
import type { ConversationSummary } from '../metrics/conversation-summary.js';
import { summarizeTotals } from '../metrics/summary.js';
import { readRecordFile } from '../records/records-read.js';
import { claimArtifactDir, mmloadArtifactDir } from '../report/artifact-dir.js';
import { renderConsoleTable } from '../report/console-table.js';
import { writeArtifacts } from '../report/write-artifacts.js';
import { stdio, type Console } from '../util/console.js';
import { ExitCode } from '../util/exit-codes.js';
import { readShard } from './merge-read.js';
import { mergeRecordFiles } from './merge-records.js';
import { mergeShards } from './merge-shards.js';
import { serverMetricsFileCopies } from './merge-telemetry.js';

export interface MergeOptions {
  /** Where to write; default results/<date>-<model>-<load>-merged. */
  readonly artifactDir: string | undefined;
  /** Merge even when shards are missing (warns); otherwise a missing shard is refused. */
  readonly allowPartial: boolean;
}

/**
 * Reads DIR/summary.json of every shard, merges their totals into one summary (as summarize() would have made from all
 * the records at once, up to float rounding of sums), writes the files in a profile's format and prints its table.
 * Bad input (a missing shard, shards of different runs) is a UsageError before anything is written. A shard that was
 * interrupted or stopped early (it exited 130 or 3) is merged all the same, with exit 0: the merge did its work, and
 * the merged summary (was_cancelled, mmload.interrupted, mmload.stopped naming the shards) and a warning say the run is partial.
 */
export async function mergeRuns(dirs: readonly string[], options: MergeOptions, io: Console = stdio): Promise<number> {
  const run = mergeShards(await Promise.all(dirs.map(readShard)), options.allowPartial, io.err);
  for (const s of run.shards) {
    if (s.interrupted) io.err(`warning: ${s.dir} (shard ${s.shard.index}) was interrupted: the merged results are partial`);
    if (s.stopped) io.err(`warning: ${s.dir} (shard ${s.shard.index}) stopped early: ${s.stopped.message}: the merged results are partial`);
  }
  // Times are epoch ms already: no time origin to add.
  let summary = summarizeTotals(run.totals, run.meta, 0);
  // A run of conversations: its per-turn figures come from the records (each session lies within one shard).
  const conversations = run.shards.some((s) => s.conversations) ? await conversationsOf(run.shards.map((s) => s.recordsPath), summary.durationSec) : null;
  if (conversations !== null) summary = { ...summary, meta: { ...summary.meta, conversations } };
  const label = String(run.meta.load?.label ?? 'run');
  const dir = await claimArtifactDir(options.artifactDir, mmloadArtifactDir(`${run.meta.model ?? 'model'}-${label}-merged`));
  let lines = 0;
  const write = async (tmp: string): Promise<void> => {
    lines = await mergeRecordFiles(run.shards.map((s) => s.recordsPath), tmp);
  };
  // The server metrics files of the shard whose view the summary carries.
  const extraFiles = run.serverMetricsShard ? await serverMetricsFileCopies(run.serverMetricsShard) : [];
  await writeArtifacts(dir, summary, null, { aiperfNames: false, exportLevel: 'records', records: write, extraFiles, sliceDurationSec: run.sliceDurationSec, note: io.err });
  if (lines !== summary.counts.issued) io.err(`warning: the shards' records.jsonl hold ${lines} records but their summaries count ${summary.counts.issued} requests`);
  io.out(renderConsoleTable(summary));
  const partial = [run.meta.stopped ? 'stopped early' : '', run.meta.interrupted ? 'interrupted' : ''].filter(Boolean).join(', ');
  io.err(`merged ${run.shards.length} shard${run.shards.length === 1 ? '' : 's'} of ${run.shards[0]!.shard.count}: ${dir}${partial ? ` (${partial})` : ''}`);
  return ExitCode.ok;
}

/** The conversation figures of the shards' records together; null when none is a conversation's turn. */
async function conversationsOf(recordsPaths: readonly string[], durationSec: number | null): Promise<ConversationSummary | null> {
  const stats = new ConversationStats();
  for (const path of recordsPaths) await readRecordFile(path, 0n, ({ record, counts }) => stats.add(record, counts.isl));
  return stats.summary(durationSec);
}
