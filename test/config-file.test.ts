// `--config run.yaml|json`: the built CLI against a real streaming server, with the file's flags, overrides and errors.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { readConfigFile } from '../src/cli/config-file.js';
import { runCli } from './helpers/run-cli.js';
import { useScratch } from './helpers/shared-setup.js';
import { readJson, readJsonLines } from './helpers/read-json.js';

const setup = useScratch('mmload-config-', { model: 'test-model', outputTokens: 4 });

const file = (name: string, text: string) => {
  const path = join(setup.work, name);
  writeFileSync(path, text);
  return path;
};
/** A small text-only workload, so these runs exercise configuration rather than generation. */
const small = () => `url: 127.0.0.1:${setup.server.port}\nimages-per-request: 0\nuser-text-tokens: 16\nshared-system-prompt-length: 0\noutput-tokens: 0\n`;
/** Runs mmload and returns the chat bodies the server received during that run, in a stable order. */
async function run(args: string[]) {
  const before = setup.server.log.length;
  const result = await runCli(args, { cwd: setup.work });
  const bodies = setup.server.log.slice(before).map((r) => JSON.stringify(r.body)).sort();
  return { ...result, bodies };
}
/** Every file under dir, as text. */
const allText = (dir: string): string => readdirSync(dir, { recursive: true, withFileTypes: true })
  .filter((e) => e.isFile()).map((e) => readFileSync(join(e.parentPath, e.name), 'utf8')).join('\n');

describe('mmload profile --config', () => {
  it('a YAML and a JSON file send the same requests and resolve the same configuration as the flags', async () => {
    const url = `127.0.0.1:${setup.server.port}`;
    const flags = await run(['--url', url, '--images-per-request', '1', '--images-pool', '2', '--image-size', '64', '48',
      '--user-text-tokens', '24', '--shared-system-prompt-length', '0', '--output-tokens', '0', '--random-seed', '7',
      '--request-count', '4', '--concurrency', '2', '--extra-inputs', 'max_tokens:6', '--extra-inputs', 'ignore_eos:true',
      '-H', 'X-A: 1', '--no-streaming', '--artifact-dir', join(setup.work, 'flags')]);
    const yaml = file('run.yaml', [`url: ${url}`, 'images-per-request: 1', 'images-pool: 2', 'image-size: [64, 48]', 'user-text-tokens: 24',
      'shared-system-prompt-length: 0', 'output-tokens: 0', 'random-seed: 7', 'request-count: 4', 'concurrency: 2',
      'extra-inputs:', '  - max_tokens:6', '  - ignore_eos:true', 'header: ["X-A: 1"]', 'streaming: false', `artifact-dir: ${join(setup.work, 'yaml')}`].join('\n'));
    const json = file('run.json', JSON.stringify({ url, imagesPerRequest: 1, 'images-pool': 2, 'image-size': [64, 48], 'user-text-tokens': 24,
      'shared-system-prompt-length': 0, 'output-tokens': 0, seed: 7, 'request-count': 4, concurrency: 2,
      'extra-inputs': [{ max_tokens: 6, ignore_eos: true }], header: ['X-A: 1'], streaming: false, 'artifact-dir': join(setup.work, 'json') }, null, 2));
    const fromYaml = await run(['--config', yaml]);
    const fromJson = await run(['--config', json]);

    for (const r of [flags, fromYaml, fromJson]) {
      expect(r.stderr).not.toMatch(/internal error/);
      expect(r.code).toBe(0);
    }
    expect(flags.bodies).toHaveLength(4);
    expect(JSON.parse(flags.bodies[0]!)).toMatchObject({ model: 'test-model', stream: false, max_tokens: 6, ignore_eos: true });
    expect(fromYaml.bodies).toEqual(flags.bodies);
    expect(fromJson.bodies).toEqual(flags.bodies);

    const [a, b, c] = ['flags', 'yaml', 'json'].map((d) => readJson(join(setup.work, d, 'summary.json')));
    const config = (s: { input_config: Record<string, unknown> }) => ({ ...s.input_config, cli_command: undefined });
    expect(a.input_config.endpoint.headers).toEqual({ 'X-A': '1' });
    expect(config(b)).toEqual(config(a));
    expect(config(c)).toEqual(config(a));
    expect(b.request_count.avg).toBe(4);
    expect(b.output_sequence_length.avg).toBe(a.output_sequence_length.avg);
    expect(b.input_config.cli_command).toBe(`mmload --config ${yaml}`);
  });

  it('an explicit flag overrides the file, a list flag replacing the file\'s whole list', async () => {
    const config = file('override.yaml', `${small()}request-count: 5\nextra-inputs: ["max_tokens:6", "ignore_eos:true"]\n`);
    const r = await run(['--config', config, '--request-count', '2', '--extra-inputs', 'max_tokens:3', '--artifact-dir', join(setup.work, 'override')]);
    expect(r.code).toBe(0);
    expect(r.bodies).toHaveLength(2);
    for (const body of r.bodies) {
      expect(JSON.parse(body).max_tokens).toBe(3);
      expect(JSON.parse(body)).not.toHaveProperty('ignore_eos');
    }
  });

  it('never writes an API key or secret header from the file, yet uses them', async () => {
    const key = 'sk-from-config-file-9f8e7d';
    const token = 'hdr-secret-4c3b2a';
    const config = file('secret.yaml', `${small()}api-key: ${key}\nheader: ["X-Api-Key: ${token}"]\nrequest-count: 2\n`);
    const dir = join(setup.work, 'secret');
    const r = await run(['--config', config, '--artifact-dir', dir, '--compat', 'aiperf']);
    expect(r.code).toBe(0);
    const summary = readJson(join(dir, 'summary.json'));
    // The key became an Authorization header (redacted), so it was read; it appears in no file, nor in the output.
    expect(summary.input_config.endpoint.headers).toEqual({ 'X-Api-Key': '<redacted>', Authorization: '<redacted>' });
    expect(summary.input_config.cli_command).toBe(`mmload --config ${config} --artifact-dir ${dir} --compat aiperf`);
    const written = allText(dir) + r.stdout + r.stderr;
    expect(written).not.toContain(key);
    expect(written).not.toContain(token);
  });
});

