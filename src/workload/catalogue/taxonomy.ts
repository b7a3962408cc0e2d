// mmload's built-in synthetic product taxonomy: 26 top-level groups, category paths of depth 1 to 7 joined by " > ".
import { createRandom, randomInt, type Random } from '../../util/seeded-random.js';
import { AUDIENCES, GENERIC_NOUNS, MODIFIERS, QUALIFIERS, TOP_LEVEL_GROUPS, type TopLevelGroup } from './taxonomy-words.js';

/** What joins the levels of a category path, exactly as the reference's paths do. */
export const CATEGORY_SEPARATOR = ' > ';
export const MAX_DEPTH = 7;

export interface TaxonomyNode {
  /** This level's own name. */
  readonly name: string;
  /** The full path from the top-level group, levels joined by CATEGORY_SEPARATOR. */
  readonly path: string;
  /** 1 for a top-level group. */
  readonly depth: number;
  readonly parent: TaxonomyNode | null;
  readonly children: readonly TaxonomyNode[];
  /** Index of its top-level group. */
  readonly group: number;
}

export interface Taxonomy {
  readonly roots: readonly TaxonomyNode[];
  /** Every node of group g at depth d: byGroupDepth[g][d] (index 0 unused). */
  readonly byGroupDepth: readonly (readonly (readonly TaxonomyNode[])[])[];
  /** The leaves at depth d, every group together: leavesByDepth[d]. */
  readonly leavesByDepth: readonly (readonly TaxonomyNode[])[];
}

/** The taxonomy is the same for every --seed: a catalogue's categories do not depend on how its rows are drawn. */
const TAXONOMY_SEED = 0x74617879;
/** Children of every inner node. */
const CHILDREN = [4, 7] as const;
/** Below the second level, a child has children of its own with this chance (one child always does, down to MAX_DEPTH). */
const BRANCH_CHANCE = 0.1;
/** Longest level name: a title holds a brand and a leaf's name within 60 characters. */
export const MAX_NAME_LENGTH = 40;
const NAME_TRIES = 200;

let built: Taxonomy | undefined;

/** The built-in taxonomy, built once (about 8,000 nodes). */
export function builtInTaxonomy(): Taxonomy {
  built ??= buildTaxonomy();
  return built;
}

interface MutableNode extends TaxonomyNode {
  children: MutableNode[];
}

function buildTaxonomy(): Taxonomy {
  const random = createRandom(TAXONOMY_SEED);
  const used = new Set<string>();
  const roots = TOP_LEVEL_GROUPS.map((group, g) => {
    used.add(group.name.toLowerCase());
    const root: MutableNode = { name: group.name, path: group.name, depth: 1, parent: null, children: [], group: g };
    grow(root, group, random, used);
    return root;
  });
  const byGroupDepth = roots.map(() => Array.from({ length: MAX_DEPTH + 1 }, () => [] as TaxonomyNode[]));
  const leavesByDepth = Array.from({ length: MAX_DEPTH + 1 }, () => [] as TaxonomyNode[]);
  const visit = (node: TaxonomyNode): void => {
    byGroupDepth[node.group]![node.depth]!.push(node);
    if (node.children.length === 0) leavesByDepth[node.depth]!.push(node);
    node.children.forEach(visit);
  };
  roots.forEach(visit);
  return { roots, byGroupDepth, leavesByDepth };
}

/** Gives `node` 4–7 children; every second-level node and one child of each deeper node branch on, the others with BRANCH_CHANCE. */
function grow(node: MutableNode, group: TopLevelGroup, random: Random, used: Set<string>): void {
  if (node.depth === MAX_DEPTH) return;
  const names = childNames(node, group, randomInt(random, CHILDREN[0], CHILDREN[1]), random, used);
  node.children = names.map((name) => ({ name, path: `${node.path}${CATEGORY_SEPARATOR}${name}`, depth: node.depth + 1, parent: node, children: [], group: node.group }));
  const alwaysBranches = randomInt(random, 0, node.children.length - 1);
  node.children.forEach((child, i) => {
    if (node.depth === 1 || i === alwaysBranches || random() < BRANCH_CHANCE) grow(child, group, random, used);
  });
}

/**
 * Up to `count` new names, each used nowhere else in the taxonomy, none containing or contained in (ignoring case)
 * a sibling's or an ancestor's name: so a title naming a leaf names neither its parent nor its siblings.
 */
function childNames(parent: TaxonomyNode, group: TopLevelGroup, count: number, random: Random, used: Set<string>): string[] {
  const ancestors: string[] = [];
  for (let n: TaxonomyNode | null = parent; n; n = n.parent) ancestors.push(n.name.toLowerCase());
  const names: string[] = [];
  for (let tries = 0; names.length < count && tries < NAME_TRIES; tries++) {
    const name = levelName(group, parent.depth + 1, random);
    const lower = name.toLowerCase();
    const clashes = (other: string) => other.includes(lower) || lower.includes(other);
    if (name.length > MAX_NAME_LENGTH || used.has(lower) || ancestors.some(clashes) || names.some((n) => clashes(n.toLowerCase()))) continue;
    used.add(lower);
    names.push(name);
  }
  return names;
}

/** One level's name: a bare noun near the top, deeper down a noun with a modifier, a partner, an audience or a qualifier. */
function levelName(group: TopLevelGroup, depth: number, random: Random): string {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const noun = pick(group.nouns);
  const roll = random();
  if (depth === 2 && roll < 0.4) return noun;
  if (roll < 0.45) return `${pick(MODIFIERS)} ${noun}`;
  if (roll < 0.65) return `${noun} & ${pick(group.nouns.filter((other) => other !== noun))}`;
  if (roll < 0.8) return `${pick(GENERIC_NOUNS)} for ${noun}`;
  if (roll < 0.9) return `${pick(AUDIENCES)} ${noun}`;
  return `${noun} (${pick(QUALIFIERS)})`;
}
