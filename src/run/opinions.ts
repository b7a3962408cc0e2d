// Whose defaults a run takes: aiperf's (`mmload profile`) or mmload's own (the bare command and every --preset).
import { AIPERF_VERSION } from '../report/aiperf-release.js';

/**
 * 'aiperf': every value no flag sets is aiperf's (text-only 550-token prompts, no output cap, streaming off, ten
 * requests, aiperf's files and directory). 'mmload': mmload's own VLM defaults (Scenario A, streaming on).
 */
export type Opinions = 'aiperf' | 'mmload';

/** `mmload profile` follows aiperf unless a preset (mmload's own scenario) is named; the bare command is mmload's. */
export function opinionsOf(command: 'profile' | 'bare' | 'sweep', preset: string | undefined): Opinions {
  return command === 'profile' && preset === undefined ? 'aiperf' : 'mmload';
}

/** The console's first line: whose defaults fill what no flag set. */
export function describeOpinions(opinions: Opinions, preset: string | undefined): string {
  return opinions === 'aiperf'
    ? `defaults: aiperf ${AIPERF_VERSION}'s (mmload profile means what aiperf profile means; the bare mmload command and --preset use mmload's own)`
    : `defaults: mmload's own (${preset ? `preset ${preset}` : 'Scenario A: 3 images, 8,600 + 4,300 tokens, 500 forced output tokens'}, streaming on; mmload profile without --preset follows aiperf ${AIPERF_VERSION})`;
}
