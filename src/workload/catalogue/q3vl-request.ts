// The MLPerf Q3VL reference's request for one catalogue sample: system prompt, user text (title, description, candidates), the photo.
import sharp from 'sharp';
import { UsageError } from '../../util/exit-codes.js';
import type { BodyPiece, PreparedRequest } from '../prepared-request.js';
import { sharedPieces, type SharedText } from '../request-body.js';
import type { CatalogueSample } from './catalogue-sample.js';
import { pythonListRepr } from './python-repr.js';

export interface Q3vlRequestOptions {
  readonly model: string;
  /** One shared piece for every request. */
  readonly systemPrompt: SharedText;
  /** --mlperf-guided-decoding: the answer's JSON schema, sent as the reference's response_format; null: off (sent as null). */
  readonly schema: Readonly<Record<string, unknown>> | null;
}

/** The photo as sent: its bytes in a data URL (in memory or spooled), their length before base64, and its pixel size. */
export interface Q3vlImage<Url extends BodyPiece = BodyPiece> {
  readonly url: Url;
  readonly fileBytes: number;
  readonly width: number;
  readonly height: number;
}

/**
 * The user text as the reference lays it out: each field under its heading in a fenced block (title and description
 * as `text`, pasted raw; the candidates as `json`, printed as Python prints a list), ending with a newline.
 */
export function q3vlUserText({ title, description, candidates }: Pick<CatalogueSample, 'title' | 'description' | 'candidates'>): string {
  return `The title of the product is the following:\n\`\`\`text\n${title}\n\`\`\`\n\n` +
    `The description of the product is the following:\n\`\`\`text\n${description}\n\`\`\`\n\n` +
    `The following are the possible product categories:\n\`\`\`json\n${pythonListRepr(candidates)}\n\`\`\`\n`;
}

/**
 * The photo re-encoded as the reference saves it (its own format, PIL's defaults: a baseline JPEG at quality 75 with
 * 4:2:0 chroma and no metadata, or a PNG), same pixel size, in a data URL whose subtype is PIL's upper-case name.
 */
export async function q3vlImage(image: Buffer, sampleIndex: number): Promise<Q3vlImage<Buffer>> {
  try {
    const source = sharp(image);
    const { format, width, height } = await source.metadata();
    if (format !== 'jpeg' && format !== 'png') throw new Error(`a ${format ?? 'unknown'} image (the catalogue's photos are JPEG)`);
    const encoded = format === 'jpeg' ? await source.jpeg({ quality: 75, chromaSubsampling: '4:2:0' }).toBuffer() : await source.png().toBuffer();
    const url = Buffer.from(`data:image/${format === 'jpeg' ? 'JPEG' : 'PNG'};base64,${encoded.toString('base64')}`);
    return { url, fileBytes: encoded.length, width: width!, height: height! };
  } catch (err) {
    throw new UsageError(`catalogue sample ${sampleIndex}: cannot re-encode its product_image: ${(err as Error).message}`);
  }
}

/**
 * The body, keys in the reference client's order: messages (system, then user: text part, image part), model, and the
 * sampling fields sent as null (the server's defaults apply), response_format among them. No max_tokens, no stream.
 */
export function q3vlRequest(index: number, sample: CatalogueSample, image: Q3vlImage, options: Q3vlRequestOptions, expectedIsl: number | null): PreparedRequest {
  const { slot, pieces: piecesOf } = sharedPieces();
  const text = q3vlUserText(sample);
  const messages = [
    { role: 'system', content: slot(options.systemPrompt.escaped) },
    { role: 'user', content: [{ type: 'text', text }, { type: 'image_url', image_url: { url: slot(image.url) } }] },
  ];
  const responseFormat = options.schema === null ? null
    : { type: 'json_schema', json_schema: { name: 'product_metadata', schema: options.schema, strict: true } };
  const pieces = piecesOf(new Map<string, unknown>([
    ['messages', messages], ['model', options.model], ['frequency_penalty', null], ['presence_penalty', null],
    ['response_format', responseFormat], ['temperature', null], ['top_p', null],
  ]));
  return {
    index,
    body: pieces,
    bodyBytes: pieces.reduce((sum, piece) => sum + piece.length, 0),
    promptTexts: [options.systemPrompt.text, text],
    images: [image.url],
    // Each sample's photo is a piece of its own: its id is the sample's index.
    imageIds: [index],
    expectedIsl,
    requestedOsl: null,
    timestampMs: null,
  };
}
