// Seeded Fisher-Yates shuffle, shared by the image-reuse plan and the user texts.
import type { Random } from './seeded-random.js';

/** Shuffles `items` in place with `random` and returns it. */
export function shuffleInPlace<T>(items: T[], random: Random): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const item = items[i]!;
    items[i] = items[j]!;
    items[j] = item;
  }
  return items;
}
