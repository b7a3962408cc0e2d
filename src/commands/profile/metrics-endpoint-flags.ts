// The on/off flags that name Prometheus endpoints, --server-metrics and --gpu-telemetry: `--flag [URL…]` or `--no-flag`.
import { commaList } from './endpoint-flags.js';

/** As yargs hands one over: `--flag a b` ['a', 'b'], a bare flag [] (or true), --no-flag false, alone or among them. */
export type EndpointListFlag = readonly (string | boolean)[] | string | boolean | undefined;

export interface EndpointListRules {
  /** The flag's name, e.g. 'server-metrics'. */
  readonly flag: string;
  /** The flag turned on as the "not both" problem names it, e.g. '--server-metrics URLs'. */
  readonly onForm: string;
  /** An item's endpoint URL; null for an item that names none (its problem, if it is one, pushed to `problems`). */
  readonly endpointOf: (item: string, problems: string[]) => string | null;
}

/**
 * The endpoints the flag names (comma lists too), in order; null when turned off. Every item is checked, and items
 * given with --no-flag are a problem too: all go to `problems`.
 */
export function resolveEndpointList(given: EndpointListFlag, rules: EndpointListRules, problems: string[]): string[] | null {
  const values = given === undefined || given === true ? [] : given === false ? [false] : [given].flat();
  const off = values.includes(false);
  const items = commaList(values.filter((value): value is string => typeof value === 'string'));
  if (off && items.length > 0) problems.push(`give ${rules.onForm} or --no-${rules.flag}, not both`);
  const urls = items.map((item) => rules.endpointOf(item, problems)).filter((url): url is string => url !== null);
  return off ? null : urls;
}
