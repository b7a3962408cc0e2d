// The MLPerf Q3VL workload: the catalogue's first samples as the reference's requests, each photo re-encoded once before the run and spooled to disk.
import { availableParallelism } from 'node:os';
import pLimit from 'p-limit';
import { expectedPromptTokens } from '../../model/qwen3-vl-tokens.js';
import { loadTokenizer } from '../../tokenizer/load-tokenizer.js';
import { createBodySpool } from '../body-spool.js';
import { sampleEntries } from '../entry-sampling.js';
import type { ProgressFn } from '../generated-workload.js';
import { modelChooser } from '../model-choice.js';
import type { BodyPiece, PreparedRequest, Workload } from '../prepared-request.js';
import { shareText } from '../request-body.js';
import { describeInfo, workloadInfo } from '../workload-info.js';
import type { WorkloadSpec } from '../workload-spec.js';
import type { CatalogueSample } from './catalogue-sample.js';
import { loadQ3vlPrompt } from './q3vl-prompt.js';
import { q3vlImage, q3vlRequest, q3vlUserText } from './q3vl-request.js';
import { catalogueSamples, catalogueSize } from './read-catalogue.js';

/** Samples read and re-encoded together: enough to keep every core busy, few enough that their photos take little memory. */
const BATCH_PER_CORE = 4;

/**
 * Reads the first performance_sample_count samples (user.conf; else --request-count; else every one) of `path` (a JSONL
 * file, parquet files or their directory); the requests draw from them by the sampling strategy (default: seeded
 * permutations one after another, as LoadGen issues them), and an accuracy run sends each once. Warm-up requests
 * repeat the first samples (LoadGen itself has no warm-up).
 *
 * Memory stays flat in the catalogue's size: samples are read a batch at a time, and each re-encoded photo goes to a
 * spool file (see body-spool.ts), read back when its request is sent; only the texts stay in memory. dispose() deletes it.
 */
export async function catalogueWorkload(path: string, spec: WorkloadSpec, onProgress?: ProgressFn): Promise<Workload> {
  const [size, prompt, tokenizer] = await Promise.all([catalogueSize(path), loadQ3vlPrompt(spec.mlperf.systemPromptFile), loadTokenizer(spec.tokenizerPath)]);
  const wanted = spec.mlperf.sampleCount ?? spec.requestCount;
  const total = Math.min(wanted ?? size, size);
  if (total === 0) throw new Error(`${path} holds no catalogue samples`);
  const systemPrompt = shareText(prompt.text);
  const systemTokens = tokenizer.count(prompt.text);
  const modelOf = modelChooser(spec.models, spec.modelSelection, spec.seed);
  const schema = spec.mlperf.guidedDecoding ? prompt.schema : null;
  const spool = await createBodySpool();
  const fileBytes = new Map<BodyPiece, number>();
  const build = async (sample: CatalogueSample, index: number): Promise<PreparedRequest> => {
    const image = await q3vlImage(sample.image, index);
    const url = await spool.add(image.url);
    fileBytes.set(url, image.fileBytes);
    const isl = expectedPromptTokens(systemTokens, tokenizer.count(q3vlUserText(sample)), [image]);
    return q3vlRequest(index, sample, { ...image, url }, { model: modelOf(index), systemPrompt, schema }, isl);
  };
  const entries: PreparedRequest[] = [];
  try {
    const limit = pLimit(availableParallelism());
    let batch: CatalogueSample[] = [];
    const flush = async (): Promise<void> => {
      const first = entries.length;
      entries.push(...await Promise.all(batch.map((sample, k) => limit(() => build(sample, first + k)))));
      batch = [];
      onProgress?.('re-encoding catalogue photos', entries.length, total);
    };
    for await (const sample of catalogueSamples(path, total)) {
      batch.push(sample);
      if (batch.length >= BATCH_PER_CORE * availableParallelism()) await flush();
    }
    await flush();
  } catch (err) {
    await spool.remove();
    throw err;
  }
  const requests = sampleEntries(entries, spec.requestCount ?? entries.length, spec.generated.sampling, spec.seed);
  const warmup = Array.from({ length: spec.warmupRequestCount }, (_, j) => entries[j % entries.length]!);
  const info = workloadInfo(requests, (url) => fileBytes.get(url) ?? 0);
  const notices = [`system prompt: ${prompt.label}`, ...(prompt.warning ? [prompt.warning] : [])];
  const what = `MLPerf Q3VL catalogue ${path}: first ${entries.length} samples${schema ? ', guided decoding' : ''}`;
  return { entries, requests, warmup, info, description: [what, describeInfo(info)].filter(Boolean).join('; '), notices, dispose: () => spool.remove() };
}
