// Renders a cache plan: a capacity → LRU hit rate table for the terminal, or JSON for scripts.
import type { CacheCapacity, CacheOutcome } from './cache-plan.js';
import type { PlanReport } from './plan.js';

export const PLAN_FORMATS = ['table', 'json'] as const;
export type PlanFormat = (typeof PLAN_FORMATS)[number];

const count = (n: number): string => n.toLocaleString('en-US');
const percent = (rate: number | null): string => (rate === null ? '–' : `${(rate * 100).toFixed(1)}%`);

/** `caveat`: why the server may see another order than the send order (null at concurrency 1). No trailing newline. */
export function renderPlan(report: PlanReport, format: PlanFormat, caveat: string | null): string {
  return format === 'json' ? JSON.stringify(planJson(report, caveat), null, 2) : planTable(report, caveat);
}

function planTable(report: PlanReport, caveat: string | null): string {
  const { warmupRequests: w, warmupImages, embeddingBytes: bytes } = report;
  const lines = [
    `workload: ${report.workload}`,
    `order: send order, one request at a time: ${w > 0 ? `${count(w)} warm-up requests first (their ${count(warmupImages)} images never repeat, so they only take room), then ` : ''}` +
      `${count(report.requests)} profiled requests (${count(report.infinite.lookups)} image lookups, ${count(report.distinctImages)} distinct images)`,
  ];
  if (bytes) lines.push(`embedding bytes per image: ${bytes.min === bytes.max ? count(bytes.min) : `${count(bytes.min)}–${count(bytes.max)}`} (Qwen3-VL image tokens × hidden size × 2, as the simulator)`);
  if (caveat) lines.push(`note: ${caveat}`);
  const sameSize = bytes !== null && bytes.min === bytes.max ? bytes.min : null;
  const rows: [string, string, string][] = [
    ['cache capacity', 'hits / lookups', 'LRU hit rate'],
    ...report.rows.map(({ capacity, outcome }): [string, string, string] => [capacityLabel(capacity, sameSize), ratio(outcome), percent(outcome.hitRate)]),
    ['infinite (planned)', ratio(report.infinite), percent(report.infinite.hitRate)],
  ];
  const widths = [0, 1, 2].map((c) => Math.max(...rows.map((row) => row[c]!.length)));
  const table = rows.map(([label, hits, rate]) => `${label.padEnd(widths[0]!)}  ${hits.padStart(widths[1]!)}  ${rate.padStart(widths[2]!)}`);
  return [...lines, '', ...table].join('\n');
}

/** "500 images", or "2 GB" with the images it holds when all images weigh the same. */
function capacityLabel(capacity: CacheCapacity, imageBytes: number | null): string {
  if (capacity.kind === 'images') return `${count(capacity.images)} images`;
  const held = imageBytes === null ? '' : ` (${count(Math.floor(capacity.bytes / imageBytes))} images)`;
  return `${capacity.bytes / 1e9} GB${held}`;
}

const ratio = (outcome: CacheOutcome): string => `${count(outcome.hits)} / ${count(outcome.lookups)}`;

const outcomeJson = ({ hits, lookups, hitRate }: CacheOutcome) => ({ hits, lookups, hit_rate: hitRate });

function planJson(report: PlanReport, caveat: string | null): Record<string, unknown> {
  return {
    workload: report.workload,
    order: 'send order, one request at a time; warm-up images first, uncounted',
    order_caveat: caveat,
    request_count: report.requests,
    warmup_request_count: report.warmupRequests,
    warmup_images: report.warmupImages,
    image_lookups: report.infinite.lookups,
    distinct_images: report.distinctImages,
    embedding_bytes_per_image: report.embeddingBytes,
    capacities: report.rows.map(({ capacity, outcome }) => ({
      capacity_images: capacity.kind === 'images' ? capacity.images : null,
      capacity_bytes: capacity.kind === 'bytes' ? capacity.bytes : null,
      ...outcomeJson(outcome),
    })),
    infinite_cache: outcomeJson(report.infinite),
  };
}
