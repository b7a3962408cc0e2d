// Synthetic product descriptions: long-tailed prose, some wrapped in HTML with CSS and JavaScript source, as shop exports carry.
import { randomInt, type Random } from '../../util/seeded-random.js';
import { shuffleInPlace } from '../../util/shuffle.js';
import { standardNormal } from '../draw.js';

/** Opens the prose of every second-hand product's description, so the condition can be read from the request. */
export const SECONDHAND_NOTE = 'Pre-owned item in good condition, with light signs of use.';
/** Share of descriptions with embedded source (HTML, CSS, JavaScript). */
export const SOURCE_SHARE = 0.1;
const EMPTY_SHARE = 0.02;
/** Prose length in characters: log-normal with this median and log-spread, capped. */
const PROSE = { median: 350, spread: 1.0, max: 8_000 } as const;
/** Source length in characters: a longer tail, up to about 25k tokens. */
const SOURCE = { median: 2_500, spread: 1.3, max: 100_000 } as const;

const MATERIALS = ['stainless steel', 'solid oak', 'recycled plastic', 'organic cotton', 'silicone', 'aluminium', 'bamboo', 'tempered glass', 'full-grain leather', 'ceramic', 'merino wool', 'ABS resin'];
const COLOURS = ['matte black', 'cream', 'forest green', 'navy blue', 'burnt orange', 'slate grey', 'ivory', 'cherry red', 'sand', 'teal', 'walnut brown', 'blush pink'];
const FEATURES = ['rounded edges', 'a non-slip base', 'reinforced seams', 'a magnetic clasp', 'a soft-touch finish', 'a two-year warranty', 'a removable liner', 'an adjustable strap', 'quick-release buckles', 'double stitching', 'a scratch-resistant coating', 'a built-in handle'];
const USES = ['everyday use', 'small apartments', 'weekend trips', 'gift giving', 'busy kitchens', 'outdoor adventures', 'the home office', 'beginners and pros alike', 'families with kids', 'seasonal decorating'];
const PLACES = ['Portugal', 'a small workshop in Vermont', 'Kyoto', 'Lyon', 'our Oslo studio', 'Cape Town', 'Melbourne', 'Guadalajara'];
const CARE = ['wipe clean with a damp cloth', 'machine wash cold, tumble dry low', 'hand wash only', 'do not put in the dishwasher', 'store in a cool, dry place', 'oil the surface twice a year'];
const EXTRAS = ['spare screws', 'a storage pouch', 'a printed manual', 'replacement pads', 'a cleaning cloth', 'mounting hardware', 'gift packaging', 'two batteries'];
const COLLECTIONS = ['Harbor', 'Meadow', 'Summit', 'Atlas', 'Cove', 'Ember', 'Nordic', 'Terra'];

/** One product's description: empty in 2% of rows, prose otherwise, embedded in source code in SOURCE_SHARE of rows. */
export function drawDescription(random: Random, product: { readonly name: string; readonly brand: string; readonly isSecondhand: boolean }): string {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const sentences = [
    () => `Made from ${pick(MATERIALS)} and finished in ${pick(COLOURS)}.`,
    () => `Features ${pick(FEATURES)}, ${pick(FEATURES)} and ${pick(FEATURES)}.`,
    () => `Dimensions: ${randomInt(random, 5, 120)} x ${randomInt(random, 5, 120)} x ${randomInt(random, 1, 60)} cm; weight ${randomInt(random, 40, 9_000)} g.`,
    () => `These ${product.name} are ideal for ${pick(USES)}.`,
    () => `${product.brand} designs every piece in ${pick(PLACES)}.`,
    () => `Care: ${pick(CARE)}.`,
    () => `Includes ${pick(EXTRAS)} and ${pick(EXTRAS)}.`,
    () => `Ships within ${randomInt(random, 1, 10)} business days.`,
    () => `Part of the ${product.brand} ${pick(COLLECTIONS)} collection.`,
    () => `\n- ${pick(FEATURES)}\n- ${pick(MATERIALS)}\n- ${pick(COLOURS)}\n`,
  ];
  const prose: string[] = product.isSecondhand ? [SECONDHAND_NOTE] : [];
  if (!product.isSecondhand && random() < EMPTY_SHARE) return '';
  const proseLength = logNormal(random, PROSE);
  // Every kind of sentence once, in a shuffled order, before any comes again.
  const order = shuffleInPlace(sentences, random);
  for (let k = 0; prose.join(' ').length < proseLength; k++) prose.push(order[k % order.length]!());
  const text = prose.join(' ');
  return random() < SOURCE_SHARE ? withSource(random, text, product.name, logNormal(random, SOURCE)) : text;
}

/** The prose inside an HTML block, beside a style sheet and a script that together reach about `length` characters. */
function withSource(random: Random, prose: string, name: string, length: number): string {
  const id = `pd-${randomInt(random, 1000, 99_999)}`;
  const html = `<div class="${id}">\n  <h3>${name}</h3>\n  <p>${prose}</p>\n</div>`;
  let css = '';
  let js = '';
  for (let rule = 0; html.length + css.length + js.length < length; rule++) {
    if (random() < 0.6) {
      css += `.${id} .item-${rule} { margin: ${randomInt(random, 0, 24)}px ${randomInt(random, 0, 24)}px; color: #${hex(random)}; font-size: ${(0.7 + random()).toFixed(2)}rem; }\n`;
    } else {
      js += `function toggle${rule}(root) {\n  var items = root.querySelectorAll('.${id} .item-${rule}');\n` +
        `  for (var i = 0; i < items.length; i++) { items[i].style.opacity = '${random().toFixed(2)}'; }\n}\n`;
    }
  }
  const style = `<style>\n${css}</style>`;
  const script = `<script>\ndocument.addEventListener('DOMContentLoaded', function () { console.log('${id}'); });\n${js}</script>`;
  return random() < 0.5 ? `${html}\n${style}\n${script}` : `${style}\n${html}\n${script}`;
}

function hex(random: Random): string {
  return Math.floor(random() * 0x1000000).toString(16).padStart(6, '0');
}

/** A log-normal draw with the given median and log-spread, at most `max`. */
function logNormal(random: Random, shape: { readonly median: number; readonly spread: number; readonly max: number }): number {
  return Math.min(shape.max, Math.round(shape.median * Math.exp(shape.spread * standardNormal(random))));
}
