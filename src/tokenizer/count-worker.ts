// The token-counting worker thread: loads the tokenizer once and counts what the main thread sends, off its event loop.
import { parentPort, workerData } from 'node:worker_threads';
import { loadTokenizer } from './load-tokenizer.js';
import { inlineTextCounter } from './text-counter.js';
import type { CountReply, CountRequest, CountWorkerInit } from './count-protocol.js';

const init = workerData as CountWorkerInit;
const port = parentPort!;
loadTokenizer(init.tokenizerPath).then((tokenizer) => {
  const counter = inlineTextCounter(tokenizer);
  port.on('message', (message: CountRequest) => {
    const count = message.kind === 'prompt' ? counter.countPromptNow(message.texts) : tokenizer.count(message.texts[0] ?? '');
    port.postMessage({ id: message.id, count } satisfies CountReply);
  });
  port.postMessage({ id: -1, count: 0 } satisfies CountReply);
}, (err: Error) => port.postMessage({ id: -1, count: 0, error: err.message } satisfies CountReply));
