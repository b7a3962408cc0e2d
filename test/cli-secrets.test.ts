// End to end: a server that echoes every credential it was sent; none of them may appear in any file or on the console.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './helpers/run-cli.js';
import { useScratch } from './helpers/shared-setup.js';
import { readJson } from './helpers/read-json.js';

const API_KEY = 'sk-live-7c1e9a04d2b8f635';
const HEADER_KEY = 'xak-3f9d2e71c0b4';
const EXTRA_KEY = 'extra-5b2c8e0f9a13';
const METRICS_TOKEN = 'mtok-8a4e6d2c1f07';
const URL_TOKEN = 'utok-2d7f9b3e5a61';
const GPU_TOKEN = 'gtok-6e1b9d4a7c35';
const SECRETS = [API_KEY, HEADER_KEY, EXTRA_KEY, METRICS_TOKEN, URL_TOKEN, GPU_TOKEN];

const setup = useScratch('mmload-secrets-');
let port: number;
const server = createServer(echoCredentials);
let chats = 0;

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

/** Everything the request carried that could be a credential, as a careless server would quote it. */
function quoted(req: IncomingMessage, body: string): string {
  const apiKey = (JSON.parse(body) as { api_key?: string }).api_key;
  return `authorization=${req.headers.authorization} x-api-key=${req.headers['x-api-key']} api_key=${apiKey} url=${req.url}`;
}

/** Chat requests in turn: a 401 quoting the credentials, a stream whose `error:` line quotes them, a success whose reply quotes them. */
function echoCredentials(req: IncomingMessage, res: ServerResponse): void {
  let body = '';
  req.on('data', (d: Buffer) => (body += d.toString()));
  req.on('end', () => {
    if (req.url!.startsWith('/v1/models')) return void res.writeHead(200, { 'content-type': 'application/json' }).end('{"data":[{"id":"echo-model"}]}');
    if (req.url!.startsWith('/dcgm')) return void res.writeHead(200, { 'content-type': 'text/plain' }).end('DCGM_FI_DEV_POWER_USAGE{gpu="0",UUID="GPU-0",modelName="H100",Hostname="h"} 300\n');
    if (req.url!.startsWith('/metrics')) return void res.writeHead(200, { 'content-type': 'text/plain' }).end(`# url ${req.url}\nvllm:num_requests_running 0\n`);
    const echo = quoted(req, body);
    const turn = chats++ % 3;
    if (turn === 0) return void res.writeHead(401, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: `invalid credentials: ${echo}` } }));
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    const chunk = (content: string, finish: string | null) => `data: ${JSON.stringify({ choices: [{ delta: { content }, finish_reason: finish }] })}\n\n`;
    if (turn === 1) res.end(`${chunk('Hello', null)}error: ${JSON.stringify({ code: 500, message: `upstream failed for ${echo}` })}\n\ndata: [DONE]\n\n`);
    else res.end(`${chunk(`you sent ${echo}`, null)}${chunk('.', 'stop')}data: [DONE]\n\n`);
  });
}

/** Every file under dir, as text. */
const allText = (dir: string): string => readdirSync(dir, { recursive: true, withFileTypes: true })
  .filter((e) => e.isFile()).map((e) => `${e.name}\n${readFileSync(join(e.parentPath, e.name), 'utf8')}`).join('\n');

describe.each([
  ['on the main thread', ['--workers', '1']],
  ['on worker threads', ['--workers', '2']],
])('a server that echoes credentials, %s', (name, workers) => {
  it('never gets them written: not in any results file, not on the console', async () => {
    const dir = join(setup.work, name.replaceAll(' ', '-'));
    const result = await runCli(['profile', '-m', 'echo-model', '--url', `http://127.0.0.1:${port}/v1?token=${URL_TOKEN}`,
      '--api-key', API_KEY, '-H', `X-Api-Key: ${HEADER_KEY}`, '--extra-inputs', `api_key:${EXTRA_KEY}`,
      '--server-metrics-url', `http://127.0.0.1:${port}/metrics?token=${METRICS_TOKEN}`, '--server-metrics-formats', 'json', 'csv', 'jsonl',
      '--gpu-telemetry', `http://127.0.0.1:${port}/dcgm/metrics?token=${GPU_TOKEN}`,
      '--synthetic-input-tokens-mean', '16', '--request-count', '6', '--concurrency', '2', '--streaming', '--verbose',
      ...workers, '--artifact-dir', dir], { cwd: setup.work });
    expect(result.stderr).not.toMatch(/internal error/);
    expect(result.code, result.stderr).toBe(0);

    const summary = readJson(join(dir, 'summary.json'));
    // The server's messages are kept, credentials masked: 2 refusals, 2 error lines, 2 successes.
    expect(summary.mmload.counts).toMatchObject({ issued: 6, completed: 2, failed: 4 });
    expect(summary.error_summary).toEqual(expect.arrayContaining([
      expect.objectContaining({ count: 2, error_details: expect.objectContaining({ code: 401, type: 'http_error', message: expect.stringMatching(/^invalid credentials: authorization=<redacted> x-api-key=<redacted> api_key=<redacted>/) }) }),
      expect.objectContaining({ count: 2, error_details: expect.objectContaining({ code: 500, type: 'error_event', message: expect.stringMatching(/^upstream failed for authorization=<redacted>/) }) }),
    ]));
    expect(result.stdout).toMatch(/401: invalid credentials: authorization=<redacted>/);
    expect(summary.mmload.server_metrics.endpoints.map((e: { url: string }) => e.url)).toEqual([`http://127.0.0.1:${port}/metrics`, `http://127.0.0.1:${port}/metrics?token=<redacted>`]);
    expect(summary.input_config.input.extra).toEqual({ api_key: '<redacted>' });
    expect(summary.input_config.cli_command).toContain(`--url 'http://127.0.0.1:${port}/v1?token=<redacted>' --api-key '<redacted>' -H 'X-Api-Key: <redacted>'`);

    const written = `${allText(dir)}\n${result.stdout}\n${result.stderr}`;
    expect(readdirSync(dir)).toEqual(expect.arrayContaining(['summary.json', 'summary.csv', 'records.jsonl', 'report.html', 'inputs.json',
      'profile_export_aiperf.json', 'profile_export_aiperf.csv', 'profile_export.jsonl',
      'server_metrics_export.json', 'server_metrics_export.csv', 'server_metrics_export.jsonl', 'gpu_telemetry_export.jsonl']));
    for (const secret of SECRETS) expect(written, secret).not.toContain(secret);
  });
});
