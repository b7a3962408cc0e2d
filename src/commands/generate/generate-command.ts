// `mmload generate`: writes an image-reuse workload as aiperf single_turn JSONL with its image files beside it.
import { basename, extname, join, resolve } from 'node:path';
import type { Argv } from 'yargs';
import { makeDirectories } from '../../fs/make-directories.js';
import { writeFileAtomically } from '../../fs/write-atomically.js';
import { loadTokenizer } from '../../tokenizer/load-tokenizer.js';
import { generatedTexts, poolImages } from '../../workload/generated-workload.js';
import { imageUuid } from '../../workload/image-delivery.js';
import { jsonlFileName, writeJsonl } from '../../workload/jsonl-writer.js';
import { PRESETS, type PresetName } from '../../workload/presets.js';
import { planImageReuse } from '../../workload/reuse-plan.js';
import { formatBytes } from '../../workload/workload-info.js';
import { UsageError } from '../../util/exit-codes.js';
import { progressLine } from '../../util/progress-line.js';
import { MMLOAD_DEFAULTS, resolveGeneratedSpec, type WorkloadDefaults } from '../profile/workload-config.js';
import { workloadOptions, type WorkloadFlags } from '../profile/workload-options.js';

/** The seed generator's defaults: 500 requests, 3 images each, every image distinct, 300 text tokens. */
const SEED_GENERATOR_DEFAULTS: WorkloadDefaults = { ...MMLOAD_DEFAULTS, requests: 500, imagesPerRequest: 3, hitRate: undefined, userTextTokens: 300 };

export function generateOptions<T>(yargs: Argv<T>) {
  return workloadOptions(yargs)
    .option('num-requests', { alias: 'n', type: 'number', group: 'Workload:', describe: 'Requests (lines) to write (default 500)' })
    .option('seed', { alias: 'random-seed', type: 'number', default: 0, group: 'Workload:', describe: 'Seed of the plan, images and texts' })
    .option('output', { alias: 'o', type: 'string', group: 'Output:', describe: 'JSONL file; default: a name encoding the parameters, in --output-dir' })
    .option('output-dir', { type: 'string', default: 'datasets', group: 'Output:', describe: 'Directory for the JSONL file and its images' })
    .option('image-url-base', { type: 'string', group: 'Output:', describe: 'With --image-mode http: URL under which the output directory will be served' });
}

interface GenerateFlags extends WorkloadFlags {
  'num-requests'?: number | undefined; seed: number; output?: string | undefined; 'output-dir': string; 'image-url-base'?: string | undefined;
}

export async function runGenerate(rawFlags: unknown, out: (line: string) => void = (l) => process.stdout.write(`${l}\n`)): Promise<void> {
  const flags = rawFlags as GenerateFlags;
  const problems: string[] = [];
  const preset = flags.preset === undefined ? undefined : PRESETS[flags.preset as PresetName];
  const count = flags['num-requests'];
  if (count !== undefined && (!Number.isInteger(count) || count < 1)) problems.push(`--num-requests must be an integer >= 1 (got ${count})`);
  const spec = resolveGeneratedSpec(flags, preset, SEED_GENERATOR_DEFAULTS, count, problems);
  const http = flags['image-mode'] === 'http';
  if (http && !flags['image-url-base']) problems.push('--image-mode http needs --image-url-base, the URL the output directory will be served under');
  if (spec.imagesPerRequest === 0) problems.push('--images-per-request must be >= 1 for generate');
  if (problems.length > 0) throw new UsageError(problems.join('; '));

  let plan;
  try {
    plan = planImageReuse({ requests: spec.entries, imagesPerRequest: spec.imagesPerRequest, seed: flags.seed, popularity: spec.popularity,
      ...(spec.pool === undefined ? {} : { pool: spec.pool }), ...(spec.hitRate === undefined ? {} : { hitRate: spec.hitRate }) });
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const outputDir = resolve(flags['output-dir']);
  const file = resolve(outputDir, flags.output ?? jsonlFileName({
    requests: spec.entries, imagesPerRequest: spec.imagesPerRequest, userTextTokens: spec.userTextTokens.mean, mode: http ? 'http' : 'base64',
    ...(spec.pool === undefined ? { hitRate: spec.hitRate! } : { pool: spec.pool }),
  }));
  const imageDir = join(outputDir, basename(file, extname(file)));

  const progress = progressLine((line) => process.stderr.write(`${line}\n`));
  const images = await poolImages(spec, plan.poolSize, 0, flags.seed, true, progress.update)
    .catch((err: Error) => { throw new UsageError(err.message); })
    .finally(() => progress.done());
  const { texts } = generatedTexts(await loadTokenizer(), spec.userTextTokens, spec.entries, flags.seed);
  const uuids = flags['image-uuids'] ? images.map((image) => imageUuid(image.bytes)) : null;
  try {
    await makeDirectories(imageDir).catch((err: Error) => {
      throw new UsageError(`cannot write the images of ${file}: ${err.message}`);
    });
    const names = await Promise.all(images.map(async (image) => {
      const name = `img_${String(image.index).padStart(6, '0')}.${image.mime === 'image/png' ? 'png' : 'jpg'}`;
      await writeFileAtomically(join(imageDir, name), image.bytes);
      return name;
    }));
    const refs = names.map((name) => (http ? `${flags['image-url-base']!.replace(/\/+$/, '')}/${basename(imageDir)}/${name}` : join(imageDir, name)));
    await writeJsonl(file, plan.images.map((slots, i) => ({
      text: texts[i]!,
      images: slots.map((s) => refs[s]!),
      ...(uuids ? { image_uuids: slots.map((s) => uuids[s]!) } : {}),
    })));
  } catch (err) {
    // A path that cannot be written is bad input: one line, exit 2.
    if ((err as NodeJS.ErrnoException).code) throw new UsageError(`cannot write ${file}: ${(err as Error).message}`);
    throw err;
  }

  const bytes = images.reduce((sum, image) => sum + image.bytes.length, 0);
  out(`wrote ${file}`);
  out(`  ${spec.entries} requests × ${spec.imagesPerRequest} images: ${plan.slots} slots, ${plan.poolSize} distinct images ` +
    `(${(plan.hitRate * 100).toFixed(2)}% repeats with an infinite cache), ${formatBytes(bytes)} of images in ${imageDir}`);
  // With the preset, profile adds what a JSONL line cannot hold: the system prompt, forced output, warm-up.
  out(`  profile it: mmload profile --input-file ${file} --custom-dataset-type single_turn${flags.preset ? ` --preset ${flags.preset}` : ''}`);
}
