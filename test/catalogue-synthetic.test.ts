// The synthetic MLPerf Q3VL catalogue has the real one's shapes, names its truth in the title alone, and repeats exactly by seed.
import { describe, expect, it } from 'vitest';
import { syntheticCatalogue, type SyntheticCatalogueRow } from '../src/workload/catalogue/synthetic-catalogue.js';
import { SECONDHAND_NOTE } from '../src/workload/catalogue/synthetic-descriptions.js';
import { builtInTaxonomy, CATEGORY_SEPARATOR, MAX_NAME_LENGTH, type TaxonomyNode } from '../src/workload/catalogue/taxonomy.js';

const ROWS = 300;
const rowOf = syntheticCatalogue(7);
const rows: SyntheticCatalogueRow[] = Array.from({ length: ROWS }, (_, i) => rowOf(i));

const levels = (path: string) => path.split(CATEGORY_SEPARATOR);
const leafOf = (path: string) => levels(path).at(-1)!;
const parentOf = (path: string) => levels(path).slice(0, -1).join(CATEGORY_SEPARATOR);
const count = <T>(items: readonly T[], test: (item: T) => boolean) => items.filter(test).length;

describe('the built-in taxonomy', () => {
  const taxonomy = builtInTaxonomy();
  const nodes: TaxonomyNode[] = [];
  const visit = (node: TaxonomyNode): void => {
    nodes.push(node);
    node.children.forEach(visit);
  };
  taxonomy.roots.forEach(visit);

  it('has 26 top-level groups, paths of depth 1 to 7, names with &, -, parentheses and apostrophes', () => {
    expect(taxonomy.roots).toHaveLength(26);
    expect(new Set(nodes.map((n) => n.depth))).toEqual(new Set([1, 2, 3, 4, 5, 6, 7]));
    for (const mark of ['&', '-', '(', "'", ',']) expect(nodes.some((n) => n.name.includes(mark)), mark).toBe(true);
    for (const node of nodes) {
      expect(levels(node.path)).toHaveLength(node.depth);
      expect(leafOf(node.path)).toBe(node.name);
      expect(node.name.length).toBeLessThanOrEqual(MAX_NAME_LENGTH);
    }
  });

  it('names every level once, none containing a sibling\'s or an ancestor\'s name', () => {
    const lower = nodes.map((n) => n.name.toLowerCase());
    expect(new Set(lower).size).toBe(nodes.length);
    const clash = (a: string, b: string) => a.toLowerCase().includes(b.toLowerCase()) || b.toLowerCase().includes(a.toLowerCase());
    for (const node of nodes) {
      for (let up = node.parent; up; up = up.parent) expect(clash(node.name, up.name), `${node.path}`).toBe(false);
      for (const sibling of node.parent?.children ?? []) if (sibling !== node) expect(clash(node.name, sibling.name), `${node.path} / ${sibling.name}`).toBe(false);
    }
  });
});

