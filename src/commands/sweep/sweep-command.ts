// Registers `mmload sweep` with yargs: its flags, and the handler that resolves them and runs the sweep.
import type { CommandModule } from 'yargs';
import { resolveSweepConfig } from './sweep-config.js';
import { sweepOptions, type SweepFlags } from './sweep-options.js';

/** `argv` is the whole command line, saved with each point's results as its cli_command. */
export function sweepCommand(argv: readonly string[]): CommandModule {
  return {
    command: 'sweep',
    describe: 'Profile a series of concurrencies or request rates: a load curve, and with --slo the highest value meeting it',
    builder: (yargs) => sweepOptions(yargs),
    handler: async (flags) => {
      const config = resolveSweepConfig(flags as unknown as SweepFlags);
      const { runSweep } = await import('../../sweep/run-sweep.js');
      process.exitCode = await runSweep(config, argv);
    },
  };
}
