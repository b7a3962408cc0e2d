// A synthetic MLPerf Q3VL catalogue of the real one's shapes: row i depends only on (seed, i), so n rows are a prefix of more.
import { createRandom, deriveSeed, randomInt, weightedChoice, type Random } from '../../util/seeded-random.js';
import type { CatalogueSample } from './catalogue-sample.js';
import { drawCandidates, drawTruth } from './synthetic-candidates.js';
import { drawDescription } from './synthetic-descriptions.js';
import { builtInTaxonomy } from './taxonomy.js';

/** A row as written: the sample without its photo, and the photo's native size in pixels. */
export interface SyntheticCatalogueRow extends Omit<CatalogueSample, 'image'> {
  readonly imageWidth: number;
  readonly imageHeight: number;
}

/** Share of second-hand products: well under 1%, as in the real catalogue. */
export const SECONDHAND_SHARE = 0.005;
/** Photo sides, square, by weight: the real catalogue's common native sizes from 512² to 2000². */
const IMAGE_SIDES: readonly [number, number][] = [[1000, 28], [800, 18], [1024, 10], [1200, 10], [512, 9], [1500, 9], [600, 8], [2000, 8]];
const TITLE_LENGTH = [10, 60] as const;
const BRANDS = 300;
const BRAND_SYLLABLES = ['nor', 'vik', 'cal', 'dera', 'bry', 'ton', 'lum', 'ora', 'kest', 'rel', 'vel', 'ani', 'ost', 'ara', 'quin', 'tek', 'mar', 'lo', 'zen', 'ith', 'bel', 'ford', 'tor', 'ova', 'sil', 'van', 'kor', 'du', 'ria', 'pel'];
const TITLE_COLOURS = ['Black', 'White', 'Navy', 'Olive', 'Charcoal', 'Rose Gold', 'Natural', 'Sky Blue'];
const TITLE_SIZES = ['Small', 'Medium', 'Large', 'XL', '2-Pack', '3-Pack', '12 oz', '500 ml', '10 in'];
const TITLE_MATERIALS = ['Walnut', 'Steel', 'Linen', 'Cotton', 'Bamboo', 'Leather', 'Glass', 'Cedar'];

/** Seed streams of the catalogue, apart from the image stream (generateImages derives its own). */
const ROW_STREAM = 0x63617461;
const BRAND_STREAM = 0x6272616e;

/** The rows of the catalogue seeded with `seed`: `rowOf(i)` is the same whatever else is drawn. */
export function syntheticCatalogue(seed: number): (index: number) => SyntheticCatalogueRow {
  const taxonomy = builtInTaxonomy();
  const brands = brandNames(createRandom(deriveSeed(seed, BRAND_STREAM)));
  const rowSeed = deriveSeed(seed, ROW_STREAM);
  return (index) => {
    const random = createRandom(deriveSeed(rowSeed, index));
    const truth = drawTruth(taxonomy, random);
    // Popular brands come up more often (rank ~ u²).
    const brand = brands[Math.floor(random() ** 2 * brands.length)]!;
    const title = drawTitle(random, brand, truth.name);
    const lowerTitle = title.toLowerCase();
    // No other candidate's own name may appear in the title: the title names the truth alone.
    const candidates = drawCandidates(taxonomy, truth, random, (node) => !lowerTitle.includes(node.name.toLowerCase()));
    const isSecondhand = random() < SECONDHAND_SHARE;
    const description = drawDescription(random, { name: truth.name, brand, isSecondhand });
    const side = weightedChoice(random, IMAGE_SIDES);
    return { title, description, candidates, category: truth.path, brand, isSecondhand, imageWidth: side, imageHeight: side };
  };
}

/** Distinct one-word brand names: two or three syllables, some hyphenated, some possessive. */
function brandNames(random: Random): string[] {
  const pick = () => BRAND_SYLLABLES[Math.floor(random() * BRAND_SYLLABLES.length)]!;
  const capital = (s: string) => s[0]!.toUpperCase() + s.slice(1);
  const names = new Set<string>();
  while (names.size < BRANDS) {
    const roll = random();
    names.add(roll < 0.1 ? `${capital(pick())}-${capital(pick())}` : roll < 0.15 ? `${capital(pick())}${pick()}'s` : `${capital(pick())}${pick()}${roll < 0.3 ? pick() : ''}`);
  }
  return [...names];
}

/** The brand, then the product's category name, with a colour, size or material when it fits in 10–60 characters. */
function drawTitle(random: Random, brand: string, name: string): string {
  const pick = (items: readonly string[]) => items[Math.floor(random() * items.length)]!;
  const shapes = [
    `${brand} ${name}, ${pick(TITLE_COLOURS)}`,
    `${brand} ${name} - ${pick(TITLE_SIZES)}`,
    `${brand} ${pick(TITLE_MATERIALS)} ${name}`,
    `${brand} ${name}`,
  ];
  const fitting = shapes.filter((t) => t.length >= TITLE_LENGTH[0] && t.length <= TITLE_LENGTH[1]);
  return fitting[randomInt(random, 0, fitting.length - 1)]!;
}
