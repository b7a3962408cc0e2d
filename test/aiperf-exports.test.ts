// aiperf's names for failures and result files, and inputs.json streamed from request bodies' byte pieces.
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ErrorType } from '../src/client/request-record.js';
import { aiperfErrorDetails, aiperfErrorSummary, aiperfErrorType } from '../src/records/aiperf-errors.js';
import { aiperfFileNames } from '../src/report/aiperf-file-names.js';
import { inputsSessions, writeInputsJson } from '../src/report/inputs-json.js';
import { buildChatTurn } from '../src/workload/request-body.js';
import { redactor } from '../src/secrets/redactor.js';
import type { PreparedRequest } from '../src/workload/prepared-request.js';
import { checkInputsJson } from './helpers/aiperf-schema.js';

describe('aiperf error names', () => {
  it('names each failure kind as aiperf\'s client does, and an HTTP error by its reason phrase', () => {
    const names: Record<ErrorType, string> = {
      timeout: 'TimeoutError',
      connection_refused: 'ClientConnectorError',
      connection_error: 'ClientConnectorError',
      stream_reset: 'ClientPayloadError',
      malformed_sse: 'JSONDecodeError',
      error_event: 'SSEResponseError',
      empty_response: 'InvalidInferenceResultError',
      cancelled: 'RequestCancellationError',
      client_error: 'RuntimeError',
      http_error: 'Internal Server Error',
    };
    for (const [type, name] of Object.entries(names)) expect(aiperfErrorType(type as ErrorType, 500)).toBe(name);
    expect([400, 401, 404, 429, 503, 504].map((code) => aiperfErrorType('http_error', code)))
      .toEqual(['Bad Request', 'Unauthorized', 'Not Found', 'Too Many Requests', 'Service Unavailable', 'Gateway Timeout']);
    expect(aiperfErrorType('http_error', 599)).toBe('HTTP 599');
  });

  it('gives code 499 to a cancelled request and leaves out an absent code', () => {
    expect(aiperfErrorDetails({ code: null, type: 'cancelled', message: 'interrupted' })).toEqual({ code: 499, type: 'RequestCancellationError', message: 'interrupted' });
    expect(aiperfErrorDetails({ code: null, type: 'timeout', message: 'after 600 s' })).toEqual({ type: 'TimeoutError', message: 'after 600 s' });
    expect(aiperfErrorDetails({ code: 503, type: 'http_error', message: 'busy' })).toEqual({ code: 503, type: 'Service Unavailable', message: 'busy' });
  });

  it('merges failures that aiperf names alike, most frequent first', () => {
    expect(aiperfErrorSummary([
      { code: null, type: 'connection_error', message: 'refused', count: 1 },
      { code: 503, type: 'http_error', message: 'busy', count: 2 },
      { code: null, type: 'connection_refused', message: 'refused', count: 2 },
    ])).toEqual([
      { error_details: { type: 'ClientConnectorError', message: 'refused' }, count: 3 },
      { error_details: { code: 503, type: 'Service Unavailable', message: 'busy' }, count: 2 },
    ]);
  });
});

describe('aiperf file names', () => {
  it('are aiperf\'s defaults, or the prefix with known suffixes stripped', () => {
    expect(aiperfFileNames(undefined)).toEqual({
      json: 'profile_export_aiperf.json', csv: 'profile_export_aiperf.csv', jsonl: 'profile_export.jsonl',
      timeslicesJson: 'profile_export_aiperf_timeslices.json', timeslicesCsv: 'profile_export_aiperf_timeslices.csv',
      gpuTelemetryJsonl: 'gpu_telemetry_export.jsonl',
    });
    for (const prefix of ['run', 'run.json', 'run.csv', 'run.jsonl', 'run_raw.jsonl', 'run_timeslices.csv', 'run_server_metrics.parquet', 'run_gpu_telemetry.jsonl', '/abs/dir/run.json']) {
      expect(aiperfFileNames(prefix)).toEqual({
        json: 'run.json', csv: 'run.csv', jsonl: 'run.jsonl', timeslicesJson: 'run_timeslices.json', timeslicesCsv: 'run_timeslices.csv',
        gpuTelemetryJsonl: 'run_gpu_telemetry.jsonl',
      });
    }
    expect(aiperfFileNames('my.run').json).toBe('my.run.json');
  });
});