describe(`a synthetic catalogue of ${ROWS} rows`, () => {
  it('draws true categories at depths 3 to 7, and candidates of depth 1 to 7', () => {
    expect(new Set(rows.map((r) => levels(r.category).length))).toEqual(new Set([3, 4, 5, 6, 7]));
    for (const row of rows) for (const c of row.candidates) expect(levels(c).length).toBeGreaterThanOrEqual(1);
    expect(Math.max(...rows.flatMap((r) => r.candidates.map((c) => levels(c).length)))).toBe(7);
  });

  it('offers 8 candidates in about 65% of rows and 9 in the rest, distinct, the truth once at varied positions', () => {
    expect(rows.every((r) => r.candidates.length === 8 || r.candidates.length === 9)).toBe(true);
    const nines = count(rows, (r) => r.candidates.length === 9) / ROWS;
    expect(nines).toBeGreaterThan(0.25);
    expect(nines).toBeLessThan(0.45);
    for (const row of rows) {
      expect(new Set(row.candidates).size).toBe(row.candidates.length);
      expect(count(row.candidates, (c) => c === row.category)).toBe(1);
    }
    const positions = new Set(rows.map((r) => r.candidates.indexOf(r.category)));
    expect(positions).toEqual(new Set([0, 1, 2, 3, 4, 5, 6, 7, 8]));
    // Uniform over 8 or 9 places: the first place holds the truth in about 1/8.4 of rows.
    expect(count(rows, (r) => r.candidates[0] === r.category)).toBeGreaterThan(ROWS / 8.4 / 2);
  });

  it('offers the parent, siblings, and a candidate from another top-level group', () => {
    for (const row of rows) {
      expect(row.candidates).toContain(parentOf(row.category));
      const siblings = count(row.candidates, (c) => c !== row.category && parentOf(c) === parentOf(row.category));
      expect(siblings).toBeGreaterThanOrEqual(3);
    }
    const withDecoy = count(rows, (r) => r.candidates.some((c) => levels(c)[0] !== levels(r.category)[0]));
    expect(withDecoy / ROWS).toBeGreaterThan(0.7);
  });

  it("titles of 10-60 characters start with the brand and name the true leaf, and no other candidate's", () => {
    for (const row of rows) {
      expect(row.title.length).toBeGreaterThanOrEqual(10);
      expect(row.title.length).toBeLessThanOrEqual(60);
      expect(row.title.startsWith(`${row.brand} `)).toBe(true);
      expect(row.brand).not.toMatch(/\s/);
      const named = row.candidates.filter((c) => row.title.toLowerCase().includes(leafOf(c).toLowerCase()));
      expect(named).toEqual([row.category]);
    }
    expect(new Set(rows.map((r) => r.brand)).size).toBeGreaterThan(50);
  });

  it('has long-tailed descriptions, some carrying HTML, CSS and JavaScript source', () => {
    const lengths = rows.map((r) => r.description.length).sort((a, b) => a - b);
    const median = lengths[ROWS / 2]!;
    expect(median).toBeGreaterThan(150);
    expect(median).toBeLessThan(1_500);
    expect(lengths.at(-1)!).toBeGreaterThan(10 * median);
    const withSource = rows.filter((r) => r.description.includes('<script>') && r.description.includes('<style>') && r.description.includes('</div>'));
    expect(withSource.length).toBeGreaterThanOrEqual(10);
    expect(withSource.length).toBeLessThan(ROWS / 4);
  });

  it('marks well under 1% of products second-hand, each saying so in its description', () => {
    const many = Array.from({ length: 4_000 }, (_, i) => rowOf(i));
    const secondhand = many.filter((r) => r.isSecondhand);
    expect(secondhand.length).toBeGreaterThan(0);
    expect(secondhand.length / many.length).toBeLessThan(0.01);
    for (const row of secondhand) expect(row.description).toContain(SECONDHAND_NOTE);
    expect(many.filter((r) => !r.isSecondhand).some((r) => r.description.includes(SECONDHAND_NOTE))).toBe(false);
  });

  it('draws square photos of varied native sizes from 512 to 2000 pixels', () => {
    const sides = new Set(rows.map((r) => r.imageWidth));
    expect(sides).toEqual(new Set([512, 600, 800, 1000, 1024, 1200, 1500, 2000]));
    expect(rows.every((r) => r.imageWidth === r.imageHeight)).toBe(true);
  });
});

describe('determinism', () => {
  it('gives the same rows for the same seed, whatever was drawn before, and other rows for another seed', () => {
    const again = syntheticCatalogue(7);
    expect(again(123)).toEqual(rows[123]);
    expect(Array.from({ length: 50 }, (_, i) => again(i))).toEqual(rows.slice(0, 50));
    const other = syntheticCatalogue(8);
    const same = rows.slice(0, 50).filter((row, i) => JSON.stringify(row) === JSON.stringify(other(i)));
    expect(same).toEqual([]);
  });
});
