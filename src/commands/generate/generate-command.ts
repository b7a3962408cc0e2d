// `mmload generate`: writes an image-reuse workload as aiperf single_turn JSONL with its image files beside it, conversations as multi_turn JSONL, or a dataset preset.
import { resolve } from 'node:path';
import type { Argv, CommandModule } from 'yargs';
import { UsageError } from '../../util/exit-codes.js';
import { formatBytes } from '../../util/number-format.js';
import { progressLine } from '../../util/progress-line.js';
import { jsonlFileName } from '../../workload/jsonl-writer.js';
import { DATASET_PRESET_NAMES, PRESETS, type PresetName } from '../../workload/presets.js';
import { DEFAULT_CONVERSATIONS, resolveConversations } from '../profile/conversation-config.js';
import { conversationOptions } from '../profile/conversation-options.js';
import { MMLOAD_DEFAULTS, resolveGeneratedSpec, type WorkloadDefaults } from '../profile/workload-config.js';
import { workloadOptions } from '../profile/workload-options.js';
import { generateCatalogue } from './generate-catalogue.js';
import { generateConversations } from './generate-conversations.js';
import type { GenerateFlags } from './generate-flags.js';

/** The seed generator's defaults: 500 requests, 3 images each, every image distinct, 300 text tokens. */
const SEED_GENERATOR_DEFAULTS: WorkloadDefaults = { ...MMLOAD_DEFAULTS, requests: 500, imagesPerRequest: 3, hitRate: undefined, userTextTokens: 300 };

export const generateCommand: CommandModule = {
  command: 'generate',
  describe: 'Write an image-reuse workload as aiperf single_turn JSONL plus image files, conversations as multi_turn JSONL (--turns, --preset chat-reuse), or a synthetic MLPerf Q3VL catalogue',
  builder: (yargs) => generateOptions(yargs),
  handler: async (flags) => {
    await runGenerate(flags);
  },
};

function generateOptions<T>(yargs: Argv<T>) {
  return conversationOptions(workloadOptions(yargs))
    // yargs adds these choices to the shared flag's seed scenarios; the description replaces its own.
    .option('preset', {
      type: 'string', choices: DATASET_PRESET_NAMES, group: 'Workload:',
      describe: 'Every number of a seed scenario (explicit flags override); mlperf-q3vl: a synthetic MLPerf Q3VL product catalogue (JSONL + JPEG photos)',
    })
    .option('num-requests', { alias: ['n', 'sessions'], type: 'number', group: 'Workload:', describe: 'Lines to write: requests (default 500), or sessions of conversations (default 100; chat-reuse 200)' })
    .option('seed', { alias: 'random-seed', type: 'number', default: 0, group: 'Workload:', describe: 'Seed of the plan, images and texts' })
    .option('output', { alias: 'o', type: 'string', group: 'Output:', describe: 'JSONL file; default: a name encoding the parameters, in --output-dir' })
    .option('output-dir', { type: 'string', default: 'datasets', group: 'Output:', describe: 'Directory for the JSONL file and its images' })
    .option('image-url-base', { type: 'string', group: 'Output:', describe: 'With --image-mode http: URL under which the output directory will be served' });
}

async function runGenerate(rawFlags: unknown, out: (line: string) => void = (l) => process.stdout.write(`${l}\n`)): Promise<void> {
  const flags = rawFlags as GenerateFlags;
  const problems: string[] = [];
  const count = flags['num-requests'];
  if (count !== undefined && (!Number.isInteger(count) || count < 1)) problems.push(`--num-requests must be an integer >= 1 (got ${count})`);
  if (flags.preset === 'mlperf-q3vl') return generateCatalogue(flags, problems, out);
  const preset = flags.preset === undefined ? undefined : PRESETS[flags.preset as PresetName];
  const spec = resolveGeneratedSpec(flags, preset, SEED_GENERATOR_DEFAULTS, count, problems);
  const sessions = flags['num-dataset-entries'] ?? count ?? preset?.conversation?.sessions ?? DEFAULT_CONVERSATIONS;
  const conversations = resolveConversations(flags, preset, { inputFile: undefined, conversations: sessions, sessions }, problems);
  const http = flags['image-mode'] === 'http';
  if (http && !flags['image-url-base']) problems.push('--image-mode http needs --image-url-base, the URL the output directory will be served under');
  if (conversations) return generateConversations(flags, preset, spec, conversations, problems, out);
  if (spec.imagesPerRequest === 0) problems.push('--images-per-request must be >= 1 for generate');
  if (problems.length > 0) throw new UsageError(problems.join('; '));

  const outputDir = resolve(flags['output-dir']);
  const file = resolve(outputDir, flags.output ?? jsonlFileName({
    requests: spec.entries, imagesPerRequest: spec.imagesPerRequest, userTextTokens: spec.userTextTokens.mean, mode: http ? 'http' : 'base64',
    ...(spec.pool === undefined ? { hitRate: spec.hitRate! } : { pool: spec.pool }),
  }));
  const { writeDataset } = await import('../../workload/write-dataset.js');
  const progress = progressLine((line) => process.stderr.write(`${line}\n`));
  const written = await writeDataset({
    spec, seed: flags.seed, file, imageUrlBase: http ? flags['image-url-base']! : null, imageUuids: flags['image-uuids'] === true,
  }, progress.update).finally(() => progress.done());
  const { plan, imageDir, imageBytes } = written;
  out(`wrote ${file}`);
  out(`  ${spec.entries} requests × ${spec.imagesPerRequest} images: ${plan.slots} slots, ${plan.poolSize} distinct images ` +
    `(${(plan.hitRate * 100).toFixed(2)}% repeats with an infinite cache), ${formatBytes(imageBytes)} of images in ${imageDir}`);
  // With the preset, profile adds what a JSONL line cannot hold: the system prompt, forced output, warm-up.
  out(`  profile it: mmload profile --input-file ${file} --custom-dataset-type single_turn${flags.preset ? ` --preset ${flags.preset}` : ''}`);
}
