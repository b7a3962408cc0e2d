// Recognises an MLPerf Q3VL product-catalogue request by its user text, and finds its true category among the candidates.
import { parsePythonStringList } from './python-list.js';

/** What the simulator reads from a catalogue request. */
export interface CatalogueRequest {
  /** The user message's text, whole: the answer is seeded by it. */
  readonly userText: string;
  readonly title: string;
  readonly description: string;
  /** The candidate category paths, in the order offered. */
  readonly candidates: readonly string[];
}

/** Levels of a category path are joined by this, and split on it without stripping (as the scorer splits). */
export const LEVEL_SEPARATOR = ' > ';

/** The reference's user text: each field under its heading in a fenced block, the candidates printed as Python prints a list. */
const TITLE_HEAD = 'The title of the product is the following:\n```text\n';
const DESCRIPTION_HEAD = '\n```\n\nThe description of the product is the following:\n```text\n';
const CANDIDATES_HEAD = '\n```\n\nThe following are the possible product categories:\n```json\n';
const END = '\n```\n';

/** The last user message's text laid out as the reference lays it out, read; null for any other request. */
export function readCatalogueRequest(messages: readonly unknown[]): CatalogueRequest | null {
  const user = [...messages].reverse().find((message) => (message as { role?: unknown } | null)?.role === 'user') as { content?: unknown } | undefined;
  const content = user?.content;
  const text = typeof content === 'string' ? content
    : Array.isArray(content) ? content.map((part: { type?: unknown; text?: unknown } | null) => (part?.type === 'text' && typeof part.text === 'string' ? part.text : '')).join('')
      : null;
  return text === null ? null : parseCatalogueText(text);
}

/**
 * The title is what precedes the first description heading (titles are one short line); the candidates are what
 * follows the last candidates heading (a printed list holds no raw newline); the description is everything between,
 * code fences and all.
 */
export function parseCatalogueText(text: string): CatalogueRequest | null {
  if (!text.startsWith(TITLE_HEAD) || !text.endsWith(END)) return null;
  const description = text.indexOf(DESCRIPTION_HEAD, TITLE_HEAD.length);
  const candidates = text.lastIndexOf(CANDIDATES_HEAD);
  const listStart = candidates + CANDIDATES_HEAD.length;
  const listEnd = text.length - END.length;
  if (description < 0 || candidates < description + DESCRIPTION_HEAD.length || listStart > listEnd) return null;
  const list = parsePythonStringList(text.slice(listStart, listEnd));
  if (list === null || list.length === 0) return null;
  return {
    userText: text,
    title: text.slice(TITLE_HEAD.length, description),
    description: text.slice(description + DESCRIPTION_HEAD.length, candidates),
    candidates: list,
  };
}

/**
 * The true candidate as the catalogue gives it away: the one whose leaf (last level) occurs in the title; of several,
 * the longest leaf (the first listed of equals). Null when no candidate's leaf is in the title.
 */
export function findTruth(title: string, candidates: readonly string[]): string | null {
  let truth: string | null = null;
  let longest = 0;
  for (const candidate of candidates) {
    const leaf = candidate.split(LEVEL_SEPARATOR).at(-1)!;
    if (leaf.length > longest && title.includes(leaf)) {
      truth = candidate;
      longest = leaf.length;
    }
  }
  return truth;
}
