// The model each dataset entry names: round robin over --model in creation order, or a seeded uniform choice.
import { createRandom, deriveSeed } from '../util/seeded-random.js';

/** aiperf's --model-selection-strategy. */
export type ModelSelection = 'round_robin' | 'random';

/** Seed stream of the model choice, apart from every other purpose's. */
const MODEL_STREAM = 0x6d_6f_64_6c;

/** The model of entry `index` (its place in creation order); entry i's model never depends on other entries. */
export function modelChooser(models: readonly string[], selection: ModelSelection, seed: number): (index: number) => string {
  if (models.length === 0) throw new RangeError('at least one model is needed');
  if (selection === 'round_robin' || models.length === 1) return (index) => models[index % models.length]!;
  const base = deriveSeed(seed, MODEL_STREAM);
  return (index) => models[Math.floor(createRandom(deriveSeed(base, index))() * models.length)]!;
}
