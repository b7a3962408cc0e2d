// The flags of `mmload generate` as yargs parsed them, shared by its writers (image-reuse workloads, conversations, dataset presets).
import type { ConversationFlags } from '../profile/conversation-options.js';
import type { WorkloadFlags } from '../profile/workload-options.js';

export interface GenerateFlags extends WorkloadFlags, ConversationFlags {
  'num-requests'?: number | undefined;
  seed: number;
  output?: string | undefined;
  'output-dir': string;
  'image-url-base'?: string | undefined;
}
