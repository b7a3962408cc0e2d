// Splits an answer into the text of each of its tokens, so a streamed reply's chunks add up to exactly the answer.
import type { TokenCounter } from '../tokenizer/token-counter.js';

/**
 * One text per token of `text`: token k's text is what decoding the first k+1 tokens adds. A token that ends inside a
 * character (or whose decoding strays from the text) adds nothing until the text is whole again; the last token takes
 * whatever is left. The texts joined are `text`, and there are exactly as many as the tokenizer counts.
 */
export function answerTokenTexts(tokenizer: TokenCounter, text: string): string[] {
  const ids = tokenizer.encode(text);
  const texts: string[] = [];
  let done = 0;
  for (let k = 1; k < ids.length; k++) {
    const prefix = tokenizer.decode(ids.slice(0, k));
    const whole = prefix.length >= done && !prefix.endsWith('\ufffd') && text.startsWith(prefix);
    texts.push(whole ? text.slice(done, prefix.length) : '');
    if (whole) done = prefix.length;
  }
  if (ids.length > 0) texts.push(text.slice(done));
  return texts;
}
