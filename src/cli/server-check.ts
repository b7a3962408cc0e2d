// Before any request: checks every server answers and finds the model the first one serves.
import { request } from 'undici';
import { UsageError } from './exit-codes.js';
import { parseJsonObject } from '../client/json-object.js';
import type { ChatTarget } from '../client/chat-client.js';

export interface ServerCheck {
  /** Model ids the first server lists at /v1/models (empty when it lists none or has no such route). */
  readonly models: string[];
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
  let body: unknown = null;
  try {
    const response = await request(`${origin}${modelsPath}`, { headers, headersTimeout: 15_000, bodyTimeout: 15_000 });
    const text = await response.body.text();
    if (response.statusCode === 401 || response.statusCode === 403) {
      throw new UsageError(`the server at ${origin} refused the credentials (HTTP ${response.statusCode}); check --api-key or -H`);
    }
    if (response.statusCode >= 200 && response.statusCode < 300) body = parseJsonObject(text);
  } catch (err) {
    if (err instanceof UsageError) throw err;
    throw new UsageError(`cannot reach the server at ${origin}: ${describe(err)}`);
  }
  const data = (body as { data?: unknown } | null)?.data;
  const models = Array.isArray(data)
    ? data.map((m) => (m as { id?: unknown }).id).filter((id): id is string => typeof id === 'string')
    : [];
  return { models };
}

function describe(err: unknown): string {
  const e = err as { code?: string; message?: string; cause?: { code?: string } };
  const code = e.code ?? e.cause?.code;
  if (code === 'ECONNREFUSED') return 'connection refused';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'host not found';
  if (code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_CONNECT_TIMEOUT') return 'timed out';
  return e.message ?? String(err);
}
