// The byte scan of stream chunks reads exactly what JSON.parse reads, or steps aside; the event template likewise.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { scanChunk, type ScannedChunk } from '../src/client/chunk-scan.js';
import { CompletionReader, type CompletionJson } from '../src/client/completion-reader.js';
import { parseJsonObject } from '../src/util/json-object.js';
import { createRecord } from '../src/client/new-record.js';
import type { RequestRecord } from '../src/client/request-record.js';
import { createChatClient } from '../src/client/chat-client.js';
import type { PreparedRequest } from '../src/workload/prepared-request.js';

const HEAD = '"id":"chatcmpl-1","object":"chat.completion.chunk","created":1732312312,"model":"Qwen/Qwen3-VL-8B-Instruct"';
const CHUNKS = [
  `{${HEAD},"choices":[{"index":0,"delta":{"role":"assistant","content":""},"logprobs":null,"finish_reason":null}]}`,
  `{${HEAD},"choices":[{"index":0,"delta":{"content":" the"},"logprobs":null,"finish_reason":null}]}`,
  `{${HEAD},"choices":[{"index":0,"delta":{"content":"line\\nbreak \\"quoted\\" \\u00e9 \\ud83d\\ude00 \\/ \\\\"},"finish_reason":null}]}`,
  `{${HEAD},"choices":[{"index":0,"delta":{"content":"héllo 😀"},"finish_reason":"length"}]}`,
  `{${HEAD},"choices":[],"usage":{"prompt_tokens":1234,"completion_tokens":56,"total_tokens":1290}}`,
  `{${HEAD},"choices":[{"index":0,"delta":{"content":"x"},"finish_reason":null}],"usage":{"prompt_tokens":10,"completion_tokens":3}}`,
  `{"id":"1","choices":[{"index":0,"delta":{"role":null,"content":"a","reasoning_content":null,"tool_calls":null},"logprobs":null,"finish_reason":null,"matched_stop":null}],"usage":null}`,
  `{"choices":[{"delta":{"reasoning_content":"think"}}]}`,
  `{"choices":[{"delta":{"reasoning":"think"}}]}`,
  `{"choices":[{"delta":{"reasoning_content":"a","content":"b"}}]}`,
  `{"choices":[{"delta":{"reasoning":"r","reasoning_content":""}}]}`,
  `{"choices":[{"delta":{"reasoning":"r","reasoning_content":null,"content":"c"}}]}`,
  `{"choices":[{"delta":{"content":"c"},"finish_reason":"stop","logprobs":{"content":[{"token":"c","logprob":-0.25,"bytes":[99],"top_logprobs":[]}]}}]}`,
  `{"choices":[{"delta":{"tool_calls":[{"index":0,"function":{"name":"f","arguments":"{\\"a\\":1}"}}]},"finish_reason":"tool_calls"}]}`,
  ` { "choices" : [ { "delta" : { "content" : "spaced" } , "finish_reason" : "weird \\u0072eason" } ] } `,
  `{"choices":[{"delta":{"content":"a"}},{"delta":{"content":"second choice"}}]}`,
  `{"usage":{"prompt_tokens":1.5e3,"completion_tokens":-0.0,"x":[true,false,null,{}]},"choices":null}`,
  `{"choices":[{"delta":null,"finish_reason":null}]}`,
  `{"choices":[],"usage":{"prompt_tokens":900,"completion_tokens":12,"prompt_tokens_details":{"cached_tokens":512},"completion_tokens_details":{"reasoning_tokens":4}}}`,
  `{"choices":[],"usage":{"prompt_tokens":9,"completion_tokens":2,"prompt_tokens_details":null,"completion_tokens_details":{"reasoning_tokens":0,"x":1}}}`,
  `{}`,
  // What the scan must leave to JSON.parse (or JSON.parse must reject):
  `{"error":{"message":"boom","code":500}}`,
  `{"choices":[{"delta":{"content":"a","content":"b"}}]}`,
  `{"choices":[{"delta":{"\\u0063ontent":"escaped key"}}]}`,
  `{"choices":[{"delta":{"content":1}}]}`,
  `{"choices":[{"delta":{"content":"a"},"finish_reason":7}]}`,
  `{"choices":{"0":{"delta":{"content":"not an array"}}}}`,
  `{"choices":[null]}`,
  `{"usage":{"completion_tokens":"3"}}`,
  `{"usage":{"completion_tokens":3,"prompt_tokens_details":{"cached_tokens":null}}}`,
  `{"choices":[{"delta":{"content":"a"}}],}`,
  `{"choices":[{"delta":{"content":"a"}}]}x`,
  `{"choices":[{"delta":{"content":"tab\there"}}]}`,
  `{"choices":[{"delta":{"content":"bad \\x escape"}}]}`,
  `{"n":01}`,
  `{"n":1.}`,
  `{"n":tru}`,
  `{'choices':[]}`,
  `[1,2]`,
  `{"choices":[{"delta":{"content":"unterminated}}]}`,
];

