// A synthetic row's true category and its candidate list: the truth, its parent, siblings, cousins and a decoy, shuffled.
import { shuffleInPlace } from '../../util/shuffle.js';
import { randomInt, weightedChoice, type Random } from '../../util/seeded-random.js';
import type { Taxonomy, TaxonomyNode } from './taxonomy.js';

/** Share of rows offered 9 candidates; the others get 8. */
export const NINE_CANDIDATES_SHARE = 0.35;
/** Depth of the true category: 3 to 7, shallow paths more common. */
const TRUTH_DEPTH_WEIGHTS: readonly [number, number][] = [[3, 0.22], [4, 0.3], [5, 0.25], [6, 0.14], [7, 0.09]];
const DECOY_TRIES = 50;

/** A leaf at depth 3–7, drawn by depth weight then uniformly among that depth's leaves. */
export function drawTruth(taxonomy: Taxonomy, random: Random): TaxonomyNode {
  const leaves = taxonomy.leavesByDepth[weightedChoice(random, TRUTH_DEPTH_WEIGHTS)]!;
  return leaves[Math.floor(random() * leaves.length)]!;
}

/**
 * 8 or 9 candidate paths, the truth's at a random position: the truth, its parent, 3–5 siblings, 1–2 cousins (children
 * of the parent's siblings) and usually one decoy from another top-level group. A node `offered(node)` refuses (its
 * name appears in the title) is skipped; whatever a group cannot supply is made up from wider cousins (same group and
 * depth), then decoys.
 */
export function drawCandidates(taxonomy: Taxonomy, truth: TaxonomyNode, random: Random, offered: (node: TaxonomyNode) => boolean): string[] {
  const total = random() < NINE_CANDIDATES_SHARE ? 9 : 8;
  const decoys = random() < 0.1 ? 0 : random() < 0.1 ? 2 : 1;
  const cousins = randomInt(random, 1, 2);
  const siblings = Math.max(3, Math.min(5, total - 2 - cousins - decoys));

  const chosen = new Set<TaxonomyNode>([truth]);
  const take = (pool: readonly TaxonomyNode[], count: number): void => {
    if (count <= 0 || chosen.size >= total) return;
    for (const node of shuffleInPlace([...pool], random)) {
      if (count <= 0 || chosen.size >= total) return;
      if (chosen.has(node) || !offered(node)) continue;
      chosen.add(node);
      count--;
    }
  };
  const parent = truth.parent!;
  const grandparent = parent.parent!;
  take([parent], 1);
  take(parent.children, siblings);
  take(grandparent.children.filter((uncle) => uncle !== parent).flatMap((uncle) => uncle.children), cousins);
  take(taxonomy.byGroupDepth[truth.group]![truth.depth]!, total - chosen.size - decoys);
  for (let tries = 0; chosen.size < total && tries < DECOY_TRIES; tries++) take([decoy(taxonomy, truth.group, random)], 1);
  return shuffleInPlace([...chosen].map((node) => node.path), random);
}

/** A node of any depth from a top-level group other than `group`. */
function decoy(taxonomy: Taxonomy, group: number, random: Random): TaxonomyNode {
  const other = (group + randomInt(random, 1, taxonomy.roots.length - 1)) % taxonomy.roots.length;
  const nodes = taxonomy.byGroupDepth[other]!.flat();
  return nodes[Math.floor(random() * nodes.length)]!;
}
