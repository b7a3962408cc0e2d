// The MLPerf Q3VL workload: the catalogue's first samples as the reference's requests, each photo re-encoded once before the run.
import { availableParallelism } from 'node:os';
import pLimit from 'p-limit';
import { expectedPromptTokens } from '../../model/qwen3-vl-tokens.js';
import { loadTokenizer } from '../../tokenizer/load-tokenizer.js';
import { sampleEntries } from '../entry-sampling.js';
import type { ProgressFn } from '../generated-workload.js';
import { modelChooser } from '../model-choice.js';
import type { PreparedRequest, Workload } from '../prepared-request.js';
import { shareText } from '../request-body.js';
import { describeInfo, workloadInfo } from '../workload-info.js';
import type { WorkloadSpec } from '../workload-spec.js';
import { loadQ3vlPrompt } from './q3vl-prompt.js';
import { q3vlImage, q3vlRequest, q3vlUserText } from './q3vl-request.js';
import { readCatalogueSamples } from './read-catalogue.js';

/**
 * Reads the first performance_sample_count samples (user.conf; else --request-count; else every one) of `path` (a JSONL
 * file, parquet files or their directory); the requests draw from them by the sampling strategy (default: seeded
 * permutations one after another, as LoadGen issues them), and an accuracy run sends each once. Warm-up requests repeat the first samples (LoadGen itself has no warm-up).
 */
export async function catalogueWorkload(path: string, spec: WorkloadSpec, onProgress?: ProgressFn): Promise<Workload> {
  const [samples, prompt, tokenizer] = await Promise.all([
    readCatalogueSamples(path, spec.mlperf.sampleCount ?? spec.requestCount), loadQ3vlPrompt(spec.mlperf.systemPromptFile), loadTokenizer(spec.tokenizerPath),
  ]);
  if (samples.length === 0) throw new Error(`${path} holds no catalogue samples`);
  const systemPrompt = shareText(prompt.text);
  const systemTokens = tokenizer.count(prompt.text);
  const modelOf = modelChooser(spec.models, spec.modelSelection, spec.seed);
  const schema = spec.mlperf.guidedDecoding ? prompt.schema : null;
  const limit = pLimit(availableParallelism());
  let done = 0;
  const fileBytes = new Map<Buffer, number>();
  const entries: PreparedRequest[] = await Promise.all(samples.map((sample, index) => limit(async () => {
    const image = await q3vlImage(sample.image, index);
    fileBytes.set(image.url, image.fileBytes);
    onProgress?.('re-encoding catalogue photos', ++done, samples.length);
    const isl = expectedPromptTokens(systemTokens, tokenizer.count(q3vlUserText(sample)), [image]);
    return q3vlRequest(index, sample, image, { model: modelOf(index), systemPrompt, schema }, isl);
  })));
  const requests = sampleEntries(entries, spec.requestCount ?? entries.length, spec.generated.sampling, spec.seed);
  const warmup = Array.from({ length: spec.warmupRequestCount }, (_, j) => entries[j % entries.length]!);
  const info = workloadInfo(requests, (url) => fileBytes.get(url) ?? 0);
  const notices = [`system prompt: ${prompt.label}`, ...(prompt.warning ? [prompt.warning] : [])];
  const what = `MLPerf Q3VL catalogue ${path}: first ${entries.length} samples${schema ? ', guided decoding' : ''}`;
  return { entries, requests, warmup, info, description: [what, describeInfo(info)].filter(Boolean).join('; '), notices, dispose: async () => {} };
}
