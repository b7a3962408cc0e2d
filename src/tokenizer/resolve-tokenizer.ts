// Resolves --tokenizer as aiperf takes it (a tokenizer.json, a directory, or a Hugging Face id) to what mmload loads, offline.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import type { TokenizerFile } from './load-tokenizer.js';

/** aiperf's `builtin` and the tiktoken encodings it loads by name: none ships with mmload. */
const TIKTOKEN_NAMES = new Set(['builtin', 'cl100k_base', 'o200k_base', 'o200k_harmony', 'p50k_base', 'p50k_edit', 'r50k_base']);

/** `org/name` or `name`, as the Hugging Face Hub spells repository ids. */
const HF_ID = /^[A-Za-z0-9][\w.-]*(?:\/[A-Za-z0-9][\w.-]*)?$/;

/** A Hugging Face id that is neither bundled nor in the local cache. */
export class TokenizerNotCached extends Error {
  constructor(readonly id: string, readonly revision: string, readonly tried: readonly string[]) {
    super(`no tokenizer for "${id}" (revision ${revision}): tried ${tried.join(', ')}; mmload never downloads: ` +
      `put it in the Hugging Face cache (huggingface-cli download ${id} tokenizer.json), give --tokenizer a tokenizer.json ` +
      'or a directory holding one, or take token counts from the server with --use-server-token-count');
  }
}

/**
 * The tokenizer `reference` names: an existing tokenizer.json or a directory holding one; a Qwen3-family Hugging Face id
 * (`qwen3` in its name: the bundled Qwen3 tokenizer); any other id from the local Hugging Face cache, at `revision`
 * (a branch or tag under refs/, or a commit hash). Throws a one-line Error when none is found; never uses the network.
 */
export function resolveTokenizer(reference: string, revision = 'main', env: NodeJS.ProcessEnv = process.env, home: string = homedir()): TokenizerFile {
  if (TIKTOKEN_NAMES.has(reference)) {
    throw new Error(`tokenizer "${reference}" is aiperf's tiktoken ${reference === 'builtin' ? 'o200k_base' : 'encoding'}, which mmload does not ship; ` +
      'give a tokenizer.json, a directory holding one, or a Hugging Face id');
  }
  const local = resolve(reference);
  if (existsSync(local)) return localFile(local);
  if (isAbsolute(reference) || /^\.\.?[\\/]/.test(reference) || reference.endsWith('.json') || !HF_ID.test(reference)) {
    throw new Error(`cannot read tokenizer ${reference}: no such file or directory`);
  }
  const name = reference.slice(reference.indexOf('/') + 1);
  if (/qwen3/i.test(name)) return undefined;
  const file = cachedFile(reference, revision, hubCache(env, home));
  if (typeof file === 'string') return file;
  throw new TokenizerNotCached(reference, revision, [local, ...file.tried]);
}

/**
 * The tokenizer when --tokenizer is not given: the model name's, found as resolveTokenizer finds it; a model whose
 * tokenizer cannot be found gets the bundled Qwen3 tokenizer and a warning to print instead of an error.
 */
export function defaultTokenizer(model: string, revision = 'main', env: NodeJS.ProcessEnv = process.env, home: string = homedir()): { file: TokenizerFile; warning: string | null } {
  try {
    return { file: resolveTokenizer(model, revision, env, home), warning: null };
  } catch (err) {
    const why = err instanceof TokenizerNotCached ? `not in the Hugging Face cache (tried ${err.tried.join(', ')})` : (err as Error).message;
    return {
      file: undefined,
      warning: `no tokenizer found for model "${model}": ${why}; counting with the bundled Qwen3 tokenizer instead ` +
        '(give --tokenizer, or --use-server-token-count for the server\'s counts)',
    };
  }
}

function localFile(path: string): string {
  if (!statSync(path).isDirectory()) return path;
  const file = join(path, 'tokenizer.json');
  if (!existsSync(file)) throw new Error(`cannot read tokenizer ${path}: the directory holds no tokenizer.json`);
  return file;
}

/** The Hugging Face hub cache, found as huggingface_hub finds it. */
function hubCache(env: NodeJS.ProcessEnv, home: string): string {
  if (env.HF_HUB_CACHE) return env.HF_HUB_CACHE;
  if (env.HF_HOME) return join(env.HF_HOME, 'hub');
  return join(env.XDG_CACHE_HOME || join(home, '.cache'), 'huggingface', 'hub');
}

/** The snapshot's tokenizer.json for `id` at `revision`, or every path looked at. */
function cachedFile(id: string, revision: string, hub: string): string | { tried: string[] } {
  const repo = join(hub, `models--${id.replace('/', '--')}`);
  let commit = revision;
  if (!/^[0-9a-f]{40}$/.test(revision)) {
    const ref = join(repo, 'refs', revision);
    if (!existsSync(ref)) return { tried: [ref] };
    commit = readFileSync(ref, 'utf8').trim();
  }
  const file = join(repo, 'snapshots', commit, 'tokenizer.json');
  return existsSync(file) ? file : { tried: [file] };
}
