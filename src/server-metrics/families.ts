// Groups a /metrics body's samples into metric families by their TYPE/HELP lines (counters in both spellings, gauges, histograms, summaries, untyped).
import { scanExposition, type Descriptor, type Sample } from './parse.js';

export type Labels = Readonly<Record<string, string>>;

/** The TYPE a family declares (OpenMetrics' `unknown` reads as untyped); untyped when none is declared. */
export type FamilyType = 'counter' | 'gauge' | 'histogram' | 'gaugehistogram' | 'summary' | 'untyped' | 'info' | 'stateset';

export interface ScalarSeries {
  readonly labels: Labels;
  readonly value: number;
}

export interface HistogramSeries {
  /** Without `le`. */
  readonly labels: Labels;
  /** Cumulative count by `le` as the server wrote it ("0.005", "1.0", "+Inf"), in the order written. */
  readonly buckets: ReadonlyMap<string, number>;
  readonly sum: number | null;
  readonly count: number | null;
}

export interface SummarySeries {
  /** Without `quantile`. */
  readonly labels: Labels;
  readonly quantiles: ReadonlyMap<string, number>;
  readonly sum: number | null;
  readonly count: number | null;
}

interface FamilyHead {
  /** A counter's name without `_total`; other families' as declared. */
  readonly name: string;
  /** The HELP text; '' without one. */
  readonly help: string;
  /** OpenMetrics' UNIT; null without one. */
  readonly unit: string | null;
}

export interface ScalarFamily extends FamilyHead {
  readonly type: 'counter' | 'gauge' | 'untyped' | 'info' | 'stateset';
  readonly series: readonly ScalarSeries[];
}

export interface HistogramFamily extends FamilyHead {
  readonly type: 'histogram' | 'gaugehistogram';
  readonly series: readonly HistogramSeries[];
}

export interface SummaryFamily extends FamilyHead {
  readonly type: 'summary';
  readonly series: readonly SummarySeries[];
}

export type MetricFamily = ScalarFamily | HistogramFamily | SummaryFamily;

/** What a sample name is to its family. */
type Role = 'value' | 'bucket' | 'sum' | 'count' | 'quantile' | 'created';

/**
 * The body's families in the order they first appear. A sample belongs to the family whose TYPE (or HELP) line declared
 * a name it spells (`x_bucket`, `x_sum`, `x_count` of histogram x; `x_total` or `x` of counter x or x_total); any other
 * sample makes or joins an untyped family of its own name. `_created` samples (creation timestamps) are dropped; a
 * series written twice keeps its last value.
 */
export function parseFamilies(text: string): MetricFamily[] {
  const builder = new FamiliesBuilder();
  scanExposition(text, { sample: (sample) => builder.sample(sample), descriptor: (line) => builder.descriptor(line) });
  return builder.families();
}

/** Canonical identity of a label set: its pairs sorted by name. */
export function labelsKey(labels: Labels): string {
  return JSON.stringify(Object.keys(labels).sort().map((name) => [name, labels[name]]));
}

/** A copy of `labels` with its names in sorted order (aiperf keys series by sorted labels). */
export function sortedLabels(labels: Labels): Labels {
  const out: Record<string, string> = {};
  for (const name of Object.keys(labels).sort()) out[name] = labels[name]!;
  return out;
}

class FamiliesBuilder {
  private readonly order: FamilyDraft[] = [];
  /** Declared name → its family. */
  private readonly declared = new Map<string, FamilyDraft>();
  /** Sample name → the family and role it has there; a later declaration takes a name over. */
  private readonly bySample = new Map<string, { family: FamilyDraft; role: Role }>();
  private current: FamilyDraft | null = null;

  descriptor({ keyword, name, text }: Descriptor): void {
    const family = this.current?.declaredName === name ? this.current : (this.declared.get(name) ?? this.declare(name));
    this.current = family;
    if (keyword === 'HELP') family.help = text;
    else if (keyword === 'UNIT') family.unit = text;
    else this.retype(family, familyType(text));
  }

  sample(sample: Sample): void {
    let route = this.bySample.get(sample.name);
    if (route === undefined) {
      this.retype(this.declare(sample.name), 'untyped');
      route = this.bySample.get(sample.name)!;
    }
    route.family.add(sample, route.role);
  }

