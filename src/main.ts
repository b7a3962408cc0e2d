#!/usr/bin/env node
// The mmload command line: `mmload profile` (aiperf's meaning and defaults), the bare `mmload` (mmload's own defaults), and the other commands.
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { aiperfFlagPass } from './cli/aiperf-flag-pass.js';
import { withConfigFile } from './cli/config-file.js';
import { numberFlagCheck } from './cli/number-flags.js';
import { compareCommand } from './commands/compare/compare-command.js';
import { evaluateCommand } from './commands/evaluate/evaluate-command.js';
import { generateCommand } from './commands/generate/generate-command.js';
import { mergeCommand } from './commands/merge/merge-command.js';
import { planCommand } from './commands/plan/plan-command.js';
import { profileCommand } from './commands/profile/profile-command.js';
import { reportCommand } from './commands/report/report-command.js';
import { simCommand } from './commands/sim/sim-command.js';
import { sweepCommand } from './commands/sweep/sweep-command.js';
import { ExitCode, UsageError } from './util/exit-codes.js';
import { VERSION } from './util/version.js';

function fail(message: string, code: number): void {
  process.stderr.write(`mmload: ${message}\n`);
  process.exitCode = code;
}

async function main(argv: string[]): Promise<void> {
  try {
    // aiperf's flags that mmload ignores go before yargs sees them; cli_command keeps the line as typed.
    const { argv: args, notices } = aiperfFlagPass(argv);
    const notify = (notice: string) => process.stderr.write(`mmload: ${notice}\n`);
    notices.forEach(notify);
    const cli = yargs(args);
    await withConfigFile(cli, args, notify)
      .scriptName('mmload')
      // aiperf's -vv is a flag of its own (extra verbose), not -v twice.
      .parserConfiguration({ 'short-option-groups': false })
      .middleware(numberFlagCheck(cli, args), true)
      .usage('$0 [command] [options]\n\nBenchmark an OpenAI-compatible chat server in one process: `mmload profile` as aiperf profile does, the bare `mmload` with mmload\'s own VLM defaults.')
      .command(profileCommand('profile', argv))
      .command(profileCommand('bare', argv))
      .command(generateCommand)
      .command(sweepCommand(argv))
      .command(simCommand)
      .command(compareCommand)
      .command(mergeCommand)
      .command(reportCommand)
      .command(planCommand)
      .command(evaluateCommand)
      .example('$0 profile --preset scenario-a --sim', 'Scenario A against the built-in simulator')
      .example('$0 --url localhost:8000 --concurrency 64', 'mmload\'s own workload (Scenario A) at 64 in flight')
      .example('$0 profile --url localhost:8000 --image-width-mean 512 --image-height-mean 512 --streaming', 'what aiperf profile would send: 1 image of 512×512 and 550 text tokens per request')
      .example('$0 profile -m Qwen/Qwen3-VL-30B-A3B-Instruct-FP8 --input-file requests.jsonl --custom-dataset-type single_turn --extra-inputs max_tokens:500', 'an aiperf single_turn file')
      .strict()
      .version(VERSION)
      .help()
      .wrap(Math.min(120, process.stdout.columns ?? 100))
      .fail((message, err) => {
        // yargs' own parse errors (a flag missing its value, say) are bad input too: exit 2, one line (its multi-line ones joined).
        throw err && err.name !== 'YError' ? err : new UsageError((message ?? err?.message ?? 'invalid command line').replace(/\s*\n\s*/g, ' '));
      })
      .parseAsync();
  } catch (err) {
    if (err instanceof UsageError) return fail(err.message, ExitCode.usage);
    fail(`internal error: ${(err as Error).stack ?? String(err)}`, ExitCode.internal);
  }
}

await main(hideBin(process.argv));
