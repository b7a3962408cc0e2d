// The report's top: banners (interrupted, stopped early, client-limited, simulated) and the headline figures of the run.
import type { DistributionTag, ValueTag } from '../../metrics/catalog.js';
import type { StatKey } from '../../metrics/histogram.js';
import type { RunSummary } from '../../metrics/summary.js';
import { escapeHtml } from './html-text.js';
import { formatNumber } from '../../util/number-format.js';

interface Figure {
  /** Where summary.json holds the same number, e.g. "time_to_first_token.p50" (data-metric). */
  readonly path: string;
  readonly name: string;
  readonly unit: string;
  readonly value: number | null;
  readonly digits: number;
}

/** The banners, then one tile per headline figure; each tile carries its exact value in data-value. */
export function headlineSection(summary: RunSummary): string {
  const tiles = figures(summary).map((f) =>
    `<div class="tile" data-metric="${f.path}"${f.value === null ? '' : ` data-value="${f.value}"`}>` +
    `<div class="value">${formatNumber(f.value, f.digits)}<span class="unit">${escapeHtml(f.unit)}</span></div>` +
    `<div class="name">${escapeHtml(f.name)}</div></div>`);
  return `${banners(summary).join('')}<section><h2>Headline</h2><div class="tiles">${tiles.join('')}</div></section>`;
}

function figures(summary: RunSummary): Figure[] {
  const value = (tag: ValueTag, name: string, unit: string, digits = 1): Figure =>
    ({ path: `${tag}.avg`, name, unit, value: summary.values[tag]?.value ?? null, digits });
  const stat = (tag: DistributionTag, key: StatKey, name: string, digits = 1): Figure =>
    ({ path: `${tag}.${key}`, name, unit: 'ms', value: summary.distributions[tag]?.stats[key] ?? null, digits });
  const count = (key: 'issued' | 'completed' | 'failed', name: string): Figure =>
    ({ path: `mmload.counts.${key}`, name, unit: '', value: summary.counts[key], digits: 0 });
  return [
    value('output_token_throughput', 'Output token throughput', 'tok/s'),
    value('request_throughput', 'Request throughput', 'req/s', 2),
    stat('time_to_first_token', 'avg', 'TTFT avg'),
    stat('time_to_first_token', 'p50', 'TTFT p50'),
    stat('time_to_first_token', 'p99', 'TTFT p99'),
    stat('inter_token_latency', 'avg', 'ITL avg', 2),
    stat('request_latency', 'avg', 'Request latency avg'),
    stat('request_latency', 'p99', 'Request latency p99'),
    count('issued', 'Requests issued'),
    count('completed', 'Completed'),
    count('failed', 'Failed'),
    value('benchmark_duration', 'Duration', 's', 2),
  ];
}

function banners(summary: RunSummary): string[] {
  const out: string[] = [];
  if (summary.interrupted) {
    out.push('<p class="banner bad" data-banner="interrupted">Interrupted: the run was stopped early (Ctrl-C); ' +
      'these are partial results, and requests in flight at the stop count as cancelled.</p>');
  }
  const stopped = summary.meta.stopped;
  if (stopped) {
    out.push(`<p class="banner bad" data-banner="stopped">Stopped early: ${escapeHtml(stopped.message)}. These are partial results, ` +
      'and requests in flight at the stop count as cancelled.</p>');
  }
  const health = summary.meta.clientHealth;
  if (health?.clientLimited) {
    out.push(`<p class="banner warn" data-banner="client-limited">Client limited: mmload itself may have distorted the figures (` +
      `${health.reasons.map(escapeHtml).join('; ')}).</p>`);
  }
  const sim = summary.meta.simulated;
  if (sim) {
    out.push(`<p class="banner info" data-banner="simulated">Simulated server (mmload sim at ${sim.speed}× speed: measured times are ` +
      `${sim.speed}× shorter than the simulated engine's; embedding cache ${sim.embeddingCacheGb} GB, max ${sim.maxNumSeqs} sequences).</p>`);
  }
  return out;
}