  families(): MetricFamily[] {
    return this.order.map((draft) => draft.build()).filter((family) => family.series.length > 0);
  }

  private declare(name: string): FamilyDraft {
    const family = new FamilyDraft(name);
    this.order.push(family);
    this.declared.set(name, family);
    this.route(family);
    return family;
  }

  private retype(family: FamilyDraft, type: FamilyType): void {
    family.type = type;
    this.route(family);
  }

  private route(family: FamilyDraft): void {
    for (const [name, role] of sampleNames(family.declaredName, family.type)) this.bySample.set(name, { family, role });
  }
}

/** The sample names a family of this declared name and type owns, and what each is. */
function sampleNames(declared: string, type: FamilyType): [string, Role][] {
  switch (type) {
    case 'counter': {
      const base = declared.endsWith('_total') ? declared.slice(0, -'_total'.length) : declared;
      return [[declared, 'value'], [`${base}_total`, 'value'], [`${base}_created`, 'created']];
    }
    case 'histogram':
      return [[`${declared}_bucket`, 'bucket'], [`${declared}_sum`, 'sum'], [`${declared}_count`, 'count'], [`${declared}_created`, 'created']];
    case 'gaugehistogram':
      return [[`${declared}_bucket`, 'bucket'], [`${declared}_gsum`, 'sum'], [`${declared}_gcount`, 'count']];
    case 'summary':
      return [[declared, 'quantile'], [`${declared}_sum`, 'sum'], [`${declared}_count`, 'count'], [`${declared}_created`, 'created']];
    case 'info':
      return [[declared, 'value'], [`${declared}_info`, 'value']];
    default:
      return [[declared, 'value']];
  }
}

function familyType(declared: string): FamilyType {
  const type = declared.trim().toLowerCase();
  switch (type) {
    case 'counter':
    case 'gauge':
    case 'histogram':
    case 'gaugehistogram':
    case 'summary':
    case 'info':
    case 'stateset':
      return type;
    default:
      return 'untyped';
  }
}

interface SeriesDraft {
  labels: Labels;
  value: number | null;
  buckets: Map<string, number>;
  sum: number | null;
  count: number | null;
}

class FamilyDraft {
  type: FamilyType = 'untyped';
  help = '';
  unit: string | null = null;
  private readonly series = new Map<string, SeriesDraft>();

  constructor(readonly declaredName: string) {}

  add(sample: Sample, role: Role): void {
    if (role === 'created') return;
    const inner = role === 'bucket' ? 'le' : role === 'quantile' ? 'quantile' : null;
    const labels: Record<string, string> = {};
    for (const name in sample.labels) if (name !== inner) labels[name] = sample.labels[name]!;
    const key = labelsKey(labels);
    let draft = this.series.get(key);
    if (draft === undefined) {
      draft = { labels, value: null, buckets: new Map(), sum: null, count: null };
      this.series.set(key, draft);
    }
    if (role === 'value') draft.value = sample.value;
    else if (role === 'sum') draft.sum = sample.value;
    else if (role === 'count') draft.count = sample.value;
    else draft.buckets.set(sample.labels[inner!] ?? '+Inf', sample.value);
  }

  build(): MetricFamily {
    const head = { help: this.help, unit: this.unit };
    const drafts = [...this.series.values()];
    switch (this.type) {
      case 'histogram':
      case 'gaugehistogram':
        return { ...head, name: this.declaredName, type: this.type, series: drafts.map(({ labels, buckets, sum, count }) => ({ labels, buckets, sum, count })) };
      case 'summary':
        return { ...head, name: this.declaredName, type: 'summary', series: drafts.map(({ labels, buckets, sum, count }) => ({ labels, quantiles: buckets, sum, count })) };
      default: {
        const series = drafts.filter((draft) => draft.value !== null).map(({ labels, value }) => ({ labels, value: value! }));
        return { ...head, name: this.scalarName(), type: this.type, series };
      }
    }
  }

  /** A counter's name without `_total`; an OpenMetrics info family's with `_info`, as its samples spell it. */
  private scalarName(): string {
    const name = this.declaredName;
    if (this.type === 'counter' && name.endsWith('_total')) return name.slice(0, -'_total'.length);
    if (this.type === 'info' && !name.endsWith('_info')) return `${name}_info`;
    return name;
  }
}
