// A run's token counts never happen on the thread that stamps: a counting thread for a run that goes on, after the run for a short one.
import { describe, expect, it } from 'vitest';
import { loadTokenizer } from '../src/tokenizer/load-tokenizer.js';

// The counting thread is a worker built from dist/ (npm test builds it first), so the module comes from there too;
// dist/ has no type declarations, so it is typed as the src/ module it is built from.
const { runTextCounter }: typeof import('../src/tokenizer/run-text-counter.js') = await import('../dist/tokenizer/run-text-counter.js' as string);

const PROMPT = ['You are a careful assistant.', 'Describe the picture in one sentence.'];
const REPLY = 'A red kite over a green hill, under a pale sky.';

describe('runTextCounter', () => {
  it('counts nothing while a short run goes, then everything on this thread once it ends', async () => {
    const qwen = await loadTokenizer();
    const counter = runTextCounter(qwen, undefined, 60_000);
    counter.runStarted();
    let settled = 0;
    const counts = [counter.countPrompt(PROMPT), counter.countText(REPLY)].map((p) => p.then((n) => ((settled += 1), n)));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(settled).toBe(0); // the run is still going: nothing was counted here
    counter.runEnded();
    expect(await Promise.all(counts)).toEqual([qwen.count(PROMPT.join(' ')), qwen.count(REPLY)]);
    expect(await counter.countText(REPLY)).toBe(qwen.count(REPLY)); // after the run, counted at once
    await counter.close();
  });

  it('hands a longer run\'s counts, waiting ones first, to a thread of its own, which counts them while the run goes', async () => {
    const qwen = await loadTokenizer();
    // A tokenizer that must never be used here: the thread has its own.
    const unused = { ...qwen, count: () => { throw new Error('counted on the stamping thread'); }, encode: () => [] };
    const counter = runTextCounter(unused, undefined, 10);
    const before = counter.countPrompt(PROMPT); // asked before the run started: waits for the thread
    counter.runStarted();
    const prompt = await before; // the run has not ended: only the thread can have answered
    const reply = await counter.countText(REPLY);
    expect([prompt, reply]).toEqual([qwen.count(PROMPT.join(' ')), qwen.count(REPLY)]);
    counter.runEnded();
    await counter.close();
  }, 20_000);
});
