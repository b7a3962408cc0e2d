// The post-run phase (token counts, summary, files) against the run it follows, for Scenario B at concurrency 64 on the simulator.
// Usage: node bench/post-run-phase.js   (needs `npm run build`)
import { fileURLToPath } from 'node:url';
import { runMmload, withWorkDir } from './lib.js';

/** The post-run phase must stay under this share of the run (issue #12): client-side token counts overlap the run. */
const TARGET = 0.1;

/** The seconds of a `--verbose` stage line ("[10.613 s] run ended: …"). */
function stageSeconds(stderr, stage) {
  const match = new RegExp(`^\\[(\\d+\\.\\d+) s\\] ${stage}`, 'm').exec(stderr);
  if (match === null) throw new Error(`no "${stage}" stage in mmload's output:\n${stderr}`);
  return Number(match[1]);
}

/** One cold run fills the image cache; the timed run reads it (image generation is not what is measured). */
export async function postRunPhase() {
  return withWorkDir(async (dir) => {
    const args = ['--preset', 'scenario-b', '--sim', '--concurrency', '64', '-v'];
    await runMmload(args, { dir, cwd: dir });
    const { stderr } = await runMmload(args, { dir, cwd: dir });
    const runS = stageSeconds(stderr, 'run ended');
    const postS = stageSeconds(stderr, 'token counts, summary and files done');
    return {
      name: 'post-run phase, --preset scenario-b --sim --concurrency 64 (client-side token counts)',
      run_s: runS,
      post_run_s: postS,
      share: postS / runS,
      target: `< ${TARGET}`,
      pass: postS / runS < TARGET,
    };
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) console.log(await postRunPhase());
