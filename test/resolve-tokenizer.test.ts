// Tokenizer references as aiperf takes them: files, directories, Qwen3 ids (bundled) and the local Hugging Face cache.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadTokenizer } from '../src/tokenizer/load-tokenizer.js';
import { defaultTokenizer, resolveTokenizer } from '../src/tokenizer/resolve-tokenizer.js';
import { useScratch } from './helpers/shared-setup.js';

/** A valid tokenizer.json of three words: its ids tell it apart from the bundled Qwen3 tokenizer's. */
function tinyTokenizer(words: string[]): string {
  const vocab = Object.fromEntries(['[UNK]', ...words].map((word, id) => [word, id]));
  return JSON.stringify({
    version: '1.0', truncation: null, padding: null, added_tokens: [], normalizer: null, pre_tokenizer: { type: 'Whitespace' },
    post_processor: null, decoder: null, model: { type: 'WordLevel', vocab, unk_token: '[UNK]' },
  });
}

const MAIN = 'a'.repeat(40);
const V2 = 'b'.repeat(40);
const setup = useScratch('mmload-tokenizer-');
let hub: string;
const env = () => ({ HF_HUB_CACHE: hub });

/** Writes models--org--name/{refs,snapshots} as huggingface_hub lays them out. */
function cacheModel(root: string, id: string, refs: Record<string, string>, words: Record<string, string[]>): void {
  const repo = join(root, `models--${id.replace('/', '--')}`);
  mkdirSync(join(repo, 'refs'), { recursive: true });
  for (const [ref, commit] of Object.entries(refs)) writeFileSync(join(repo, 'refs', ref), `${commit}\n`);
  for (const [commit, vocab] of Object.entries(words)) {
    mkdirSync(join(repo, 'snapshots', commit), { recursive: true });
    writeFileSync(join(repo, 'snapshots', commit, 'tokenizer.json'), tinyTokenizer(vocab));
  }
}

beforeAll(() => {
  hub = join(setup.work, 'hub');
  cacheModel(hub, 'acme/tiny', { main: MAIN, v2: V2 }, { [MAIN]: ['hello', 'world'], [V2]: ['world', 'hello'] });
  cacheModel(hub, 'acme/no-snapshot', { main: MAIN }, {});
});

describe('resolveTokenizer', () => {
  it('finds a Hugging Face id in the local cache by revision: main by default, a tag, or a commit hash', async () => {
    const snapshot = (commit: string) => join(hub, 'models--acme--tiny', 'snapshots', commit, 'tokenizer.json');
    expect(resolveTokenizer('acme/tiny', undefined, env())).toBe(snapshot(MAIN));
    expect(resolveTokenizer('acme/tiny', 'v2', env())).toBe(snapshot(V2));
    expect(resolveTokenizer('acme/tiny', V2, env())).toBe(snapshot(V2));
    // What it names is loaded as such: the snapshot's own vocabulary, not the bundled tokenizer's.
    expect((await loadTokenizer(resolveTokenizer('acme/tiny', 'main', env()))).encode('hello world')).toEqual([1, 2]);
    expect((await loadTokenizer(resolveTokenizer('acme/tiny', 'v2', env()))).encode('hello world')).toEqual([2, 1]);
  });

  it('looks in $HF_HUB_CACHE, else $HF_HOME/hub, else ~/.cache/huggingface/hub', () => {
    const other = join(setup.work, 'home');
    cacheModel(join(other, '.cache', 'huggingface', 'hub'), 'acme/elsewhere', { main: MAIN }, { [MAIN]: ['x'] });
    const file = join(other, '.cache', 'huggingface', 'hub', 'models--acme--elsewhere', 'snapshots', MAIN, 'tokenizer.json');
    expect(resolveTokenizer('acme/elsewhere', 'main', {}, other)).toBe(file);
    expect(resolveTokenizer('acme/elsewhere', 'main', { HF_HOME: join(other, '.cache', 'huggingface') }, '/nowhere')).toBe(file);
    expect(() => resolveTokenizer('acme/elsewhere', 'main', { HF_HUB_CACHE: hub, HF_HOME: join(other, '.cache', 'huggingface') }, other))
      .toThrow(/no tokenizer for "acme\/elsewhere"/);
  });

  it('takes a tokenizer.json or a directory holding one', () => {
    const dir = join(setup.work, 'local');
    mkdirSync(dir);
    writeFileSync(join(dir, 'tokenizer.json'), tinyTokenizer(['a']));
    expect(resolveTokenizer(dir)).toBe(join(dir, 'tokenizer.json'));
    expect(resolveTokenizer(join(dir, 'tokenizer.json'))).toBe(join(dir, 'tokenizer.json'));
    expect(() => resolveTokenizer(setup.work)).toThrow(/holds no tokenizer\.json/);
    expect(() => resolveTokenizer(join(setup.work, 'missing.json'))).toThrow(/cannot read tokenizer .*missing\.json: no such file/);
  });

  it('gives the bundled Qwen3 tokenizer for a Qwen3 or Qwen3-VL id, whatever the case', () => {
    for (const id of ['Qwen/Qwen3-VL-30B-A3B-Instruct-FP8', 'Qwen/Qwen3-8B', 'qwen/qwen3-vl-8b-instruct', 'Qwen3-0.6B']) {
      expect(resolveTokenizer(id, 'main', env())).toBeUndefined();
    }
  });

  it('refuses an id it cannot find in one line naming the id, every path tried and --use-server-token-count', () => {
    let message = '';
    try {
      resolveTokenizer('acme/absent', 'main', env());
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).not.toContain('\n');
    expect(message).toContain('"acme/absent"');
    expect(message).toContain(join(process.cwd(), 'acme', 'absent'));
    expect(message).toContain(join(hub, 'models--acme--absent', 'refs', 'main'));
    expect(message).toContain('--use-server-token-count');
    // A ref whose snapshot is missing names the snapshot's file.
    expect(() => resolveTokenizer('acme/no-snapshot', 'main', env()))
      .toThrow(join(hub, 'models--acme--no-snapshot', 'snapshots', MAIN, 'tokenizer.json'));
  });

  it("refuses aiperf's builtin (tiktoken o200k_base), which mmload does not ship", () => {
    expect(() => resolveTokenizer('builtin')).toThrow(/"builtin" is aiperf's tiktoken o200k_base, which mmload does not ship/);
  });
});

describe('defaultTokenizer (no --tokenizer: the model name)', () => {
  it("uses the model's tokenizer from the cache, or the bundled one for a Qwen3 model, without a warning", () => {
    expect(defaultTokenizer('acme/tiny', 'main', env())).toEqual({ file: join(hub, 'models--acme--tiny', 'snapshots', MAIN, 'tokenizer.json'), warning: null });
    expect(defaultTokenizer('Qwen/Qwen3-VL-30B-A3B-Instruct-FP8', 'main', env())).toEqual({ file: undefined, warning: null });
  });

  it('falls back to the bundled Qwen3 tokenizer with a warning for a model it cannot find', () => {
    const { file, warning } = defaultTokenizer('acme/absent', 'main', env());
    expect(file).toBeUndefined();
    expect(warning).toMatch(/^no tokenizer found for model "acme\/absent": not in the Hugging Face cache \(tried .*\); counting with the bundled Qwen3 tokenizer/);
    expect(warning).toContain(join(hub, 'models--acme--absent', 'refs', 'main'));
  });
});
