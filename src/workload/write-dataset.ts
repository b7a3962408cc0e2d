// Writes a generated image-reuse workload as aiperf single_turn JSONL, its distinct images as files beside it (mmload generate).
import { loadTokenizer } from '../tokenizer/load-tokenizer.js';
import { UsageError } from '../util/exit-codes.js';
import { writeImageFiles, writingFile } from './dataset-files.js';
import { generatedTexts, poolImages, type ProgressFn } from './generated-workload.js';
import { imageUuid } from './image-delivery.js';
import { writeJsonl } from './jsonl-writer.js';
import { planImageReuse, type ReusePlan } from './reuse-plan.js';
import type { GeneratedWorkloadSpec } from './workload-spec.js';

export interface DatasetOptions {
  readonly spec: GeneratedWorkloadSpec;
  readonly seed: number;
  /** The JSONL file; the images go to a folder of the same name beside it. */
  readonly file: string;
  /** With --image-mode http: the URL the output directory will be served under; null: image file paths. */
  readonly imageUrlBase: string | null;
  /** Add vLLM's uuid of each image. */
  readonly imageUuids: boolean;
}

export interface WrittenDataset {
  readonly plan: ReusePlan;
  readonly imageDir: string;
  /** Bytes of the distinct images written. */
  readonly imageBytes: number;
}

/** A plan the options cannot meet, or a path that cannot be written, is a UsageError. */
export async function writeDataset(options: DatasetOptions, onProgress?: ProgressFn): Promise<WrittenDataset> {
  const { spec, seed, file, imageUrlBase } = options;
  let plan;
  try {
    plan = planImageReuse({ requests: spec.entries, imagesPerRequest: spec.imagesPerRequest, seed, popularity: spec.popularity,
      ...(spec.pool === undefined ? {} : { pool: spec.pool }), ...(spec.hitRate === undefined ? {} : { hitRate: spec.hitRate }) });
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const images = await poolImages(spec, plan.poolSize, 0, seed, true, onProgress)
    .catch((err: Error) => { throw new UsageError(err.message); });
  const { texts } = generatedTexts(await loadTokenizer(), spec.userTextTokens, spec.entries, seed);
  const uuids = options.imageUuids ? images.map((image) => imageUuid(image.bytes)) : null;
  const { imageDir, imageBytes } = await writingFile(file, async () => {
    const written = await writeImageFiles(file, images, imageUrlBase);
    await writeJsonl(file, plan.images.map((slots, i) => ({
      text: texts[i]!,
      images: slots.map((s) => written.refs[s]!),
      ...(uuids ? { image_uuids: slots.map((s) => uuids[s]!) } : {}),
    })));
    return written;
  });
  return { plan, imageDir, imageBytes };
}
