// LoadGen's user.conf for the Q3VL benchmark: the settings mmload implements, looked up as LoadGen looks them up.
import { readFileSync } from 'node:fs';
import { UsageError } from '../util/exit-codes.js';

/** The benchmark's model name in user.conf keys (`qwen3-vl-235b-a22b.Server.target_qps = 5`). */
export const Q3VL_CONF_MODEL = 'qwen3-vl-235b-a22b';

export type ConfScenario = 'Offline' | 'Server';

/** What a user.conf sets for one scenario; absent: not set. Times in ms, as user.conf writes them. */
export interface UserConf {
  readonly targetQps?: number;
  readonly minDurationMs?: number;
  readonly minQueryCount?: number;
  /** Server only: the latency bound. */
  readonly targetLatencyMs?: number;
  /** Server only: the percentile held to the bound, in percent (99). */
  readonly targetLatencyPercentile?: number;
  /** performance_sample_count_override: the distinct samples a performance run draws from. */
  readonly performanceSampleCount?: number;
}

/** user.conf's key names → UserConf's, and whether the value must be a whole number. */
const KEYS: Readonly<Record<string, { readonly field: keyof UserConf; readonly integer: boolean }>> = {
  target_qps: { field: 'targetQps', integer: false },
  min_duration: { field: 'minDurationMs', integer: true },
  min_query_count: { field: 'minQueryCount', integer: true },
  target_latency: { field: 'targetLatencyMs', integer: false },
  target_latency_percentile: { field: 'targetLatencyPercentile', integer: false },
  performance_sample_count_override: { field: 'performanceSampleCount', integer: true },
};

/** Reads `file` for `scenario` (while flags are resolved); any problem is a one-line UsageError naming the file and line. */
export function readUserConf(file: string, scenario: ConfScenario): UserConf {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const { code, message } = err as NodeJS.ErrnoException;
    throw new UsageError(`--mlperf-user-conf ${file}: ${code === 'ENOENT' ? 'no such file' : message}`);
  }
  return parseUserConf(text, file, scenario);
}

/**
 * Lines are `model.scenario.key = value` (whitespace around `=`), `#` starts a comment. Settings of other models and of
 * other scenarios are skipped, as LoadGen skips them; for this model, a key mmload does not implement is refused by
 * name. Lookup as LoadGen's: `model.Scenario.key`, then `*.Scenario.key`, `model.*.key`, `*.*.key`.
 */
export function parseUserConf(text: string, file: string, scenario: ConfScenario): UserConf {
  const values = new Map<string, number>();
  text.split('\n').forEach((raw, i) => {
    const at = `${file}:${i + 1}`;
    const tokens = raw.trim().split(/\s+/).filter(Boolean);
    const comment = tokens.findIndex((t) => t.startsWith('#'));
    const used = comment < 0 ? tokens : tokens.slice(0, comment);
    if (used.length === 0) return;
    if (used.length !== 3 || used[1] !== '=') throw new UsageError(`${at}: expected 'model.scenario.key = value' (got "${raw.trim()}")`);
    const [key, , text] = used as [string, string, string];
    const parts = key.split('.');
    if (parts.length !== 3) throw new UsageError(`${at}: the key "${key}" is not model.scenario.key`);
    const [model, keyScenario, name] = parts as [string, string, string];
    if (model !== Q3VL_CONF_MODEL && model !== '*') return;
    const known = KEYS[name];
    if (!known) throw new UsageError(`${at}: ${name} is not a user.conf key mmload implements (it reads ${Object.keys(KEYS).join(', ')})`);
    const value = Number(text);
    if (text === '' || !Number.isFinite(value) || value < 0 || (known.integer && !Number.isInteger(value))) {
      throw new UsageError(`${at}: ${name} needs ${known.integer ? 'a whole number' : 'a number'} >= 0 (got "${text}")`);
    }
    if (keyScenario === scenario || keyScenario === '*') values.set(key, value);
  });
  const conf: Partial<Record<keyof UserConf, number>> = {};
  for (const [name, { field }] of Object.entries(KEYS)) {
    const found = [`${Q3VL_CONF_MODEL}.${scenario}`, `*.${scenario}`, `${Q3VL_CONF_MODEL}.*`, '*.*'].map((prefix) => values.get(`${prefix}.${name}`)).find((v) => v !== undefined);
    if (found !== undefined) conf[field] = found;
  }
  return conf;
}