/** A record after reading `chunks` the way the stream handler does (scan, else JSON.parse) or by JSON.parse only. */
function read(chunks: readonly string[], scan: boolean): RequestRecord {
  const record = createRecord(0, 'profiling', 'x', 0, null);
  const reader = new CompletionReader(record, true);
  const out = {} as ScannedChunk;
  let t = 0;
  for (const chunk of chunks) {
    const buf = Buffer.from(`data: ${chunk}\n`);
    t += 1;
    if (scan && scanChunk(buf, 6, buf.length - 1, out)) {
      reader.readScanned(out, buf, t);
      continue;
    }
    const json = parseJsonObject(chunk);
    const error = json === null ? { type: 'malformed_sse' } : reader.readChunk(json as CompletionJson, t);
    if (error) {
      record.error = { code: null, type: 'malformed_sse', message: error.type };
      break;
    }
  }
  reader.finish(record.error === null);
  return record;
}

function fields(record: RequestRecord) {
  const { chunkMs, chunkTokens, usage, contentText, reasoningText, finishReason, error } = record;
  return { chunkMs, chunkTokens, usage, contentText, reasoningText, finishReason, error: error?.type ?? null };
}

describe('scanChunk', () => {
  it.each(CHUNKS.map((c) => [c]))('reads %s as JSON.parse does', (chunk) => {
    expect(fields(read([chunk], true))).toEqual(fields(read([chunk], false)));
  });

  it('gives up on nesting deep enough to exhaust the stack, leaving it to JSON.parse', () => {
    const deep = `{"choices":[{"delta":{"content":"a"},"x":${'['.repeat(200_000)}${']'.repeat(200_000)}}]}`;
    expect(scanChunk(Buffer.from(deep), 0, deep.length, {} as ScannedChunk)).toBe(false);
  });

  it('gives up on what JSON.parse must decide', () => {
    const out = {} as ScannedChunk;
    const refused = CHUNKS.slice(CHUNKS.indexOf('{"error":{"message":"boom","code":500}}'));
    for (const chunk of refused) expect(scanChunk(Buffer.from(chunk), 0, Buffer.byteLength(chunk), out), chunk).toBe(false);
  });

  it('never reads a mutated chunk differently from JSON.parse (seeded byte mutations)', () => {
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const alphabet = Buffer.from('{}[]":,\\ 0123456789.eE+-tfnulacxr\n');
    let scanned = 0;
    for (let n = 0; n < 4000; n++) {
      const base = Buffer.from(CHUNKS[Math.floor(random() * 19)]!);
      for (let k = 1 + Math.floor(random() * 3); k > 0; k--) base[Math.floor(random() * base.length)] = alphabet[Math.floor(random() * alphabet.length)]!;
      const text = base.toString('latin1');
      if (scanChunk(base, 0, base.length, {} as ScannedChunk)) scanned++;
      expect(fields(read([text], true)), text).toEqual(fields(read([text], false)));
    }
    expect(scanned).toBeGreaterThan(100);
  });

  it('reads a whole stream of chunks, usage last, as JSON.parse does', () => {
    const stream = [CHUNKS[0]!, CHUNKS[1]!, CHUNKS[2]!, CHUNKS[3]!, CHUNKS[4]!];
    expect(fields(read(stream, true))).toEqual(fields(read(stream, false)));
    const whole = read(stream, true);
    expect(whole.contentText).toBe(' theline\nbreak "quoted" é 😀 / \\héllo 😀');
    expect(whole.usage).toEqual({ promptTokens: 1234, completionTokens: 56, reasoningTokens: null, cachedTokens: null });
  });

  it('reads usage details (cached prompt tokens, reasoning tokens) and keeps reasoning text apart from content', () => {
    const stream = [CHUNKS[7]!, CHUNKS[9]!, CHUNKS[1]!, CHUNKS[CHUNKS.indexOf('{}') - 2]!];
    const record = read(stream, true);
    expect(fields(record)).toEqual(fields(read(stream, false)));
    expect(record.reasoningText).toBe('thinka');
    expect(record.contentText).toBe('b the');
    expect(record.usage).toEqual({ promptTokens: 900, completionTokens: 12, reasoningTokens: 4, cachedTokens: 512 });
  });
});

