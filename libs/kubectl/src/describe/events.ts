import { escapeValue } from '@kubelab/apimachinery';
import { corePath, listAll, type DescribeContext } from './context';
import { goSort } from './go-sort';
import { LEVEL_0, LEVEL_1, type PrefixWriter } from './prefix-writer';
import { parseTime, since } from './time';

// The Events section: the core/v1 events about one object, found as kubectl's searchEvents
// finds them (a field selector on the involved object), printed oldest first.

/** What identifies the involved object (an ObjectReference). */
export interface ObjectRef {
  /** Left out of the selector when empty (kubectl leaves it out for pods). */
  kind?: string;
  name: string;
  /** Empty for cluster-scoped objects: the events are then searched in every namespace. */
  namespace?: string;
  uid?: string;
}

/** The reference kubectl builds for an object it read (reference.GetReference). */
export const refOf = (obj: any, kind: string): ObjectRef => ({
  kind,
  name: obj?.metadata?.name ?? '',
  namespace: obj?.metadata?.namespace ?? '',
  uid: obj?.metadata?.uid,
});

/** The events about ref; a failed search reads as no events, as in kubectl. */
export async function searchEvents(ctx: DescribeContext, ref: ObjectRef): Promise<any[]> {
  try {
    return await searchEventsOrThrow(ctx, ref);
  } catch {
    return [];
  }
}

export function searchEventsOrThrow(ctx: DescribeContext, ref: ObjectRef): Promise<any[]> {
  const terms: [string, string | undefined][] = [
    ['involvedObject.kind', ref.kind || undefined],
    ['involvedObject.name', ref.name],
    ['involvedObject.namespace', ref.namespace ?? ''],
    ['involvedObject.uid', ref.uid || undefined],
  ];
  const fieldSelector = terms
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}=${escapeValue(v!)}`)
    .join(',');
  return listAll(ctx, corePath('events', ref.namespace || undefined), { fieldSelector });
}

/** DescribeEvents: `Events: <none>`, or the table (after a flush: it is aligned on its own). */
export function describeEvents(events: any[], w: PrefixWriter, now: number): void {
  if (!events.length) return w.write(LEVEL_0, 'Events:\t<none>\n');
  w.flush();
  const lastSeen = (e: any) => parseTime(e?.lastTimestamp) ?? -Infinity;
  const sorted = goSort([...events], (a, b) => lastSeen(a) < lastSeen(b));
  w.write(LEVEL_0, 'Events:\n  Type\tReason\tAge\tFrom\tMessage\n');
  w.write(LEVEL_1, '----\t------\t----\t----\t-------\n');
  for (const e of sorted) {
    // ReportingController is named reportingComponent in JSON.
    const source = e.source?.component || e.reportingComponent || '';
    const message = String(e.message ?? '').trim();
    w.write(
      LEVEL_1,
      `${e.type ?? ''}\t${e.reason ?? ''}\t${eventAge(e, now)}\t${source}\t${message}\n`,
    );
  }
}

/** `5s`, or `2m (x3 over 10m)` for a repeated event (a series, or a count above one). */
function eventAge(e: any, now: number): string {
  const first = e.eventTime ? since(e.eventTime, now) : since(e.firstTimestamp, now);
  if (e.series)
    return `${since(e.series.lastObservedTime, now)} (x${e.series.count ?? 0} over ${first})`;
  if ((e.count ?? 0) > 1) return `${since(e.lastTimestamp, now)} (x${e.count} over ${first})`;
  return first;
}
