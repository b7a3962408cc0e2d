// Bad input named plainly: each message says what is wrong in one line, exits 2, sends nothing and leaves no results behind.
import { spawnSync } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './helpers/run-cli.js';
import { useScratch } from './helpers/shared-setup.js';

/** A small text-only generated workload, so a run would start quickly were the input good. */
const SMALL = ['--images-per-request', '0', '--user-text-tokens', '32', '--shared-system-prompt-length', '0', '--output-tokens', '0', '--request-count', '2'];
const setup = useScratch('mmload-messages-', { model: 'test-model', outputTokens: 2 });

/**
 * Runs mmload in an empty directory of its own (so a default results directory would show) and expects exit 2 with
 * exactly `message` as its one line; nothing sent, nothing written. `wrap` runs the command inside another.
 */
async function expectMessage(args: string[], message: string | RegExp, wrap?: (command: string[]) => string[]) {
  const cwd = mkdtempSync(join(setup.work, 'run-'));
  const sent = setup.server.log.length;
  const result = await runCli(args, { cwd, ...(wrap ? { wrap } : {}) });
  expect(result.stderr).toMatch(typeof message === 'string' ? new RegExp(`^mmload: ${escape(message)}\n$`) : message);
  expect(result.code).toBe(2);
  expect(readdirSync(cwd)).toEqual([]);
  expect(setup.server.log.length).toBe(sent);
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const url = () => `127.0.0.1:${setup.server.port}`;

describe('a value outside a flag\'s choices', () => {
  it('is named on one line with the choices', async () => {
    await expectMessage(['profile', '--url', url(), '--preset', 'nope'], 'Invalid values: Argument: preset, Given: "nope", Choices: "scenario-a", "scenario-b", "cache-ab", "chat-reuse"');
  });
});

describe('a number flag given no number names the text as typed', () => {
  it.each([
    [['--concurrency', 'abc'], "--concurrency must be a number (got 'abc')"],
    [['profile', '--request-rate=12x'], "--request-rate must be a number (got '12x')"],
    [['--num-requests', 'many'], "--num-requests must be a number (got 'many')"],
    [['--image-size', '512', 'wide'], "--image-size must be a number (got 'wide')"],
    [['--concurrency'], '--concurrency needs a number'],
  ])('%j', async (args, message) => {
    await expectMessage([...SMALL, '--url', url(), ...args], message);
  });

  it('in a --config file too', async () => {
    const config = join(setup.work, 'run.yaml');
    writeFileSync(config, 'concurrency: lots\n');
    await expectMessage([...SMALL, '--url', url(), '--config', config], "--concurrency must be a number (got 'lots')");
  });
});

describe('a run flag outside its range', () => {
  it.each([
    [['--workers', 'two'], '--workers must be a whole number of threads (1 or more) or auto, not two'],
    [['--failed-request-threshold', '10'], '--failed-request-threshold must be a fraction from 0 to 1 (got 10)'],
  ])('%j', async (args, message) => {
    await expectMessage([...SMALL, '--url', url(), ...args], message);
  });
});

describe('images of an input file', () => {
  const input = (name: string, line: object) => {
    const dir = mkdtempSync(join(setup.work, 'input-'));
    writeFileSync(join(dir, 'empty.png'), '');
    writeFileSync(join(dir, name), `${JSON.stringify({ text: 'first' })}\n${JSON.stringify(line)}\n`);
    return join(dir, name);
  };

  it('a data URL whose base64 is invalid', async () => {
    const file = input('dataurl.jsonl', { text: 'look', image: 'data:image/png;base64,!!!' });
    await expectMessage(['--url', url(), '--input-file', file],
      `${file}:2: the data URL's base64 is invalid ("!" at character 1 of the data): data:image/png;base64,!!!`);
  });

  it('an image file of 0 bytes', async () => {
    const file = input('empty.jsonl', { text: 'look', image: 'empty.png' });
    await expectMessage(['--url', url(), '--input-file', file], new RegExp(`^mmload: ${escape(file)}:2: image file is empty \\(0 bytes\\): empty\\.png \\(.*empty\\.png\\)\n$`));
  });
});

describe('a results directory that cannot be', () => {
  it.each(['/proc', '/sys'])('under %s: the kernel\'s own file systems are refused (no endless retry)', async (root) => {
    const dir = `${root}/mmload-results`;
    await expectMessage([...SMALL, '--url', url(), '--artifact-dir', dir],
      `--artifact-dir ${dir} is under ${root}, the kernel's own file system; choose another directory`);
    expect(existsSync(dir)).toBe(false);
  });

  it('a path under a regular file', async () => {
    const file = join(setup.work, 'plain-file');
    writeFileSync(file, 'not a directory');
    await expectMessage([...SMALL, '--url', url(), '--artifact-dir', join(file, 'results')],
      `--artifact-dir ${join(file, 'results')} cannot be written: ${file} is not a directory`);
  });

  // A read-only mount needs a mount namespace of our own (unshare: Linux with user namespaces); as root, chmod stops nothing.
  const readOnly = join(tmpdir(), `mmload-read-only-${process.pid}`);
  const inNamespace = (command: string[]) => ['unshare', '--user', '--map-root-user', '--mount', 'sh', '-c',
    `mount -t tmpfs -o ro tmpfs "$0" && exec "$@"`, readOnly, ...command];
  const namespaces = (() => {
    mkdirSync(readOnly, { recursive: true });
    return spawnSync('unshare', ['--user', '--map-root-user', '--mount', 'sh', '-c', `mount -t tmpfs -o ro tmpfs "$0"`, readOnly]).status === 0;
  })();
  afterAll(() => rmSync(readOnly, { recursive: true, force: true }));

  it.skipIf(!namespaces)('a read-only file system, for a new directory, an existing one and the default one', async () => {
    await expectMessage([...SMALL, '--url', url(), '--artifact-dir', join(readOnly, 'new', 'run')],
      `--artifact-dir ${join(readOnly, 'new', 'run')} cannot be written: cannot create ${join(readOnly, 'new')} (read-only file system)`, inNamespace);
    await expectMessage([...SMALL, '--url', url(), '--artifact-dir', readOnly],
      `--artifact-dir ${readOnly} cannot be written: read-only file system`, inNamespace);
    await expectMessage([...SMALL, '--url', url()],
      /^mmload: the results directory results\/\S+ cannot be written: cannot create \S+\/results \(read-only file system\)\n$/,
      (command) => inNamespace(['sh', '-c', `cd "$0" && exec "$@"`, readOnly, ...command]));
  });
});

describe('a server that lists no models', () => {
  let web: Server;
  beforeAll(async () => {
    web = createServer((_, res) => res.writeHead(404, { 'content-type': 'text/html' }).end('<html><body>Not Found</body></html>'));
    await new Promise<void>((resolve) => web.listen(0, '127.0.0.1', resolve));
  });
  afterAll(() => new Promise<void>((resolve) => web.close(() => resolve())));

  it('an HTML 404 at /v1/models: the wrong address, or pass --model', async () => {
    const origin = `http://127.0.0.1:${(web.address() as AddressInfo).port}`;
    await expectMessage([...SMALL, '--url', origin],
      `the server at ${origin} answered HTTP 404 (HTML, not JSON) at /v1/models: check --url (the server's address, with any path prefix), or pass --model`);
  });
});

describe('MLPerf Q3VL inputs', () => {
  it('a user.conf key mmload does not implement, named with its file and line', async () => {
    const conf = join(setup.work, 'user.conf');
    writeFileSync(conf, '*.Server.target_qps = 5\n*.Server.max_async_queries = 8\n');
    await expectMessage(['profile', '--url', url(), '--scenario', 'mlperf-server', '--server-target-qps', '5', '--mlperf-user-conf', conf],
      `${conf}:2: max_async_queries is not a user.conf key mmload implements (it reads target_qps, min_duration, min_query_count, target_latency, target_latency_percentile, performance_sample_count_override)`);
  });

  it('a catalogue file that is not parquet, named', async () => {
    const file = join(setup.work, 'train-00000-of-00001.parquet');
    writeFileSync(file, 'not a parquet file at all');
    await expectMessage(['profile', '--url', url(), '--custom-dataset-type', 'mlperf_q3vl', '--input-file', file], new RegExp(`^mmload: .*${escape(file)}.*\n$`));
  });
});

describe('conversation flags', () => {
  it.each([
    [['profile', '--conversation-turn-mean', '0'], '--conversation-turn-mean must be an integer >= 1 (got 0)'],
    [['profile', '--session-turns-mean', '3', '--session-delay-ratio', '-1'], '--conversation-turn-delay-ratio must be a number >= 0 (got -1)'],
    [['profile', '--conversation-turn-mean', '1,2'], '--conversation-turn-mean 1,2 is an aiperf parameter sweep; mmload takes one value: mmload sweep varies only --concurrency or --request-rate'],
    [['--preset', 'chat-reuse', '--follow-up-images', '-2'], '--follow-up-images must be a number >= 0 (got -2)'],
    [['generate', '--turns', '3', '--turn-delay-ms', '-1', '--output-dir', 'out'], '--conversation-turn-delay-mean must be a number >= 0 (ms) (got -1)'],
    [['generate', '--preset', 'chat-reuse', '--image-uuids', '--output-dir', 'out'], '--image-uuids applies to single_turn files; a multi_turn file carries the images alone'],
  ])('%j', async (args, message) => {
    await expectMessage([...args, ...(args[0] === 'generate' ? [] : ['--url', url()])], message);
  });

  it('--inter-turn-delay-cap-seconds is accepted with a notice: aiperf\'s multi_turn and synthetic sessions ignore it too', async () => {
    await expectMessage(['profile', '--url', url(), '--inter-turn-delay-cap-seconds', '5', '--conversation-turn-mean', '0'],
      /^mmload: --inter-turn-delay-cap-seconds ignored: aiperf caps the recorded delays of trace replays with it, not those of multi_turn files or synthetic conversations; .*\nmmload: --conversation-turn-mean must be an integer >= 1 \(got 0\)\n$/);
  });
});
