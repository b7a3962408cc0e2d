// SSE parser: events survive any split of the byte stream, both line endings, comments, ids, multi-line data and error events.
import { describe, expect, it } from 'vitest';
import { SseParser } from '../src/client/sse-parser.js';

/** A stream written with `\n` line breaks; `eol` swaps them for another ending. */
function stream(eol: string): Buffer {
  const lines = [
    ': keep-alive',
    'data: {"choices":[{"delta":{"role":"assistant","content":""}}]}',
    '',
    'event: message',
    'id: 7',
    'data:{"choices":[{"delta":{"content":"héllo 😀"}}]}',
    '',
    'retry: 1000',
    'data: first line',
    'data:second line',
    'data',
    '',
    ': comment between events',
    '',
    'data: [DONE]',
    '',
  ];
  return Buffer.from(lines.map((line) => line + eol).join(''));
}

const EXPECTED = [
  '{"choices":[{"delta":{"role":"assistant","content":""}}]}',
  '{"choices":[{"delta":{"content":"héllo 😀"}}]}',
  'first line\nsecond line\n',
  '[DONE]',
];

function parse(chunks: Uint8Array[]): string[] {
  const out: string[] = [];
  const parser = new SseParser((buf, start, end) => out.push(buf.toString('utf8', start, end)), (text) => out.push(`error: ${text}`));
  for (const chunk of chunks) parser.feed(chunk);
  return out;
}

describe.each([
  ['LF', '\n'],
  ['CRLF', '\r\n'],
])('SseParser with %s line endings', (_name, eol) => {
  const bytes = stream(eol);

  it('reads a stream delivered in one read (several events per read)', () => {
    expect(parse([bytes])).toEqual(EXPECTED);
  });

  it('reads the same events whatever byte position the stream is split at', () => {
    for (let at = 0; at <= bytes.length; at++) {
      expect(parse([bytes.subarray(0, at), bytes.subarray(at)]), `split at ${at}`).toEqual(EXPECTED);
    }
  });

  it('reads the stream one byte per read (inside CRLF pairs and multi-byte characters)', () => {
    const single = Array.from(bytes, (_b, i) => bytes.subarray(i, i + 1));
    expect(parse(single)).toEqual(EXPECTED);
  });

  it('splits at every pair of positions into three reads', () => {
    for (let a = 0; a < bytes.length; a += 3) {
      for (let b = a; b <= bytes.length; b += 5) {
        expect(parse([bytes.subarray(0, a), bytes.subarray(a, b), bytes.subarray(b)])).toEqual(EXPECTED);
      }
    }
  });
});

describe('SseParser details', () => {
  it('accepts mixed line endings within one stream', () => {
    const mixed = Buffer.from('data: a\r\n\ndata: b\n\r\ndata: c\r\ndata: d\n\n');
    expect(parse([mixed])).toEqual(['a', 'b', 'c\nd']);
  });

  it('the split point inside a multi-byte character does not corrupt the text', () => {
    const bytes = Buffer.from('data: 😀😀\n\n');
    const inside = bytes.indexOf(Buffer.from('😀')) + 2;
    expect(parse([bytes.subarray(0, inside), bytes.subarray(inside)])).toEqual(['😀😀']);
  });

  it('does not deliver an event until its blank line arrives, and drops one left open at the end', () => {
    const out: string[] = [];
    const parser = new SseParser((buf, start, end) => out.push(buf.toString('utf8', start, end)), (text) => out.push(`error: ${text}`));
    parser.feed(Buffer.from('data: one\n'));
    expect(out).toEqual([]);
    parser.feed(Buffer.from('\ndata: two\n'));
    expect(out).toEqual(['one']);
  });

  it('ignores fields whose name only starts with "data" and keeps the space after the first one', () => {
    expect(parse([Buffer.from('database: x\ndata:  two spaces\n\n')])).toEqual([' two spaces']);
  });

  it('takes plain Uint8Array input as well as Buffers', () => {
    const bytes = new TextEncoder().encode('data: {"a":1}\n\n');
    expect(parse([bytes.subarray(0, 5), bytes.subarray(5)])).toEqual(['{"a":1}']);
  });

  it('hands on a server\'s errors: an `error:` line at once, an `event: error` event\'s data as the error, whatever the split', () => {
    const bytes = Buffer.from([
      'data: a', '', 'error: {"code":500,"message":"slot unavailable"}', '',
      'event: error', 'data: {"error":{"message":"overloaded"}}', 'data: second line', '', 'event:error', '',
      'event: message', 'data: b', '', 'eventual: error', 'errors: x', 'data: c', '', '',
    ].join('\r\n'));
    const expected = ['a', 'error: {"code":500,"message":"slot unavailable"}', 'error: {"error":{"message":"overloaded"}}\nsecond line', 'error: ', 'b', 'c'];
    for (let at = 0; at <= bytes.length; at++) {
      expect(parse([bytes.subarray(0, at), bytes.subarray(at)]), `split at ${at}`).toEqual(expected);
    }
  });

  it('a comment-only stream delivers nothing', () => {
    expect(parse([Buffer.from(': ping\n\n: ping\n\n')])).toEqual([]);
  });
});

describe('SseParser.idle', () => {
  it('is true only between events with nothing carried over', () => {
    const parser = new SseParser(() => undefined, () => undefined);
    expect(parser.idle).toBe(true);
    parser.feed(Buffer.from('data: {"a"'));
    expect(parser.idle).toBe(false); // an unfinished line is carried over
    parser.feed(Buffer.from(':1}\n'));
    expect(parser.idle).toBe(false); // an event with its data line, waiting for the blank line
    parser.feed(Buffer.from('\n: keep-alive\n'));
    expect(parser.idle).toBe(false); // a comment opens an event too
    parser.feed(Buffer.from('\n'));
    expect(parser.idle).toBe(true);
  });
});
