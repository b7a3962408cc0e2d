// Runs the stream handler over a canned vLLM-style stream so V8 compiles the per-chunk path before timing starts.
import { createRecord } from './new-record.js';
import { StreamHandler } from './stream-handler.js';

/** Enough runs for V8 to optimise the parser, the chunk scan and the event template (a few thousand events, ~30 ms). */
const RUNS = 200;
/** Bytes per simulated read in every other run: some reads hold several events, some end mid-event. */
const READ_SIZE = 300;

const SSE_HEADERS = [Buffer.from('content-type'), Buffer.from('text/event-stream')];

function noop(): void {}

/** The events of a short stream, one per read as undici hands them on: role chunk, content chunks, finish reason, usage, [DONE]. */
function cannedEvents(): Buffer[] {
  const head = '{"id":"warmup","object":"chat.completion.chunk","created":0,"model":"warmup","choices":';
  const events = [`${head}[{"index":0,"delta":{"role":"assistant","content":""},"finish_reason":null}]}`];
  for (let i = 0; i < 16; i++) {
    const finish = i === 15 ? '"length"' : 'null';
    events.push(`${head}[{"index":0,"delta":{"content":" tok${i}"},"logprobs":null,"finish_reason":${finish}}]}`);
  }
  events.push(`${head}[],"usage":{"prompt_tokens":10,"total_tokens":26,"completion_tokens":16}}`);
  events.push('[DONE]');
  return events.map((e) => Buffer.from(`data: ${e}\n\n`));
}

/** The same stream cut into reads of READ_SIZE bytes, regardless of events. */
function cutReads(events: readonly Buffer[]): Buffer[] {
  const stream = Buffer.concat(events);
  const reads: Buffer[] = [];
  for (let at = 0; at < stream.length; at += READ_SIZE) reads.push(stream.subarray(at, at + READ_SIZE));
  return reads;
}

export function warmUpHandler(): void {
  const events = cannedEvents();
  const cut = cutReads(events);
  const inFlight = new Set<StreamHandler>();
  for (let run = 0; run < RUNS; run++) {
    const handler = new StreamHandler(createRecord(run, 'warmup', 'warmup', 0), 0, true, inFlight, noop, (text) => text);
    handler.onConnect(noop);
    handler.onRequestSent();
    handler.onHeaders(200, SSE_HEADERS, noop, 'OK');
    for (const read of run % 2 === 0 ? events : cut) handler.onData(read);
    handler.onComplete();
  }
}
