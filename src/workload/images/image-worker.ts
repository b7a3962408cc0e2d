// The image-making worker thread: makes each image the main thread asks for and hands its encoded bytes back (transferred, not copied).
import { parentPort } from 'node:worker_threads';
import { makeImage, type ImageJob } from './make-image.js';

/** The answer to one job: the encoded file, or why it could not be made. */
export type ImageReply = { readonly index: number; readonly bytes: Uint8Array } | { readonly index: number; readonly error: string };

const port = parentPort!;
port.on('message', (job: ImageJob) => {
  makeImage(job).then((bytes) => {
    // Transfer only a buffer that is this file alone (sharp's output is); anything else is copied.
    const whole = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength;
    port.postMessage({ index: job.index, bytes } satisfies ImageReply, whole ? [bytes.buffer as ArrayBuffer] : []);
  }, (err: Error) => port.postMessage({ index: job.index, error: err.message } satisfies ImageReply));
});
