// The unit of a Prometheus metric, inferred as aiperf infers it: a range in its HELP text, a unit named there, its name's suffix.

/** aiperf's unit names as its exports write them ("seconds", "tokens", "ratio", "gb/s", …). */
export type MetricUnit = string;

/** Name suffixes and their units; the longest suffix that matches wins. */
const SUFFIX_UNITS: Readonly<Record<string, MetricUnit>> = {
  _seconds: 'seconds', _seconds_total: 'seconds', _milliseconds: 'milliseconds', _ms: 'milliseconds', _ms_total: 'milliseconds',
  _nanoseconds: 'nanoseconds', _ns: 'nanoseconds', _ns_total: 'nanoseconds',
  _bytes: 'bytes', _kilobytes: 'kilobytes', _megabytes: 'megabytes', _gigabytes: 'gigabytes', _bytes_total: 'bytes',
  _total: 'count', _count: 'count', _tokens: 'tokens', _tokens_total: 'tokens', _requests: 'requests', _requests_total: 'requests',
  request_success: 'requests', _errors: 'errors', _errors_total: 'errors', _error_count: 'errors', _error_count_total: 'errors',
  _reqs: 'requests', _blocks: 'blocks', _blocks_total: 'blocks', _block_count: 'blocks',
  _gb_s: 'gb/s', _ratio: 'ratio', _percent: 'percent', _perc: 'percent',
  _celsius: 'celsius', _joules: 'joule', _watts: 'watt',
};
const SUFFIXES = Object.keys(SUFFIX_UNITS).sort((a, b) => b.length - a.length);

/** Units named in HELP text ("in seconds", "(ms)", "(tokens/s)"), tried in this order. */
const DESCRIPTION_UNITS: readonly [RegExp, MetricUnit][] = [
  [/(?:\bin\s+|\()seconds?(?:\b|\))/i, 'seconds'],
  [/(?:\bin\s+|\()(?:milliseconds?|ms)(?:\b|\))/i, 'milliseconds'],
  [/(?:\bin\s+|\()(?:nanoseconds?|ns)(?:\b|\))/i, 'nanoseconds'],
  [/(?:\bin\s+|\()bytes?(?:\b|\))/i, 'bytes'],
  [/(?:\bin\s+|\()GB\/s(?:\b|\))/i, 'gb/s'],
  [/(?:\bin\s+|\()MB\/s(?:\b|\))/i, 'mb/s'],
  [/(?:\bin\s+|\()tokens?\/s(?:ec(?:ond)?)?(?:\b|\))/i, 'tokens/s'],
  [/(?:\bin\s+|\()requests?\/s(?:ec(?:ond)?)?(?:\b|\))/i, 'requests/s'],
  [/\bin\s+tokens?\b/i, 'tokens'],
];

/** DCGM-style "(in <unit>)" tags, matched case-sensitively. */
const TAG_UNITS: Readonly<Record<string, MetricUnit>> = {
  MiB: 'megabytes', GiB: 'gigabytes', KiB: 'kilobytes', B: 'bytes', MB: 'megabytes', GB: 'gigabytes', KB: 'kilobytes', TB: 'terabytes',
  C: 'celsius', '°C': 'celsius', F: 'fahrenheit', '°F': 'fahrenheit', K: 'kelvin',
  Hz: 'hertz', MHz: 'megahertz', GHz: 'gigahertz', W: 'watt', mW: 'milliwatt', J: 'joule', mJ: 'millijoule', MJ: 'megajoule',
  s: 'seconds', sec: 'seconds', ms: 'milliseconds', ns: 'nanoseconds', us: 'microseconds', µs: 'microseconds',
  'GB/s': 'gb/s', 'MB/s': 'mb/s', '%': 'percent', percent: 'percent',
};

const RATIO_RANGE = new RegExp([
  String.raw`\(0(?:\.0)?\s*(?:[-–—]+|to)\s*1(?:\.0)?\)`,
  String.raw`\b0(?:\.0)?\s*(?:[-–—]+|to)\s*1(?:\.0)?\b`,
  String.raw`\brange\s+0(?:\.0)?\s*(?:[-–—]+|to)\s*1(?:\.0)?\b`,
  String.raw`(?:\b|\()1(?:\.0)?\s*(?:means|is|equals?|==?)\s*100\s*(?:%|percent)`,
].join('|'), 'i');
const PERCENT_RANGE = new RegExp([
  String.raw`\(0(?:\.0)?\s*(?:[-–—]+|to)\s*100(?:\.0)?\)`,
  String.raw`\brange\s+0\s*(?:[-–—]+|to)\s*100\b`,
  String.raw`\b0\s*(?:[-–—]+|to)\s*100\s*%`,
].join('|'), 'i');

/**
 * A metric's unit, or null when nothing tells: a 0–1 or 0–100 range in `help` first ("1 means 100 percent" is a ratio),
 * then a unit `help` names, then the name's suffix (`_seconds`, `_tokens`, `request_success`, …, `num_requests_`).
 */
export function inferUnit(name: string, help: string): MetricUnit | null {
  if (RATIO_RANGE.test(help)) return 'ratio';
  if (PERCENT_RANGE.test(help)) return 'percent';
  const tag = /\(in\s+([^\s)]+)\)/.exec(help)?.[1];
  if (tag !== undefined && Object.hasOwn(TAG_UNITS, tag)) return TAG_UNITS[tag]!;
  for (const [pattern, unit] of DESCRIPTION_UNITS) if (pattern.test(help)) return unit;
  const lower = name.toLowerCase();
  const suffix = SUFFIXES.find((s) => lower.endsWith(s));
  if (suffix !== undefined) return SUFFIX_UNITS[suffix]!;
  return lower.includes('num_requests_') ? 'requests' : null;
}
