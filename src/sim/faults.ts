// The faults the fixture server and the simulator inject into a chat request, the error body, and how a stream is cut.
import type { ServerResponse } from 'node:http';

/** What goes wrong with one request; token counts are content tokens already written. */
export type Fault =
  | { kind: 'http'; status: number; message: string } // JSON error body {"error":{"message","type","code"}}
  | { kind: 'reset'; afterTokens: number } // destroy the socket mid-stream
  | { kind: 'stall'; ms: number; afterTokens: number } // pause inside the stream
  | { kind: 'malformed'; afterTokens: number } // write `data: {not json` as an event, then end
  | { kind: 'error-event'; afterTokens: number; message: string } // `data: {"error":{...}}` then end
  | { kind: 'no-usage' }; // omit the usage chunk

/** Faults that strike inside the stream once `afterTokens` content tokens have been written. */
export type StreamFault = Extract<Fault, { afterTokens: number }>;

export function isStreamFault(fault: Fault | null): fault is StreamFault {
  return fault !== null && 'afterTokens' in fault;
}

/** The error object vLLM puts in an error body or a mid-stream error event. */
export function errorObject(status: number, message: string): { error: { message: string; type: string; code: number } } {
  const type = status === 429 ? 'RateLimitError' : status === 404 ? 'NotFoundError' : status >= 500 ? 'InternalServerError' : 'BadRequestError';
  return { error: { message, type, code: status } };
}

/** Replies with an HTTP error status and vLLM's JSON error body. */
export function sendError(res: ServerResponse, status: number, message: string): void {
  const body = JSON.stringify(errorObject(status, message));
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

/** Ends a stream the way the fault says: cut the connection, a broken event, or an error event. */
export function strikeStream(res: ServerResponse, fault: Exclude<StreamFault, { kind: 'stall' }>, end: string): void {
  if (fault.kind === 'reset') destroyAfterFlush(res);
  else if (fault.kind === 'malformed') res.end(`data: {not json${end}`);
  else res.end(`data: ${JSON.stringify(errorObject(500, fault.message))}${end}`);
}

/**
 * Node corks a response's socket until the next tick, so a destroy in the same tick would drop the
 * chunks just written: let them reach the socket (and drain) first, then cut the connection.
 */
function destroyAfterFlush(res: ServerResponse): void {
  setImmediate(() => {
    const socket = res.socket;
    if (socket !== null && socket.writableLength > 0) socket.once('drain', () => res.destroy());
    else res.destroy();
  });
}
