// Before any request: checks every server answers and finds the model the first one serves.
import { request } from 'undici';
import { UsageError } from '../util/exit-codes.js';
import { parseJsonObject } from '../util/json-object.js';
import type { ChatTarget } from '../client/chat-client.js';

export interface ServerCheck {
  /** Model ids the first server lists at /v1/models (empty when it lists none or has no such route). */
  readonly models: string[];
  /** Why `models` is empty, as "the server at … answered …", for the message when a run needs a model. */
  readonly noModels: string;
}

/** The models the requests name: those given (--model), else the first the server lists; a UsageError when neither. */
export function requestModels(given: readonly string[], server: ServerCheck): readonly string[] {
  if (given.length > 0) return given;
  if (server.models.length === 0) throw new UsageError(server.noModels);
  return server.models.slice(0, 1);
}

/** Checks all targets at once; throws the UsageError of the first (in --url order) that fails. */
export async function checkServers(targets: readonly ChatTarget[], headers: Record<string, string>): Promise<ServerCheck> {
  const checks = await Promise.allSettled(targets.map((t) => checkServer(t.origin, t.modelsPath, headers)));
  const failed = checks.find((c): c is PromiseRejectedResult => c.status === 'rejected');
  if (failed) throw failed.reason;
  return (checks[0] as PromiseFulfilledResult<ServerCheck>).value;
}

/** Throws a UsageError when nothing answers at `origin`; a server without /v1/models is still reachable. */
async function checkServer(origin: string, modelsPath: string, headers: Record<string, string>): Promise<ServerCheck> {
  let status: number;
  let contentType: string;
  let text: string;
  try {
    const response = await request(`${origin}${modelsPath}`, { headers, headersTimeout: 15_000, bodyTimeout: 15_000 });
    text = await response.body.text();
    status = response.statusCode;
    contentType = String(response.headers['content-type'] ?? '');
  } catch (err) {
    throw new UsageError(`cannot reach the server at ${origin}: ${describe(err)}`);
  }
  if (status === 401 || status === 403) {
    throw new UsageError(`the server at ${origin} refused the credentials (HTTP ${status}); check --api-key or -H`);
  }
  const ok = status >= 200 && status < 300;
  const body = parseJsonObject(text);
  const data = ok ? body?.data : undefined;
  const models = Array.isArray(data)
    ? data.map((m) => (m as { id?: unknown }).id).filter((id): id is string => typeof id === 'string')
    : [];
  const noModels = ok && body !== null ? `the server at ${origin} lists no models at ${modelsPath}; pass --model`
    : `the server at ${origin} answered HTTP ${status}${body === null ? ` (${kindOf(contentType, text)}, not JSON)` : ''} at ${modelsPath}: ` +
      'check --url (the server\'s address, with any path prefix), or pass --model';
  return { models, noModels };
}

/** What a body that is not JSON looks like, in a word or two. */
function kindOf(contentType: string, text: string): string {
  if (text.trim() === '') return 'an empty body';
  if (/html/i.test(contentType) || /^\s*</.test(text)) return 'HTML';
  return contentType.split(';')[0]!.trim() || 'text';
}

function describe(err: unknown): string {
  const e = err as { code?: string; message?: string; cause?: { code?: string } };
  const code = e.code ?? e.cause?.code;
  if (code === 'ECONNREFUSED') return 'connection refused';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'host not found';
  if (code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_CONNECT_TIMEOUT') return 'timed out';
  return e.message ?? String(err);
}
