// The report's closing sections: the client's own health during the run, and the exact command, versions and config.
import type { RunSummary } from '../../metrics/summary.js';
import type { TokenSourceTally } from '../../metrics/token-counts.js';
import { isoLocal } from '../../util/local-time.js';
import { escapeHtml } from './html-text.js';
import { formatNumber } from '../../util/number-format.js';
import { keyValues } from './key-values.js';

export function clientHealthSection(summary: RunSummary): string {
  const h = summary.meta.clientHealth;
  if (!h) return '';
  const d = h.eventLoopDelayMs;
  const table = keyValues([
    ['Event-loop delay', `p50 ${formatNumber(d.p50, 2)} ms, p99 ${formatNumber(d.p99, 2)} ms, max ${formatNumber(d.max, 2)} ms`],
    ['CPU', `${formatNumber(h.cpuCores * 100, 0)}% of a core`],
    ['Client limited', h.clientLimited ? `yes: ${h.reasons.join('; ')}` : 'no'],
  ], 'client-health');
  return `<section><h2>Client health</h2>${table}</section>`;
}

/** The command as run (secrets redacted), versions, times, token sources and the whole resolved configuration. */
export function runInfoSection(summary: RunSummary, nodeVersion: string): string {
  const config = summary.meta.inputConfig;
  const command = isRecord(config) && typeof config.cli_command === 'string' ? config.cli_command : null;
  const table = keyValues([
    ['Model', summary.meta.model ?? null],
    ['mmload', summary.meta.version ?? null],
    ['Node.js', nodeVersion],
    ['Started', summary.startEpochMs === null ? null : isoLocal(summary.startEpochMs)],
    ['Ended', summary.endEpochMs === null ? null : isoLocal(summary.endEpochMs)],
    ['Output token counts', sources(summary.tokenSources.osl)],
    ['Input token counts', sources(summary.tokenSources.isl)],
  ], 'run-info');
  const json = config === undefined ? '' : `<details><summary>Resolved configuration (secrets redacted)</summary>` +
    `<pre>${escapeHtml(JSON.stringify(config, null, 2))}</pre></details>`;
  return `<section><h2>Command and versions</h2>${command ? `<pre class="command" data-command>${escapeHtml(command)}</pre>` : ''}` +
    `${table}${json}</section>`;
}

function sources(t: TokenSourceTally): string {
  return `${t.overall} (server usage ${t.server}, tokenizer ${t.tokenizer}, unknown ${t.unknown})`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}
