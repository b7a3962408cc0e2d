// Registers `mmload profile` (aiperf's flags and defaults) and the bare `mmload` (mmload's own) with yargs: resolve the flags, run.
import type { CommandModule } from 'yargs';
import { AIPERF_VERSION } from '../../report/aiperf-release.js';
import { opinionsOf } from '../../run/opinions.js';
import { resolveProfileConfig } from './profile-config.js';
import { profileOptions, type ProfileFlags } from './profile-options.js';
import { shardOptions } from './shard-options.js';
import { sliceOptions } from './slice-options.js';

/** `argv` is the whole command line, saved with the results as their cli_command. */
export function profileCommand(command: 'profile' | 'bare', argv: readonly string[]): CommandModule {
  return {
    command: command === 'profile' ? 'profile' : '$0',
    describe: command === 'profile'
      ? `Run a benchmark the way aiperf profile does: aiperf ${AIPERF_VERSION}'s flags and defaults (a --preset brings mmload's own)`
      : 'Run a benchmark with mmload\'s own defaults (Scenario A, streaming): `mmload --url host:8000 --concurrency 64`',
    builder: (yargs) => sliceOptions(shardOptions(profileOptions(yargs))),
    handler: async (flags) => {
      const profileFlags = flags as unknown as ProfileFlags;
      const config = resolveProfileConfig(profileFlags, opinionsOf(command, profileFlags.preset));
      // The run's modules (undici, sharp, histograms) load once the flags hold: help and flag errors answer at once.
      const { runProfile } = await import('../../run/profile-run.js');
      process.exitCode = await runProfile(config, argv);
    },
  };
}
