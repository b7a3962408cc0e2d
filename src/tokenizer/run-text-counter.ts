// Counts a run's tokens off the thread that stamps: on a thread of its own for a run that goes on, after the run for a short one.
import type { TokenCounter } from './token-counter.js';
import { inlineTextCounter, type TextCounter } from './text-counter.js';
import { workerTextCounter } from './worker-text-counter.js';

/**
 * A run still going after this long gets a counting thread; a shorter one is counted after it ends, on the main thread,
 * which costs less than a thread and a second copy of the tokenizer (about 1.2 s of CPU to load). Its records wait in
 * memory for their counts until the thread is up.
 */
const THREAD_AFTER_MS = 3000;

export interface RunTextCounter extends TextCounter {
  /** The run has started: a counting thread starts THREAD_AFTER_MS from now unless the run has ended by then. */
  runStarted(): void;
  /** The run has ended: whatever no thread took is counted now, on this thread. */
  runEnded(): void;
}

interface Ask {
  readonly kind: 'prompt' | 'text';
  readonly texts: readonly string[];
  readonly resolve: (count: number) => void;
  readonly reject: (err: Error) => void;
}

/**
 * Nothing is counted on the calling thread while the run goes: counts asked for before the thread is ready wait
 * (the thread takes them once its tokenizer has loaded), or are counted with `tokenizer` once the run has ended.
 * A thread that fails to start leaves its counts to the end of the run likewise.
 */
export function runTextCounter(tokenizer: TokenCounter, tokenizerPath: string | undefined, threadAfterMs = THREAD_AFTER_MS): RunTextCounter {
  const inline = inlineTextCounter(tokenizer);
  let waiting: Ask[] = [];
  let thread: TextCounter | null = null;
  let ended = false;
  let closed = false;
  let timer: NodeJS.Timeout | null = null;

  const hand = (counter: TextCounter, ask: Ask): void => {
    (ask.kind === 'prompt' ? counter.countPrompt(ask.texts) : counter.countText(ask.texts[0]!)).then(ask.resolve, ask.reject);
  };
  const countHere = (ask: Ask): void => ask.resolve(ask.kind === 'prompt' ? inline.countPromptNow(ask.texts) : tokenizer.count(ask.texts[0]!));
  const ask = (kind: Ask['kind'], texts: readonly string[]): Promise<number> => new Promise<number>((resolve, reject) => {
    const request = { kind, texts, resolve, reject };
    if (thread !== null) hand(thread, request);
    else if (ended) countHere(request);
    else waiting.push(request);
  });
  const startThread = (): void => {
    timer = null;
    workerTextCounter(tokenizerPath).then((started) => {
      if (ended || closed) return void started.close();
      thread = started;
      for (const request of waiting) hand(started, request);
      waiting = [];
    }, () => {}); // a thread that cannot start leaves the counting to the end of the run
  };
  return {
    countPrompt: (texts) => ask('prompt', texts),
    countText: (text) => ask('text', [text]),
    runStarted() {
      if (!ended && timer === null && thread === null) timer = setTimeout(startThread, threadAfterMs);
    },
    runEnded() {
      ended = true;
      if (timer !== null) clearTimeout(timer);
      timer = null;
      for (const request of waiting) countHere(request);
      waiting = [];
    },
    async close() {
      closed = true;
      if (timer !== null) clearTimeout(timer);
      await thread?.close();
    },
  };
}
