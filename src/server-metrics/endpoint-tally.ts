// Everything one Prometheus endpoint said over a run, scrape by scrape: each series' tally, its fetches, and per scrape the key figures.
import { sliceKeyOf } from '../util/time-slice.js';
import { KEY_FAMILIES } from './catalogue.js';
import { CounterTally } from './counter-tally.js';
import { labelsKey, sortedLabels, type HistogramSeries, type Labels, type MetricFamily, type ScalarSeries } from './families.js';
import { GaugeTally } from './gauge-tally.js';
import { HistogramTally } from './histogram-tally.js';
import type { MetricKind } from './export-types.js';

/** One answered scrape: its families and its times in epoch ms. */
export interface Scrape {
  readonly families: readonly MetricFamily[];
  readonly sentEpochMs: number;
  /** The answer began to arrive: when the series are taken to have these values. */
  readonly firstByteEpochMs: number;
  readonly receivedEpochMs: number;
  /** The body was the same as the last one's. */
  readonly duplicate: boolean;
}

/** What a scrape said of the key figures: counter increases since the last scrape (null at the baseline or when absent), gauges summed over series. */
export interface ScrapePoint {
  readonly epochMs: number;
  readonly mmQueries: number | null;
  readonly mmHits: number | null;
  readonly prefixQueries: number | null;
  readonly prefixHits: number | null;
  readonly running: number | null;
  readonly waiting: number | null;
}

export type SeriesTally =
  | { readonly kind: 'gauge'; readonly tally: GaugeTally }
  | { readonly kind: 'counter'; readonly tally: CounterTally }
  | { readonly kind: 'histogram'; readonly tally: HistogramTally };

export interface TalliedSeries {
  readonly labels: Labels;
  readonly tally: SeriesTally;
}

/** A family as the endpoint wrote it (its last scrape's HELP), with its series. */
export interface TalliedFamily {
  readonly name: string;
  readonly kind: MetricKind;
  /** The type the server declared ("untyped" when none). */
  readonly declared: MetricFamily['type'];
  help: string;
  readonly series: Map<string, TalliedSeries>;
}

type PointFigure = Exclude<keyof ScrapePoint, 'epochMs'>;
type FamilySeries = MetricFamily['series'][number];
const POINT_COUNTERS = { mmQueries: KEY_FAMILIES.mmCacheQueries, mmHits: KEY_FAMILIES.mmCacheHits, prefixQueries: KEY_FAMILIES.prefixCacheQueries, prefixHits: KEY_FAMILIES.prefixCacheHits } as const;
const POINT_GAUGES = { running: KEY_FAMILIES.running, waiting: KEY_FAMILIES.waiting } as const;

export class EndpointTally {
  readonly families = new Map<string, TalliedFamily>();
  readonly points: ScrapePoint[] = [];
  private baselineMs: number | null = null;
  private lastMs = 0;
  private fetches = 0;
  private firstFetchMs = 0;
  private lastFetchMs = 0;
  private latencyMsSum = 0;
  /** First-byte times of the scrapes whose body changed (aiperf's unique updates). */
  private updates = new Float64Array(64);
  private updateCount = 0;

  constructor(readonly url: string, private readonly sliceSeconds: number | null) {}

  /** Answered scrapes. */
  get scrapes(): number {
    return this.fetches;
  }

  /** The epoch-ms window the series were tallied over: the baseline scrape to the last; null before any. */
  get window(): { readonly fromMs: number; readonly toMs: number } | null {
    return this.baselineMs === null ? null : { fromMs: this.baselineMs, toMs: this.lastMs };
  }

  get fetchStats(): { fetches: number; firstFetchMs: number; lastFetchMs: number; latencyMsSum: number; updates: Float64Array } {
    return { fetches: this.fetches, firstFetchMs: this.firstFetchMs, lastFetchMs: this.lastFetchMs, latencyMsSum: this.latencyMsSum, updates: this.updates.subarray(0, this.updateCount) };
  }

