// A client worker thread: its own undici pools (one per target) and event loop, sending what the main thread paces and returning records.
import { parentPort, workerData } from 'node:worker_threads';
import { createTargetedClient } from '../chat-client.js';
import type { RequestRecord } from '../request-record.js';
import type { FromWorker, ToWorker, WorkerInit } from './protocol.js';
import { requestsFromShared } from './shared-bodies.js';
import { monotonicOriginMs } from './thread-clock.js';
import { watchLoopDelay } from '../loop-delay.js';
import { WORKER_FAULT_VARIABLE, workerFault } from './test-fault.js';

const init = workerData as WorkerInit;
const port = parentPort!;
const post = (message: FromWorker): void => port.postMessage(message);
const requests = requestsFromShared(init.bodies);
const client = createTargetedClient(init);
/** Add to this thread's times to put them on the main thread's clock. */
const toMain = monotonicOriginMs() - init.mainOriginMs;
/** Watched from the end of warm-up, as the main thread's loop is: start-up and warm-up are not the run. */
let delay = watchLoopDelay();
/** Tests only (see test-fault.ts): null in real runs. */
const fault = workerFault(process.env[WORKER_FAULT_VARIABLE], init.number);

port.on('message', (message: ToWorker) => {
  switch (message.kind) {
    case 'send': {
      fault?.();
      // intendedMs stays on the main thread's clock throughout; the times this thread stamps are moved onto it.
      void client.sendTo(message.target, requests[message.slot]!, message.phase, message.intendedMs).then((record) => {
        post({ kind: 'record', id: message.id, record: onMainClock(record) });
      });
      return;
    }
    case 'warm':
      client.warmUp(message.count).then(() => {
        delay.stop();
        delay = watchLoopDelay();
        post({ kind: 'warmed', error: null });
      }, (err: Error) => post({ kind: 'warmed', error: err.message }));
      return;
    case 'cancel':
      client.cancelAll(message.reason);
      return;
    case 'close':
      void client.close().then(() => {
        post({ kind: 'closed', eventLoopDelayMs: delay.stop() });
        port.close();
      });
  }
});
post({ kind: 'ready' });

/** Shifts every time of a record onto the main thread's clock (in place: the record is this thread's to give away). */
function onMainClock(record: RequestRecord): RequestRecord {
  const chunkMs = record.chunkMs;
  for (let k = 0; k < chunkMs.length; k++) chunkMs[k]! += toMain;
  return {
    ...record,
    startMs: record.startMs + toMain,
    bodySentMs: record.bodySentMs === null ? null : record.bodySentMs + toMain,
    headersMs: record.headersMs === null ? null : record.headersMs + toMain,
    endMs: record.endMs + toMain,
  };
}
