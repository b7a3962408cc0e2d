// accuracy.txt in the reference's layout: the hierarchical F1 as JSON, then the sha256 of that JSON.
import { createHash } from 'node:crypto';
import { pythonFloatRepr } from './python-float-repr.js';

/** The JSON line the reference hashes: `{"f1": <f1 as Python writes a float>}`. */
function accuracyResultJson(f1: number): string {
  return `{"f1": ${pythonFloatRepr(f1)}}`;
}

/** "Results\n\n" + the JSON + "\n\nhash=" + its sha256 in hex, with no newline at the end. */
export function accuracyText(f1: number): string {
  const json = accuracyResultJson(f1);
  return `Results\n\n${json}\n\nhash=${createHash('sha256').update(json).digest('hex')}`;
}