  add(scrape: Scrape): void {
    const at = scrape.firstByteEpochMs;
    this.countFetch(scrape);
    const baseline = this.baselineMs === null;
    if (baseline) this.baselineMs = at;
    this.lastMs = at;
    const sliceKey = this.sliceSeconds === null || baseline ? null : sliceKeyOf(at, this.sliceSeconds);
    const increases = new Map<string, number>();
    const gaugeSums = new Map<string, number>();
    for (const family of scrape.families) {
      const kept = keptAs(family);
      if (kept === null) continue;
      for (const series of family.series) {
        if ('value' in series && !Number.isFinite(series.value)) continue;
        const tallied = this.familyOf(kept.name, kept.kind, family);
        const key = labelsKey(series.labels);
        let entry = tallied.series.get(key);
        if (entry === undefined) {
          entry = { labels: sortedLabels(series.labels), tally: this.newTally(kept.kind, series, baseline) };
          tallied.series.set(key, entry);
        }
        const figure = this.update(entry.tally, at, series, sliceKey, baseline);
        if (figure === null) continue;
        const sums = entry.tally.kind === 'gauge' ? gaugeSums : increases;
        sums.set(tallied.name, (sums.get(tallied.name) ?? 0) + figure);
      }
    }
    this.points.push(this.point(at, baseline, increases, gaugeSums));
  }

  /**
   * Feeds a series its scraped value; returns what it adds to the scrape's key figures: a gauge's value, a counter's
   * or histogram's (count) increase since the last scrape; null at the baseline, which only sets the reference.
   */
  private update(tally: SeriesTally, at: number, series: FamilySeries, sliceKey: number | null, baseline: boolean): number | null {
    if (tally.kind === 'gauge') {
      const { value } = series as ScalarSeries;
      if (!baseline) tally.tally.add(value, sliceKey);
      return value;
    }
    if (baseline) return null;
    return tally.kind === 'counter' ? tally.tally.add(at, (series as ScalarSeries).value, sliceKey) : tally.tally.add(at, series as HistogramSeries, sliceKey).count;
  }

  /** A series first seen at the baseline takes its value there as reference; one created later starts from zero. */
  private newTally(kind: MetricKind, series: FamilySeries, baseline: boolean): SeriesTally {
    const referenceMs = this.baselineMs!;
    if (kind === 'gauge') return { kind, tally: new GaugeTally() };
    if (kind === 'counter') return { kind, tally: new CounterTally(referenceMs, baseline ? (series as ScalarSeries).value : 0) };
    return { kind, tally: new HistogramTally(referenceMs, series as HistogramSeries, baseline) };
  }

  private familyOf(name: string, kind: MetricKind, family: MetricFamily): TalliedFamily {
    let tallied = this.families.get(name);
    if (tallied === undefined || tallied.kind !== kind) {
      tallied = { name, kind, declared: family.type, help: family.help, series: new Map() };
      this.families.set(name, tallied);
    }
    tallied.help = family.help || tallied.help;
    return tallied;
  }

  private point(epochMs: number, baseline: boolean, increases: Map<string, number>, gaugeSums: Map<string, number>): ScrapePoint {
    const first = (names: readonly string[], from: Map<string, number>): number | null => {
      const name = names.find((n) => from.has(n));
      return name === undefined ? null : from.get(name)!;
    };
    const figures = {} as Record<PointFigure, number | null>;
    for (const [figure, names] of Object.entries(POINT_COUNTERS)) figures[figure as PointFigure] = baseline ? null : first(names, increases);
    for (const [figure, names] of Object.entries(POINT_GAUGES)) figures[figure as PointFigure] = first(names, gaugeSums);
    return { epochMs, ...figures };
  }

  private countFetch(scrape: Scrape): void {
    const at = scrape.firstByteEpochMs;
    if (this.fetches === 0) this.firstFetchMs = at;
    this.lastFetchMs = at;
    this.fetches++;
    this.latencyMsSum += scrape.receivedEpochMs - scrape.sentEpochMs;
    if (scrape.duplicate) return;
    if (this.updateCount === this.updates.length) {
      const grown = new Float64Array(this.updates.length * 2);
      grown.set(this.updates);
      this.updates = grown;
    }
    this.updates[this.updateCount++] = at;
  }
}

/**
 * How a family is kept, as aiperf keeps it: counters; histograms; gauges (info and stateset too); untyped ones as
 * counters when named `_total` (that suffix dropped), else as gauges. Summaries (quantiles over the server's whole
 * life) and the `_created` and `_uptime` families (timestamps, not measurements) are left out: null.
 */
export function keptAs(family: MetricFamily): { name: string; kind: MetricKind } | null {
  const { name, type } = family;
  if (type === 'summary' || name.endsWith('_created') || name.endsWith('_uptime') || name.includes('_uptime_')) return null;
  if (type === 'counter') return { name, kind: 'counter' };
  if (type === 'histogram' || type === 'gaugehistogram') return { name, kind: 'histogram' };
  if (type === 'untyped' && name.endsWith('_total')) return { name: name.slice(0, -'_total'.length), kind: 'counter' };
  return { name, kind: 'gauge' };
}
