// The fields an aiperf single_turn line and a multi_turn turn share (texts, images, extra, output_length, delay...), read and checked.
import { isJsonObject } from '../util/json-object.js';
import type { TurnSpec } from './conversation-spec.js';

/** Throws the one-line problem, naming where it is (the caller's `path:line: `). */
export type Fail = (problem: string) => never;

/** What a turn says, checked; image references unresolved (see image-refs). */
export interface TurnFields {
  /** Its texts, empty ones dropped; with `images`, never both empty. */
  readonly texts: readonly string[];
  readonly images: readonly string[];
  /** vLLM's uuid of each image (mmload's own field), as many as `images`. */
  readonly imageUuids?: readonly string[];
  /** Fields merged into the request body after --extra-inputs (the turn wins). */
  readonly extra?: Readonly<Record<string, unknown>>;
  /** The token cap of this turn, winning over --osl. */
  readonly outputLength?: number;
  /** ms; aiperf refuses a non-zero timestamp with a non-zero delay. */
  readonly timestamp?: number;
  readonly delay?: number;
}

type Draft = { -readonly [K in keyof TurnFields]: TurnFields[K] };

/** The keys `readTurnFields` reads, in the order messages list them. */
export const TURN_FIELDS: readonly string[] = ['text', 'texts', 'image', 'images', 'image_uuids', 'extra', 'output_length', 'timestamp', 'delay'];

/** The turn's fields in `value`; the first problem goes to `fail`. Keys outside TURN_FIELDS are the caller's. */
export function readTurnFields(value: Record<string, unknown>, fail: Fail): TurnFields {
  const texts = oneOrList(value, 'text', 'texts', fail).filter((t) => t.length > 0);
  const images = oneOrList(value, 'image', 'images', fail);
  if (texts.length === 0 && images.length === 0) fail('needs "text", "texts", "image" or "images"');
  if (images.some((ref) => ref.length === 0)) fail('an image reference is empty');

  const fields: Draft = { texts, images };
  if (value.image_uuids !== undefined) {
    const uuids = isStringList(value.image_uuids) ? value.image_uuids : fail('"image_uuids" must be a list of strings');
    if (uuids.length !== images.length) fail(`"image_uuids" has ${uuids.length} entries for ${images.length} images`);
    fields.imageUuids = uuids;
  }
  if (value.extra !== undefined) fields.extra = isJsonObject(value.extra) ? value.extra : fail('"extra" must be a JSON object');
  const length = value.output_length;
  if (length !== undefined) {
    fields.outputLength = typeof length === 'number' && Number.isInteger(length) && length > 0 ? length : fail('"output_length" must be a positive integer');
  }
  if (value.timestamp !== undefined) fields.timestamp = nonNegative(value.timestamp, 'timestamp', fail);
  if (value.delay !== undefined) fields.delay = nonNegative(value.delay, 'delay', fail);
  if (fields.timestamp && fields.delay) fail('use "timestamp" or "delay", not both');
  return fields;
}

/** The turn of a conversation these fields describe, from line `line`, sent with `role`; a timestamp is the caller's to refuse or use. */
export function turnSpecOf(line: number, fields: TurnFields, role: string): TurnSpec {
  const { texts, images, imageUuids, extra, outputLength, delay } = fields;
  return {
    line, texts, images, delayMs: delay ?? 0, role,
    ...(imageUuids === undefined ? {} : { imageUuids }),
    ...(outputLength === undefined ? {} : { outputLength }),
    ...(extra === undefined ? {} : { extra }),
  };
}

/** The first key of `value` outside `known`, refused as `unknown field "<key>" (expected <known>)`. */
export function refuseUnknownFields(value: Record<string, unknown>, known: readonly string[], fail: Fail): void {
  const unknown = Object.keys(value).find((key) => !known.includes(key));
  if (unknown !== undefined) fail(`unknown field "${unknown}" (expected ${known.join(', ')})`);
}

/** `one` (a string) or `list` (strings), never both; absent gives []. aiperf's `{name, contents}` items are refused. */
function oneOrList(value: Record<string, unknown>, one: string, list: string, fail: Fail): string[] {
  if (value[one] !== undefined && value[list] !== undefined) fail(`use "${one}" or "${list}", not both`);
  if (value[one] !== undefined) return typeof value[one] === 'string' ? [value[one]] : fail(`"${one}" must be a string`);
  const items = value[list];
  if (items === undefined) return [];
  if (isStringList(items)) return items;
  if (Array.isArray(items) && items.some(isJsonObject)) fail(`"${list}" as {name, contents} objects is not supported: give a list of strings`);
  return fail(`"${list}" must be a list of strings`);
}

function nonNegative(value: unknown, name: string, fail: Fail): number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : fail(`"${name}" must be a number >= 0`);
}

function isStringList(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string');
}
