// pkg/controller/job/indexed_job_utils.go: completion indexes as ordered intervals ("1,3-5"),
// the index of a pod, the first indexes still to run, and per-index failure counts.

export const COMPLETION_INDEX_ANNOTATION = 'batch.kubernetes.io/job-completion-index';
export const INDEX_FAILURE_COUNT_ANNOTATION = 'batch.kubernetes.io/job-index-failure-count';
export const INDEX_IGNORED_FAILURE_COUNT_ANNOTATION =
  'batch.kubernetes.io/job-index-ignored-failure-count';
export const COMPLETION_INDEX_ENV = 'JOB_COMPLETION_INDEX';

export interface Interval {
  first: number;
  last: number;
}

export type Intervals = Interval[];

export const isIndexedJob = (job: any) => job.spec?.completionMode === 'Indexed';
export const hasBackoffLimitPerIndex = (job: any) =>
  job.spec?.backoffLimitPerIndex !== undefined && job.spec?.backoffLimitPerIndex !== null;

export function total(oi: Intervals): number {
  return oi.reduce((n, iv) => n + iv.last - iv.first + 1, 0);
}

export function has(oi: Intervals | undefined, ix: number): boolean {
  return !!oi?.some((iv) => iv.first <= ix && ix <= iv.last);
}

/** orderedIntervals.String(): "0,2-4"; two neighbours print as "0,1". */
export function intervalsString(oi: Intervals): string {
  return oi
    .map((v) =>
      v.last > v.first
        ? `${v.first}${v.last === v.first + 1 ? ',' : '-'}${v.last}`
        : String(v.first),
    )
    .join(',');
}

/** Merges two ordered interval lists, joining touching intervals. */
export function merge(a: Intervals, b: Intervals): Intervals {
  const all = [...a, ...b].sort((x, y) => x.first - y.first);
  const out: Intervals = [];
  for (const iv of all) {
    const last = out[out.length - 1];
    if (!last || iv.first > last.last + 1) out.push({ ...iv });
    else if (last.last < iv.last) last.last = iv.last;
  }
  return out;
}

export function withIndexes(oi: Intervals, indexes: Iterable<number>): Intervals {
  return merge(
    oi,
    [...new Set(indexes)].sort((x, y) => x - y).map((i) => ({ first: i, last: i })),
  );
}

/** parseIndexesFromString: lenient, indexes at or above completions dropped. */
export function parseIndexes(s: string | undefined | null, completions: number): Intervals {
  if (!s) return [];
  const out: Intervals = [];
  for (const part of s.split(',')) {
    const limits = part.split('-');
    const first = Number.parseInt(limits[0]!, 10);
    if (Number.isNaN(first)) continue;
    if (first >= completions) break;
    let last = first;
    if (limits.length > 1) {
      last = Number.parseInt(limits[1]!, 10);
      if (Number.isNaN(last)) continue;
      if (last >= completions) last = completions - 1;
    }
    const prev = out[out.length - 1];
    if (prev && prev.last === first - 1) prev.last = last;
    else out.push({ first, last });
  }
  return out;
}

/** The pod's completion index, or -1 (unknownCompletionIndex). */
export function completionIndex(pod: any): number {
  const v = pod.metadata?.annotations?.[COMPLETION_INDEX_ANNOTATION];
  if (v === undefined || !/^[+-]?\d+$/.test(v)) return -1;
  const n = Number(v);
  return n < 0 ? -1 : n;
}

function annotationCount(pod: any, key: string): number {
  const v = pod?.metadata?.annotations?.[key];
  if (v === undefined || !/^\d+$/.test(v)) return 0;
  const n = Number(v);
  return n > 2147483647 ? 0 : n;
}

export const indexFailureCount = (pod: any) => annotationCount(pod, INDEX_FAILURE_COUNT_ANNOTATION);
export const indexIgnoredFailureCount = (pod: any) =>
  annotationCount(pod, INDEX_IGNORED_FAILURE_COUNT_ANNOTATION);
export const indexAbsoluteFailureCount = (pod: any) =>
  indexFailureCount(pod) + indexIgnoredFailureCount(pod);

/** The first `count` indexes below `completions` that no pod holds and that are not done. */
export function firstPendingIndexes(
  count: number,
  completions: number,
  nonPending: Intervals,
): number[] {
  const out: number[] = [];
  for (let ix = 0; ix < completions && out.length < count; ix++)
    if (!has(nonPending, ix)) out.push(ix);
  return out;
}

/** podGenerateNameWithIndex: `<job>-<index>-`, the job name cut to keep the prefix at 58. */
export function generateNameWithIndex(jobName: string, index: number): string {
  const suffix = `-${index}-`;
  const prefix = jobName + suffix;
  return prefix.length > 58 ? jobName.slice(0, 58 - suffix.length) + suffix : prefix;
}
