// Builds the typed RequestError of a failed request: socket errors, HTTP error bodies, mid-stream error events.
// Messages are built whole: the stream handler masks the run's secrets in them first, then cuts them to oneLine (a cut
// made first could leave the start of a secret behind).
import type { ErrorType, RequestError } from './request-record.js';
import { parseJsonObject } from '../util/json-object.js';
import { truncate } from '../util/truncate.js';
import { SpoolReadError } from '../workload/body-spool.js';

/** Longest message kept from a server (error bodies can be whole HTML pages). */
const MAX_MESSAGE = 300;

export function requestError(type: ErrorType, message: string, code: number | null = null): RequestError {
  return { code, type, message };
}

/** One line, at most MAX_MESSAGE characters. */
export function oneLine(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return truncate(flat, MAX_MESSAGE);
}

/** An error raised by the socket or undici before any response arrived (or by reading the body's spooled piece: a client error). */
export function connectionError(err: Error): RequestError {
  if (err instanceof SpoolReadError) return requestError('client_error', err.message);
  const code = (err as NodeJS.ErrnoException).code;
  const type: ErrorType = code === 'ECONNREFUSED' ? 'connection_refused' : 'connection_error';
  const message = err.message || code || 'connection failed';
  return requestError(type, code && !message.includes(code) ? `${code}: ${message}` : message);
}

/** A non-2xx reply; the message is the server's own, taken from its usual JSON shapes or the raw text. */
export function httpError(status: number, statusText: string, body: string): RequestError {
  const message = serverMessage(body) || statusText || 'no message';
  return requestError('http_error', message, status);
}

/** A mid-stream event (or a 200 body) carrying an `error` key. */
export function errorEvent(error: unknown): RequestError {
  if (typeof error === 'object' && error !== null) {
    const { message, code } = error as { message?: unknown; code?: unknown };
    const text = typeof message === 'string' ? message : JSON.stringify(error);
    const numeric = typeof code === 'number' && Number.isInteger(code) ? code : null;
    return requestError('error_event', text, numeric);
  }
  return requestError('error_event', String(error));
}

/**
 * A server's error sent as SSE (`event: error` data, an `error:` line): a JSON object, its `error` member when it has
 * one ({"error": {"message", "code"}}), else the object itself (llama.cpp's {"code", "message"}); or plain text.
 */
export function sseError(text: string): RequestError {
  const parsed = parseJsonObject(text) as { error?: unknown } | null;
  if (parsed === null) return errorEvent(text.trim() === '' ? 'the stream sent an error event without a message' : text);
  return errorEvent(parsed.error != null ? parsed.error : parsed);
}

/** The message in `{"error":{"message"}}`, `{"error":"..."}`, `{"message"}` or `{"detail"}`, else the text. */
function serverMessage(body: string): string {
  const parsed = parseJsonObject(body);
  if (parsed === null) return body;
  const { error, message, detail } = parsed as { error?: unknown; message?: unknown; detail?: unknown };
  if (typeof error === 'string') return error;
  if (typeof error === 'object' && error !== null) {
    const inner = (error as { message?: unknown }).message;
    if (typeof inner === 'string') return inner;
  }
  if (typeof message === 'string') return message;
  if (typeof detail === 'string') return detail;
  if (detail !== undefined) return JSON.stringify(detail);
  return body;
}
