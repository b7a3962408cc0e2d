// Goodput SLOs (aiperf's --goodput): a request is good when it meets every threshold, thresholds inclusive.
import { DISTRIBUTION_METRICS } from './catalog.js';
import { REQUEST_VALUES } from './request-metrics.js';
import type { RequestMetrics, RequestValueTag } from './request-metrics.js';

/** Thresholds by metric tag, in the metric's display unit (ms for times), e.g. { time_to_first_token: 200 }. */
export type Slos = Readonly<Record<string, number>>;

function isRequestValueTag(tag: string): tag is RequestValueTag {
  return Object.hasOwn(REQUEST_VALUES, tag);
}

/** Parses aiperf's --goodput syntax, "time_to_first_token:200 inter_token_latency:20" (space- or comma-separated). */
export function parseSlos(text: string): { slos: Slos; problems: string[] } {
  const slos: Record<string, number> = {};
  const problems: string[] = [];
  for (const item of text.split(/[\s,]+/).filter(Boolean)) {
    const colon = item.indexOf(':');
    if (colon <= 0) {
      problems.push(`--goodput: "${item}" is not metric:value`);
      continue;
    }
    slos[item.slice(0, colon)] = item.slice(colon + 1).trim() === '' ? Number.NaN : Number(item.slice(colon + 1));
  }
  if (Object.keys(slos).length === 0 && problems.length === 0) problems.push('--goodput needs at least one metric:value');
  return { slos, problems: [...problems, ...sloProblems(slos)] };
}

/** Problems with a set of SLOs (unknown or unusable tags, non-finite thresholds), for config validation. */
export function sloProblems(slos: Slos): string[] {
  const problems: string[] = [];
  for (const [tag, threshold] of Object.entries(slos)) {
    if (!isRequestValueTag(tag)) {
      problems.push(`--goodput: unknown metric "${tag}" (use one of ${Object.keys(REQUEST_VALUES).join(', ')})`);
    } else if (!Number.isFinite(threshold)) {
      problems.push(`--goodput: the threshold for ${tag} is not a number`);
    }
  }
  return problems;
}

/**
 * True when the request meets every SLO: value <= threshold, or >= for larger-is-better metrics
 * (throughput per user, sequence lengths). A metric the request lacks fails its SLO; unknown tags fail too; with no
 * SLOs at all no request is good (as in aiperf).
 */
export function meetsSlos(metrics: RequestMetrics, slos: Slos): boolean {
  if (Object.keys(slos).length === 0) return false;
  for (const [tag, threshold] of Object.entries(slos)) {
    if (!isRequestValueTag(tag)) return false;
    const value = REQUEST_VALUES[tag](metrics);
    if (value === null) return false;
    if (DISTRIBUTION_METRICS[tag].largerIsBetter ? value < threshold : value > threshold) return false;
  }
  return true;
}