describe('aiperf flags mmload ignores', () => {
  it('are dropped from the file and the command line with a notice each, and the run goes on', async () => {
    const config = file('ignored.yaml', `${small()}request-count: 2\nui: none\nlog-level: DEBUG\ntransport: http\n`);
    const dir = join(setup.work, 'ignored');
    const r = await run(['--config', config, '--ui=simple', '--zmq-dual-bind', '--artifact-dir', dir]);
    expect(r.code).toBe(0);
    expect(r.bodies).toHaveLength(2);
    const notices = r.stderr.split('\n').filter((line) => line.includes(' ignored'));
    expect(notices).toEqual([
      expect.stringMatching(/^mmload: --ui ignored: mmload shows one live progress line/),
      expect.stringMatching(/^mmload: --zmq-dual-bind ignored: /),
      `mmload: ${config}: --ui ignored: ${notices[0]!.slice('mmload: --ui ignored: '.length)}`,
      expect.stringMatching(new RegExp(`^mmload: ${config}: --log-level ignored: `)),
      `mmload: ${config}: --transport http ignored: it is aiperf's default, and what mmload does`,
    ]);
    // The command line is saved as typed.
    expect(readJson(join(dir, 'summary.json')).input_config.cli_command).toBe(`mmload --config ${config} --ui=simple --zmq-dual-bind --artifact-dir ${dir}`);
  });
});

