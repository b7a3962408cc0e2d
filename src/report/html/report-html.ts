// Assembles report.html: one self-contained page (inline CSS and SVG, no script, nothing fetched) from a run's results.
import type { RunSummary } from '../../metrics/summary.js';
import { isoLocal } from '../../util/local-time.js';
import { accuracySection } from './accuracy-section.js';
import { percentileSection, timeSection, timelineSection } from './chart-sections.js';
import { conversationSection } from './conversation-section.js';
import { errorsSection } from './errors-section.js';
import { headlineSection } from './headline-section.js';
import { gpuSection } from './gpu-section.js';
import { escapeHtml } from './html-text.js';
import { PAGE_STYLE } from './page-style.js';
import { clientHealthSection, runInfoSection } from './run-info-section.js';
import { serverSection } from './server-section.js';
import { sliceSection } from './slice-section.js';
import type { TimeSlicesJson } from '../time-slice-entry.js';
import { workloadSection } from './workload-section.js';
import type { ReportTimeData } from '../../metrics/time-data.js';

/**
 * The page for a run. Its size is bounded whatever the run's length: charts are bucketed
 * or sampled, the timeline draws at most TIMELINE_MAX_REQUESTS requests. Without records (merged shards, whose clocks
 * differ) the page has everything but the time charts and the timeline.
 */
export function renderReportHtml(summary: RunSummary, time: ReportTimeData | null, slices: TimeSlicesJson | null = null, nodeVersion: string = process.version): string {
  const model = summary.meta.model ?? 'unknown model';
  const when = summary.startEpochMs === null ? '' : isoLocal(summary.startEpochMs).slice(0, 19).replace('T', ' ');
  const title = `mmload report: ${model}${when ? `, ${when}` : ''}`;
  const body = [
    `<header><h1>${escapeHtml(title)}</h1><p class="subtitle">${escapeHtml(subtitle(summary))}</p></header>`,
    accuracySection(summary.meta.mlperfAccuracy),
    headlineSection(summary),
    percentileSection(summary),
    conversationSection(summary.meta.conversations),
    time ? timeSection(time.series) : MERGED_NOTE,
    sliceSection(slices),
    time ? timelineSection(time.timeline) : '',
    errorsSection(summary),
    workloadSection(summary),
    serverSection(summary, time, slices),
    gpuSection(summary),
    clientHealthSection(summary),
    runInfoSection(summary, nodeVersion),
  ];
  return '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">' +
    '<meta name="viewport" content="width=device-width, initial-scale=1">' +
    // Nothing on the page may load from anywhere: no script, no network, inline styles and images only.
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">` +
    `<title>${escapeHtml(title)}</title><style>${PAGE_STYLE}</style></head>\n<body>\n${body.join('\n')}\n</body></html>\n`;
}

const MERGED_NOTE = '<section><h2>Over time</h2><p class="note">Merged from shards: each shard\'s report.html has its ' +
  'time charts and timeline.</p></section>';

function subtitle(summary: RunSummary): string {
  const load = summary.meta.load;
  const label = load && typeof load.label === 'string' ? load.label : null;
  const { issued } = summary.counts;
  return [`mmload ${summary.meta.version ?? ''}`.trim(), label, `${issued} profiled requests`, summary.interrupted ? 'interrupted' : null]
    .filter((part): part is string => part !== null)
    .join(' · ');
}
