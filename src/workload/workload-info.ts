// Facts about a workload computed from the requests as they will be sent: reuse, image bytes, expected ISL.
import { formatBytes } from '../util/number-format.js';
import type { BodyPiece, PreparedRequest, WorkloadInfo } from './prepared-request.js';

/**
 * `imageBytes(url)` gives the file bytes of the image behind a URL piece (0 when unknown). A slot is a planned
 * hit when its image (its id: the same shared piece) already appeared earlier in send order, as an infinitely large
 * embedding cache would see it; records.jsonl's image_ids carry the same ids, so the time slices count alike.
 */
export function workloadInfo(requests: readonly PreparedRequest[], imageBytes: (url: BodyPiece) => number): WorkloadInfo {
  const seen = new Set<number>();
  let slots = 0;
  let distinctImageBytes = 0;
  for (const request of requests) {
    request.imageIds.forEach((id, k) => {
      slots++;
      if (!seen.has(id)) {
        seen.add(id);
        distinctImageBytes += imageBytes(request.images[k]!);
      }
    });
  }
  return {
    imageSlots: slots,
    distinctImages: seen.size,
    plannedHitRate: slots === 0 ? null : (slots - seen.size) / slots,
    plannedRequests: requests.length,
    distinctImageBytes,
    expectedIsl: islRange(requests),
  };
}

/** Avg, min and max expected ISL; null when some request's is unknown. A loop: spreading 100k+ values overflows the stack. */
function islRange(requests: readonly PreparedRequest[]): WorkloadInfo['expectedIsl'] {
  if (requests.length === 0) return null;
  let sum = 0;
  let min = Infinity;
  let max = -Infinity;
  for (const { expectedIsl } of requests) {
    if (expectedIsl === null) return null;
    sum += expectedIsl;
    min = Math.min(min, expectedIsl);
    max = Math.max(max, expectedIsl);
  }
  return { avg: sum / requests.length, min, max };
}

/** One line for the console: "300 image slots, 240 distinct (20.0% planned hits, infinite cache), 11.2 MiB of images; expected ISL 13,674". */
export function describeInfo(info: WorkloadInfo): string {
  const parts: string[] = [];
  if (info.imageSlots > 0) {
    parts.push(`${info.imageSlots} image slots, ${info.distinctImages} distinct images ` +
      `(${((info.plannedHitRate ?? 0) * 100).toFixed(1)}% planned hits with an infinite cache)` +
      (info.distinctImageBytes > 0 ? `, ${formatBytes(info.distinctImageBytes)} of distinct images` : ''));
  }
  if (info.expectedIsl) {
    const { avg, min, max } = info.expectedIsl;
    parts.push(min === max ? `expected ISL ${min} tokens` : `expected ISL ${min}–${max} tokens (avg ${avg.toFixed(1)})`);
  }
  return parts.join('; ');
}
