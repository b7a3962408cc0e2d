// Picks each simulated request's fault from the seeded rates of `mmload sim`, as the fixture server's Fault kinds.
import type { Random } from '../util/seeded-random.js';
import type { Fault } from './faults.js';
import type { SimOptions } from './sim-options.js';

/**
 * Three draws per request, always taken so one request's fault never shifts another's: the first picks
 * the fault (the rates stacked: reject, fail, reset, stall, malformed, else none), the second where a
 * stream fault strikes (after 0 .. outputTokens-1 content tokens; a stall at 0 delays the first token),
 * the third 500 or 503 for a failure.
 */
export function pickFault(random: Random, options: SimOptions, outputTokens: number): Fault | null {
  const draw = random();
  const afterTokens = Math.floor(random() * outputTokens);
  const coin = random();
  let edge = options.rejectRate;
  if (draw < edge) return { kind: 'http', status: 429, message: 'The server is at capacity, retry later (simulated rejection).' };
  if (draw < (edge += options.failRate)) {
    return coin < 0.5
      ? { kind: 'http', status: 500, message: 'Internal server error (simulated failure).' }
      : { kind: 'http', status: 503, message: 'Service unavailable (simulated failure).' };
  }
  if (draw < (edge += options.resetRate)) return { kind: 'reset', afterTokens };
  if (draw < (edge += options.stallRate)) return { kind: 'stall', ms: options.stallMs / options.speed, afterTokens };
  if (draw < (edge += options.malformedRate)) return { kind: 'malformed', afterTokens };
  return null;
}
