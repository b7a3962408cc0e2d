// The workload a profile run sends: an aiperf input file (single requests or conversations), the MLPerf Q3VL catalogue, or a generated image-reuse workload.
import { dirname, resolve } from 'node:path';
import { catalogueWorkload } from './catalogue/catalogue-workload.js';
import { conversationWorkload } from './conversation-workload.js';
import { fileWorkload } from './file-workload.js';
import { generatedWorkload, type ProgressFn } from './generated-workload.js';
import { readMultiTurn } from './multi-turn-jsonl.js';
import { describeConversationFigures } from './conversation-figures.js';
import { syntheticConversations } from './synthetic-conversations.js';
import type { Workload } from './prepared-request.js';
import { readSingleTurn, type SingleTurnEntry } from './single-turn-jsonl.js';
import { groupSingleTurnSessions } from './single-turn-sessions.js';
import type { WorkloadSpec } from './workload-spec.js';

export async function loadWorkload(spec: WorkloadSpec, onProgress?: ProgressFn): Promise<Workload> {
  const file = spec.inputFile;
  if (file === undefined && spec.conversations !== undefined) {
    const { conversations, figures } = await syntheticConversations(spec, onProgress);
    const workload = await conversationWorkload(conversations, spec, process.cwd(), 'generated');
    return { ...workload, notices: [...workload.notices, ...describeConversationFigures(figures)] };
  }
  if (file === undefined) return generatedWorkload(spec, onProgress);
  const baseDir = dirname(resolve(file));
  switch (spec.datasetType) {
    case 'mlperf_q3vl':
      return catalogueWorkload(file, spec, onProgress);
    case 'multi_turn':
      return conversationWorkload(await readMultiTurn(file), spec, baseDir, file);
    case 'mooncake_trace':
      return fileWorkload(file, spec);
    case 'single_turn': {
      // Lines that share a session_id are sent as conversations (alone, in order), as aiperf groups them.
      const lines: SingleTurnEntry[] = [];
      for await (const line of readSingleTurn(file)) lines.push(line);
      const sessions = groupSingleTurnSessions(lines, file);
      return sessions === null ? fileWorkload(file, spec, lines) : conversationWorkload(sessions, spec, baseDir, file);
    }
  }
}