/** `text` cut into pieces of `size` bytes, so pieces split strings, escapes and multi-byte characters. */
function pieces(text: string, size: number): Buffer[] {
  const bytes = Buffer.from(text);
  const out: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += size) out.push(bytes.subarray(i, i + size));
  return out;
}

const BODIES: unknown[] = [
  {
    model: 'm', stream: true, stream_options: { include_usage: true }, max_completion_tokens: 50, empty: {}, none: [], flag: false, nothing: null,
    messages: [
      { role: 'system', content: 'You are "helpful": {not [json]}, back\\slash, tab\t, line\nbreak, unicode é 漢字 😀' },
      { role: 'user', content: [{ type: 'text', text: 'a, b: c' }, { type: 'image_url', image_url: { url: 'data:image/jpeg;base64,/9j/4AAQSkZJRg==' } }] },
    ],
    nested: [[1, [2, []]], { a: { b: { c: -1.5e-7 } } }],
  },
  { model: 'm', messages: [{ role: 'user', content: '' }], stream: false },
];

describe('writeInputsJson', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });
  const request = (index: number, body: unknown, size = 5): PreparedRequest => {
    const compact = JSON.stringify(body);
    return { index, body: pieces(compact, size), bodyBytes: Buffer.byteLength(compact), promptTexts: [], images: [], imageIds: [], expectedIsl: null, timestampMs: null, requestedOsl: null };
  };

  it('writes one session per distinct entry, its body as sent, laid out as aiperf writes the file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'mmload-inputs-'));
    dirs.push(dir);
    // Byte-sized pieces: thousands of slices to write at once, more than one writev call takes.
    const long = { model: 'm', stream: true, messages: [{ role: 'user', content: 'x\\"y '.repeat(1000) }] };
    const [a, b, c] = [request(0, BODIES[0]), request(1, BODIES[1]), request(7, long, 1)];
    // A workload that wrapped around: three distinct entries.
    const path = await writeInputsJson(dir, inputsSessions({ entries: [a!, b!, c!, a!, b!] }), redactor([]));
    expect(path).toBe(join(dir, 'inputs.json'));
    const text = await readFile(path, 'utf8');
    const expected = { data: [
      { session_id: 'session_000000', payloads: [BODIES[0]] },
      { session_id: 'session_000001', payloads: [BODIES[1]] },
      { session_id: 'session_000007', payloads: [long] },
    ] };
    expect(text).toBe(JSON.stringify(expected, null, 2));
    expect(checkInputsJson(text)).toEqual([]);
    expect(await readdir(dir)).toEqual(['inputs.json']); // no temporary file left behind
  });

  it('writes a conversation as one session with each turn alone, by the conversation\'s id', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'mmload-inputs-'));
    dirs.push(dir);
    const turn = (index: number, text: string) => {
      const { request, message } = buildChatTurn({ index, model: 'm', texts: [text], images: [], imageIds: [], extraInputs: {} }, 'user');
      return { request, message, texts: [text], delayMs: 0, messageTokens: null };
    };
    const conversations = [{ id: 'chat-a', withHistory: true, turns: [turn(0, 'first'), turn(1, 'second')] }, { id: 'chat-b', withHistory: true, turns: [turn(2, 'third')] }];
    const text = await readFile(await writeInputsJson(dir, inputsSessions({ entries: [], sessions: { conversations, turns: undefined, sessions: undefined } }), redactor([])), 'utf8');
    const body = (content: string) => ({ messages: [{ role: 'user', content }], model: 'm', stream: true, stream_options: { include_usage: true } });
    expect(JSON.parse(text)).toEqual({ data: [
      { session_id: 'chat-a', payloads: [body('first'), body('second')] },
      { session_id: 'chat-b', payloads: [body('third')] },
    ] });
    expect(checkInputsJson(text)).toEqual([]);
  });

  it('writes an empty list when there is nothing to send', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'mmload-inputs-'));
    dirs.push(dir);
    expect(await readFile(await writeInputsJson(dir, [], redactor([])), 'utf8')).toBe(JSON.stringify({ data: [] }, null, 2));
  });
});
