// The simulator's answer to a catalogue request: the true category with probability P, else a sibling or the parent, or unparsable text.
import { createHash } from 'node:crypto';
import { createRandom, deriveSeed, type Random } from '../util/seeded-random.js';
import { findTruth, LEVEL_SEPARATOR, type CatalogueRequest } from './catalogue-request.js';

/** --mlperf-answer-accuracy and --mlperf-unparsable-rate. */
export interface AnswerRates {
  /** P: the share of parsable answers that name the true category. */
  readonly accuracy: number;
  /** u: the share of answers the scorer cannot parse. */
  readonly unparsableRate: number;
}

/** truth: I=P=T=d; sibling: I=d−1, P=T=d; parent: I=P=d−1, T=d; unparsable: I=0, P=T=d (the scorer pads). */
export type AnswerKind = 'truth' | 'sibling' | 'parent' | 'unparsable';

export interface CatalogueAnswer {
  readonly kind: AnswerKind;
  /** The true category as read from the request; the first candidate when the title names none (truthKnown false). */
  readonly truth: string;
  readonly truthKnown: boolean;
  /** The category the answer names (inside the broken text, for an unparsable one). */
  readonly category: string;
  /** The reply's content. */
  readonly text: string;
}

/** A depth-1 truth's wrong answer when no other candidate has another top level (the name is not the truth's). */
const OTHER_TOP_LEVEL = 'Other';

/**
 * Seeded by `seed` and the user text, so a request gets the same answer whatever its arrival order: unparsable with
 * probability u; else the truth with probability P; else, evenly, a sibling (a candidate of the same depth under the
 * same parent; if none, the parent) or the parent (the truth without its last level). A depth-1 truth has no parent:
 * its wrong answers are all "siblings", another top-level name from the candidates (else "Other").
 */
export function answerCatalogue(request: CatalogueRequest, rates: AnswerRates, seed: number): CatalogueAnswer {
  const random = createRandom(deriveSeed(seed, createHash('sha256').update(request.userText).digest().readUInt32LE(0)));
  const found = findTruth(request.title, request.candidates);
  const truth = found ?? request.candidates[0]!;
  const base = { truth, truthKnown: found !== null };
  if (random() < rates.unparsableRate) {
    const text = unparsable(answerText(request, truth), random);
    return { ...base, kind: 'unparsable', category: truth, text };
  }
  const { kind, category } = random() < rates.accuracy ? { kind: 'truth' as const, category: truth } : wrongCategory(truth, request.candidates, random);
  return { ...base, kind, category, text: answerText(request, category) };
}

/** The other candidates of the truth's depth under the truth's parent. */
export function siblingsOf(truth: string, candidates: readonly string[]): string[] {
  const levels = truth.split(LEVEL_SEPARATOR);
  const parent = levels.slice(0, -1).join(LEVEL_SEPARATOR);
  return candidates.filter((candidate) => {
    const other = candidate.split(LEVEL_SEPARATOR);
    return candidate !== truth && other.length === levels.length && other.slice(0, -1).join(LEVEL_SEPARATOR) === parent;
  });
}

function wrongCategory(truth: string, candidates: readonly string[], random: Random): { kind: 'sibling' | 'parent'; category: string } {
  const levels = truth.split(LEVEL_SEPARATOR);
  if (levels.length === 1) {
    const others = [...new Set(candidates.map((candidate) => candidate.split(LEVEL_SEPARATOR)[0]!))].filter((name) => name !== truth);
    return { kind: 'sibling', category: others.length > 0 ? pick(others, random) : truth === OTHER_TOP_LEVEL ? `${OTHER_TOP_LEVEL}s` : OTHER_TOP_LEVEL };
  }
  const siblings = random() < 0.5 ? siblingsOf(truth, candidates) : [];
  if (siblings.length > 0) return { kind: 'sibling', category: pick(siblings, random) };
  return { kind: 'parent', category: levels.slice(0, -1).join(LEVEL_SEPARATOR) };
}

function pick<T>(items: readonly T[], random: Random): T {
  return items[Math.floor(random() * items.length)]!;
}

/**
 * `{"category": …, "brand": …, "is_secondhand": …}` with Python json.dumps's separators (non-ASCII raw). The brand is
 * the title's first word; second-hand when the title or description says "second-hand" (or "secondhand") or
 * "refurbished", or the title says "used".
 */
function answerText({ title, description }: CatalogueRequest, category: string): string {
  const brand = title.trim().split(/\s+/)[0]!;
  const secondhand = /second-?hand|refurbished/i.test(`${title}\n${description}`) || /\bused\b/i.test(title);
  return `{"category": ${JSON.stringify(category)}, "brand": ${JSON.stringify(brand)}, "is_secondhand": ${secondhand}}`;
}

/** Text the reference's parser rejects: the object in a code fence, cut short, or inside a sentence. */
function unparsable(text: string, random: Random): string {
  const form = Math.floor(random() * 3);
  if (form === 0) return `\`\`\`json\n${text}\n\`\`\``;
  if (form === 1) return text.slice(0, 1 + Math.floor(random() * (text.length - 1)));
  return `Here is the product's metadata: ${text}`;
}
