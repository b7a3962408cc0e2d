// Builds every dataset's requests alike: the entry's model and token cap by its index, and the run's body settings.
import { drawsByIndex } from './draw.js';
import type { ImageIds } from './image-ids.js';
import { modelChooser } from './model-choice.js';
import type { PreparedRequest } from './prepared-request.js';
import { buildChatRequest, buildChatTurn, type ChatRequestInput, type ChatTurn, type SharedText } from './request-body.js';
import type { WorkloadSpec } from './workload-spec.js';

/** Seed stream of the output-length draws, apart from every other purpose's. */
const OSL_STREAM = 0x6f_73_6c_00;

/** What an entry carries of its own. */
export interface EntryContent {
  /** Its place in creation order (file order); warm-up requests come after the entries. It fixes model and OSL. */
  readonly index: number;
  readonly texts: readonly string[];
  readonly images: readonly Buffer[];
  readonly imageUuids?: readonly string[] | undefined;
  /** The line's `extra`, which wins over --extra-inputs. */
  readonly lineExtra?: Readonly<Record<string, unknown>> | undefined;
  /** The line's `output_length`, which wins over the OSL draw. */
  readonly outputLength?: number | undefined;
  readonly expectedIsl: number | null;
  readonly timestampMs?: number | null | undefined;
}

/**
 * A builder of requests for `spec`: model by --model-selection-strategy, token cap by --osl, forced output, extras;
 * each image numbered by `imageIds`, one numbering for the whole workload.
 */
export function entryRequests(spec: WorkloadSpec, systemPrompt: SharedText | undefined, imageIds: ImageIds): (entry: EntryContent) => PreparedRequest {
  const inputOf = entryInputs(spec, systemPrompt, imageIds);
  return (entry) => buildChatRequest(inputOf(entry));
}

/** As entryRequests, for the turns of conversations: each sent under its role, with room for its history (see buildChatTurn). */
export function entryTurns(spec: WorkloadSpec, systemPrompt: SharedText | undefined, imageIds: ImageIds): (entry: EntryContent, role: string) => ChatTurn {
  const inputOf = entryInputs(spec, systemPrompt, imageIds);
  return (entry, role) => buildChatTurn(inputOf(entry), role);
}

function entryInputs(spec: WorkloadSpec, systemPrompt: SharedText | undefined, imageIds: ImageIds): (entry: EntryContent) => ChatRequestInput {
  const modelOf = modelChooser(spec.models, spec.modelSelection, spec.seed);
  const { outputTokens } = spec;
  // As aiperf: an OSL whose mean is not above 0 (--osl 0) caps nothing.
  const oslOf = outputTokens === undefined || !(outputTokens.mean > 0) ? () => undefined : drawsByIndex(outputTokens, spec.seed, OSL_STREAM);
  return ({ outputLength, ...entry }) => ({
    ...entry,
    imageIds: imageIds.of(entry.images),
    model: modelOf(entry.index),
    systemPrompt,
    extraInputs: spec.extraInputs,
    outputTokens: outputLength ?? oslOf(entry.index),
    maxTokensKey: spec.maxTokensKey,
    forcedOutputTokens: spec.forcedOutputTokens,
    streaming: spec.streaming,
  });
}
