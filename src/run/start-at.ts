// --start-at: the wall time at which shards on several machines all start their profiled phase.
import { setTimeout as sleep } from 'node:timers/promises';

/** Further ahead than this is taken for a mistake (epoch milliseconds given as seconds, say). */
export const MAX_START_AHEAD_MS = 24 * 3600 * 1000;

/** Later than this, the shard warns that it starts out of step with the others. */
export const LATE_WARNING_MS = 1000;

/** ISO-8601 date and time with a zone: without one, machines in different zones would read different instants. */
const ISO_WITH_ZONE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/i;

/** Epoch ms of `value` (ISO-8601 with a zone, or epoch seconds); a bad value adds its problem and gives undefined. */
export function parseStartAt(value: string | undefined, problems: string[], nowMs: number = Date.now()): number | undefined {
  if (value === undefined) return undefined;
  const text = value.trim();
  const ms = /^\d+(\.\d+)?$/.test(text) ? Number(text) * 1000 : ISO_WITH_ZONE.test(text) ? Date.parse(text) : NaN;
  if (!Number.isFinite(ms)) {
    problems.push(`--start-at must be an ISO-8601 time with a zone (e.g. 2025-06-01T12:00:00Z) or epoch seconds (got "${value}")`);
    return undefined;
  }
  if (ms - nowMs > MAX_START_AHEAD_MS) {
    problems.push(`--start-at ${value} is more than 24 h ahead${ms > 1e12 ? ' (epoch seconds are wanted, not milliseconds)' : ''}`);
    return undefined;
  }
  return ms;
}

/**
 * Waits until `atMs` (epoch ms). Already past: returns at once, warning when more than LATE_WARNING_MS late.
 * An abort (Ctrl-C) ends the wait early; the caller's stop then keeps the phase from sending.
 */
export async function waitUntil(atMs: number, log: (line: string) => void, signal: AbortSignal, now: () => number = Date.now): Promise<void> {
  const waitMs = atMs - now();
  const at = new Date(atMs).toISOString();
  if (waitMs <= 0) {
    if (-waitMs > LATE_WARNING_MS) {
      log(`warning: --start-at ${at} passed ${(-waitMs / 1000).toFixed(1)} s ago (building the workload and warming up took longer); ` +
        'starting now, out of step with the other shards');
    }
    return;
  }
  log(`notice: waiting ${(waitMs / 1000).toFixed(1)} s for --start-at ${at}`);
  await sleep(waitMs, undefined, { signal }).catch(() => undefined);
}