describe('event templates through the client', () => {
  const texts = [' a', ' b', '\\n', ' \\"q\\"', '', ' é', ' c'];
  let server: Server;
  let origin = '';
  /** Writes events one per write, or several glued together, or split mid-event, with CRLF or LF. */
  beforeAll(async () => {
    server = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        const eol = req.url?.includes('crlf') ? '\r\n' : '\n';
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        const events = [
          ...texts.map((t) => `data: {${HEAD},"choices":[{"index":0,"delta":{"content":"${t}"},"finish_reason":null}]}${eol}${eol}`),
          `: keep-alive${eol}${eol}`,
          `data: {${HEAD},"choices":[{"index":0,"delta":{"content":" d"},"finish_reason":null}]}${eol}${eol}`,
          `data: {${HEAD},"choices":[{"index":0,"delta":{"content":" e"},"finish_reason":"length"}]}${eol}${eol}`,
          `data: [DONE]${eol}${eol}`,
        ];
        const bytes = Buffer.from(events.join(''));
        // Whole events, one per write (the template's case) or two per write (the first read without the SSE parser,
        // the second by it), or uneven writes that cut events anywhere.
        const pieces = req.url?.includes('whole') ? events.map((e) => Buffer.from(e))
          : req.url?.includes('pairs') ? events.flatMap((e, i) => (i % 2 === 0 ? [Buffer.from(e + (events[i + 1] ?? ''))] : [])) : [];
        for (let at = 0; pieces.length === 0 || at < bytes.length; ) {
          if (at >= bytes.length) break;
          const n = 37 + ((at * 7) % 90);
          pieces.push(bytes.subarray(at, (at += n)));
        }
        const step = () => {
          const piece = pieces.shift();
          if (piece === undefined) return res.end();
          res.write(piece);
          setImmediate(step);
        };
        step();
      });
    }).listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it.each([['lf-whole'], ['crlf-whole'], ['lf-pairs'], ['crlf-pairs'], ['lf-split'], ['crlf-split']])('keeps every text and stamp exact: %s', async (mode) => {
    const client = createChatClient({ targets: [{ origin, path: `/${mode}`, modelsPath: '/' }], headers: {}, connections: 1, requestTimeoutMs: 10_000, keepText: true });
    const body = Buffer.from('{}');
    const request: PreparedRequest = { index: 0, body: [body], bodyBytes: body.length, promptTexts: [], images: [], imageIds: [], expectedIsl: null, timestampMs: null, requestedOsl: null };
    const record = await client.send(request, 'profiling');
    await client.close();
    expect(record.error).toBeNull();
    expect(record.contentText).toBe(' a b\n "q" é c d e');
    expect(record.chunkMs).toHaveLength(8); // the empty text is no chunk
    expect(record.finishReason).toBe('length');
  });
});
