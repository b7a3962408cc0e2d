// The Q3VL run's system prompt: the reference's text as the user supplies it (checked by sha256), or mmload's stand-in.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { UsageError } from '../../util/exit-codes.js';

/** sha256 of the v6.0 reference's system prompt (its UTF-8 bytes, final newline included). */
export const REFERENCE_PROMPT_SHA256 = '0d1878a7ddab0ca73999e3b7db2e0b8aaa74069f1bcc4c4f8a49201b82151c48';

export interface Q3vlPrompt {
  readonly text: string;
  /** The JSON schema of the answer, for --mlperf-guided-decoding: the one the prompt embeds, else mmload's own. */
  readonly schema: Readonly<Record<string, unknown>>;
  /** What the run says about its prompt: the reference's, another one, or mmload's stand-in. */
  readonly label: string;
  /** Why the prompt may not be the reference's (printed as a warning); null when it is. */
  readonly warning: string | null;
}

/** The answer's shape as the reference's schema states it, without its field descriptions. */
const OWN_SCHEMA = {
  properties: {
    category: { title: 'Category', type: 'string' },
    brand: { title: 'Brand', type: 'string' },
    is_secondhand: { title: 'Is Secondhand', type: 'boolean' },
  },
  required: ['category', 'brand', 'is_secondhand'],
  title: 'ProductMetadata',
  type: 'object',
} as const;

/** mmload's own words, asking for the same object; runs that use it are labelled as not the reference's. */
const STAND_IN = `You label products for an online catalogue. From the product's title, description and photo in the user
message, answer with one JSON object with exactly these fields:
- category: the single most specific and correct path from the list of candidate categories, copied exactly
- brand: the product's brand
- is_secondhand: true if the product is used or refurbished, false otherwise

Descriptions may contain web page source (HTML, CSS, JavaScript): use the product facts inside it and ignore the code.
Answer with the JSON object alone, with no code fence and no other text. Its schema:
\`\`\`json
${JSON.stringify(OWN_SCHEMA, null, 2)}
\`\`\`
`;

/** `file`: --mlperf-system-prompt, or undefined for the stand-in. A file that cannot be read is a UsageError. */
export async function loadQ3vlPrompt(file: string | undefined): Promise<Q3vlPrompt> {
  if (file === undefined) {
    return { text: STAND_IN, schema: OWN_SCHEMA, label: 'not the reference prompt (mmload\'s stand-in; pass --mlperf-system-prompt)', warning: null };
  }
  const text = await readFile(file, 'utf8').catch((err: NodeJS.ErrnoException) => {
    throw new UsageError(`--mlperf-system-prompt ${file}: ${err.code === 'ENOENT' ? 'no such file' : err.message}`);
  });
  if (text.trim() === '') throw new UsageError(`--mlperf-system-prompt ${file} is empty`);
  const sha = createHash('sha256').update(text, 'utf8').digest('hex');
  const reference = sha === REFERENCE_PROMPT_SHA256;
  return {
    text,
    schema: embeddedSchema(text) ?? OWN_SCHEMA,
    label: reference ? 'the v6.0 reference prompt' : `a prompt from ${file} (sha256 ${sha.slice(0, 12)}…, not the v6.0 reference's)`,
    warning: reference ? null : `--mlperf-system-prompt ${file} is not the v6.0 reference prompt (sha256 ${sha}, expected ${REFERENCE_PROMPT_SHA256}): ` +
      'another round\'s prompt, or a modified one; its results are not comparable with the reference\'s',
  };
}

/** The JSON schema inside the prompt's first ```json fence, as the reference embeds it; null when there is none. */
function embeddedSchema(text: string): Record<string, unknown> | null {
  const fenced = /```json\n([\s\S]*?)\n```/.exec(text);
  if (!fenced) return null;
  try {
    const schema: unknown = JSON.parse(fenced[1]!);
    return schema !== null && typeof schema === 'object' && !Array.isArray(schema) ? schema as Record<string, unknown> : null;
  } catch {
    return null;
  }
}
