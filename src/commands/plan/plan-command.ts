// Registers `mmload plan` with yargs: profile's workload flags plus --cache-capacity and --format, and the handler.
import type { Argv, CommandModule } from 'yargs';
import { QWEN3_VL_30B_A3B_H100 } from '../../model/engine-constants.js';
import { resolvePlanConfig, type PlanFlags } from './plan-config.js';
import type { PlanReport } from '../../plan/plan.js';
import { PLAN_FORMATS, renderPlan } from '../../plan/plan-report.js';
import { profileOptions } from '../profile/profile-options.js';

function planOptions<T>(yargs: Argv<T>) {
  const group = 'Plan:';
  const { hiddenSize, bytesPerValue } = QWEN3_VL_30B_A3B_H100;
  return profileOptions(yargs)
    .option('cache-capacity', {
      type: 'string', array: true, group,
      describe: `Cache sizes to plan, comma-separated: images (100,500) or GB of embeddings (2GB,10GB; image tokens × ${hiddenSize} × ${bytesPerValue} bytes each); default: --sim-embedding-cache-gb (10GB)`,
    })
    .option('format', { type: 'string', choices: PLAN_FORMATS, default: 'table', group, describe: 'table (terminal) or json (scripts)' });
}

export const planCommand: CommandModule = {
  command: 'plan',
  describe: 'Build the workload profile would send and print the hit rate an LRU image cache of each --cache-capacity would see',
  builder: (yargs) => planOptions(yargs),
  handler: async (flags) => {
    const config = resolvePlanConfig(flags as unknown as PlanFlags);
    const [{ buildWorkload }, { planWorkload, servedSize }] = await Promise.all([import('../../run/build-workload.js'), import('../../plan/plan.js')]);
    const workload = await buildWorkload(config.workload, (line) => process.stderr.write(`${line}\n`));
    let report: PlanReport;
    try {
      report = await planWorkload(workload, config.capacities, servedSize(config.workload));
    } finally {
      await workload.dispose();
    }
    process.stdout.write(`${renderPlan(report, config.format, config.orderCaveat)}\n`);
  },
};