describe('sweep and generate --config', () => {
  it('sweep takes its list and the profile flags from the file', async () => {
    const dir = join(setup.work, 'sweep');
    const config = file('sweep.yaml', `${small()}concurrency: 1,2\nrequest-count: 4\nartifact-dir: ${dir}\n`);
    const r = await run(['sweep', '--config', config]);
    expect(r.stderr).not.toMatch(/internal error/);
    expect(r.code).toBe(0);
    expect(r.bodies).toHaveLength(8);
    const sweep = readJson(join(dir, 'sweep.json'));
    expect(sweep.points.map((p: { concurrency: number }) => p.concurrency)).toEqual([1, 2]);
  });

  it('generate takes the workload shape from the file, image-size as a list', async () => {
    const dir = join(setup.work, 'generated');
    const config = file('generate.json', JSON.stringify({ 'num-requests': 3, 'images-per-request': 1, 'image-size': [64, 48], 'output-dir': dir, output: 'g.jsonl' }));
    const r = await runCli(['generate', '--config', config], { cwd: setup.work });
    expect(r.code).toBe(0);
    const lines = readJsonLines(join(dir, 'g.jsonl'));
    expect(lines).toHaveLength(3);
    expect(await sharp(lines[0].images[0]).metadata()).toMatchObject({ width: 64, height: 48 });
  });
});

describe('--config errors: one line, exit 2, nothing sent', () => {
  const cases: [string, string, () => string, RegExp][] = [
    ['a missing file', 'missing', () => join(setup.work, 'absent.yaml'), /^mmload: cannot read config file .*absent\.yaml: no such file$/],
    ['unparsable YAML, with the line', 'yaml', () => file('bad.yaml', 'request-count: 2\nheader: [a\nurl: x\n'), /^mmload: .*bad\.yaml: .* at line 3, column 1$/],
    ['unparsable JSON, with the line', 'json', () => file('bad.json', '{"request-count": 2,\n "url" "x"}'), /^mmload: .*bad\.json: .* at line 2, column 8$/],
    ['a key that is not a flag, named with the file', 'key', () => file('typo.yaml', 'request-count: 2\nreqest-rate: 3\n'), /^mmload: .*typo\.yaml: "reqest-rate" is not a flag of this command$/],
    ['a key naming a refused aiperf flag', 'aiperf', () => file('aiperf.yaml', 'reset-kv-cache: true\n'), /^mmload: .*aiperf\.yaml: --reset-kv-cache is an aiperf flag mmload does not support: .*KV cache/],
    ['an aiperf flag at a value other than its no-op default', 'default', () => file('bust.yaml', 'cache-bust: system_prefix\n'), /^mmload: .*bust\.yaml: --cache-bust is an aiperf flag mmload does not support \(except --cache-bust none, aiperf's default\): /],
    ['an aiperf sweep list outside mmload sweep', 'sweep', () => file('sweep-list.yaml', 'concurrency: [1, 2]\n'), /^mmload: .*sweep-list\.yaml: --concurrency 1,2 is an aiperf parameter sweep; mmload takes one value: use mmload sweep --concurrency 1,2$/],
    ['a top level that is not a mapping', 'list', () => file('list.yaml', '- request-count: 2\n'), /^mmload: .*list\.yaml: the top level must map flag names to values.*\(got a list\)$/],
  ];
  it.each(cases)('%s', async (_, _name, makeFile, message) => {
    const r = await run(['--config', makeFile(), '--url', `127.0.0.1:${setup.server.port}`, '--images-per-request', '0', '--request-count', '1']);
    expect(r.code).toBe(2);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(r.stderr.trimEnd()).toMatch(message);
    expect(r.bodies).toHaveLength(0);
  });
});

describe('readConfigFile', () => {
  it('gives each value as the command line would: numbers as text, mappings as JSON text, booleans kept', () => {
    const path = file('values.yaml', 'concurrency: 4\nimage-size: [512, 512]\nextra-inputs: {max_tokens: 5}\nstreaming: false\n');
    expect(readConfigFile(path)).toEqual({ concurrency: '4', 'image-size': ['512', '512'], 'extra-inputs': '{"max_tokens":5}', streaming: false });
  });
});
