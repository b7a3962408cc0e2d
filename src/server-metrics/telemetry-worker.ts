// The scraping thread: fetches, parses and tallies every server metrics and DCGM scrape and writes their JSONL, off the thread that stamps requests.
import { parentPort, workerData } from 'node:worker_threads';
import { redactor } from '../secrets/redactor.js';
import { startServerMetricsCollection } from './collection.js';
import { startGpuTelemetry } from './gpu-telemetry.js';
import type { FromTelemetry, TelemetryInit, TelemetryPart, ToTelemetry } from './telemetry-protocol.js';

const init = workerData as TelemetryInit;
const port = parentPort!;
const post = (message: FromTelemetry): void => port.postMessage(message);

const metrics = init.serverMetrics;
const collection = metrics === null ? null : startServerMetricsCollection({ ...metrics, shownUrl: redactor(metrics.secrets) });
const gpu = init.gpu === null ? null : startGpuTelemetry(init.gpu.config, init.gpu.jsonlPath, redactor(init.gpu.secrets));
void collection?.ready.then(() => post({ kind: 'ready', part: 'serverMetrics' }));
void gpu?.ready.then(() => post({ kind: 'ready', part: 'gpu' }));

/** Runs a part's stop; a failure goes back as a message, for the main thread to throw. */
async function stopping(part: TelemetryPart, stop: () => Promise<FromTelemetry>): Promise<void> {
  try {
    post(await stop());
  } catch (err) {
    post({ kind: 'failed', part, message: err instanceof Error ? err.message : String(err) });
  }
}

port.on('message', (message: ToTelemetry) => {
  if (message.kind === 'begin') gpu?.begin(message.epochMs - performance.timeOrigin);
  else if (message.part === 'serverMetrics' && collection !== null) {
    void stopping('serverMetrics', async () => ({ kind: 'stopped', part: 'serverMetrics', data: await collection.stop(message.profiled) }));
  } else if (message.part === 'gpu' && gpu !== null) {
    void stopping('gpu', async () => ({ kind: 'stopped', part: 'gpu', summary: await gpu.stop() }));
  }
});
