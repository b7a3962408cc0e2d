// The image-making worker thread: makes each image the main thread asks for and hands its encoded bytes back (transferred).
import { parentPort } from 'node:worker_threads';
import { makeImage, type ImageJob } from './make-image.js';

/** The answer to one job: the encoded file, or why it could not be made. */
export type ImageReply = { readonly index: number; readonly bytes: Uint8Array } | { readonly index: number; readonly error: string };

const port = parentPort!;
port.on('message', (job: ImageJob) => {
  makeImage(job).then((encoded) => {
    // Copied once into memory of our own, then transferred: sharp's output may be external memory, which Node 24
    // refuses to transfer (DataCloneError), and posting it untransferred would copy it all the same.
    const bytes = new Uint8Array(encoded);
    port.postMessage({ index: job.index, bytes } satisfies ImageReply, [bytes.buffer]);
  }, (err: Error) => port.postMessage({ index: job.index, error: err.message } satisfies ImageReply));
});
