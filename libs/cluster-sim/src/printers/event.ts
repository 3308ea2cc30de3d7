// printEvent of pkg/printers/internalversion/printers.go, for core/v1 and events.k8s.io/v1 Events.
import { column, doc, printer, wide, type PrinterEntry } from './columns';
import { int, parseTime, since, type Cell } from './format';

const firstNonEmpty = (...values: unknown[]) =>
  (values.find((v) => typeof v === 'string' && v !== '') as string | undefined) ?? '';

/**
 * formatEventSource: "component, host". Events written through the events.k8s.io API have no
 * source; their reporting controller and instance stand in.
 */
function eventSource(e: any): string {
  const component = firstNonEmpty(e.source?.component, e.reportingComponent);
  const instance = firstNonEmpty(e.source?.host, e.reportingInstance);
  return instance ? `${component}, ${instance}` : component;
}

/**
 * An events.k8s.io/v1 Event in the internal (core) shape the printer reads, field for field as
 * pkg/apis/events/v1's conversion maps it; the series stays a series.
 */
export function eventsV1AsCore(e: any): any {
  return {
    metadata: e.metadata,
    involvedObject: e.regarding ?? {},
    reason: e.reason,
    message: e.note,
    type: e.type,
    source: e.deprecatedSource ?? {},
    firstTimestamp: e.deprecatedFirstTimestamp,
    lastTimestamp: e.deprecatedLastTimestamp,
    count: e.deprecatedCount,
    eventTime: e.eventTime,
    series: e.series,
    reportingComponent: e.reportingController,
    reportingInstance: e.reportingInstance,
  };
}

/**
 * The cells of one core Event. Events from the new API have no first/last timestamps: their
 * eventTime stands in, and a series gives the last time seen and the count.
 */
export function printEvent(e: any, now: number): Cell[] {
  const first =
    parseTime(e.firstTimestamp) !== undefined
      ? since(e.firstTimestamp, now)
      : since(e.eventTime, now);
  let last = parseTime(e.lastTimestamp) !== undefined ? since(e.lastTimestamp, now) : first;
  let count = int(e.count);
  if (e.series) {
    last = since(e.series.lastObservedTime, now);
    count = int(e.series.count);
  } else if (count === 0) {
    // A singleton event of the new API has no count.
    count = 1;
  }
  const involved = e.involvedObject ?? {};
  const kind = String(involved.kind ?? '').toLowerCase();
  return [
    last,
    e.type ?? '',
    e.reason ?? '',
    involved.name ? `${kind}/${involved.name}` : kind,
    involved.fieldPath ?? '',
    eventSource(e),
    String(e.message ?? '').trim(),
    first,
    count,
    e.metadata?.name ?? '',
  ];
}

const eventColumns = () => [
  column('Last Seen', 'string', doc('Event', 'lastTimestamp')),
  column('Type', 'string', doc('Event', 'type')),
  column('Reason', 'string', doc('Event', 'reason')),
  column('Object', 'string', doc('Event', 'involvedObject')),
  wide('Subobject', 'string', doc('ObjectReference', 'fieldPath')),
  wide('Source', 'string', doc('Event', 'source')),
  column('Message', 'string', doc('Event', 'message')),
  wide('First Seen', 'string', doc('Event', 'firstTimestamp')),
  wide('Count', 'string', doc('Event', 'count')),
  column('Name', 'string', doc('ObjectMeta', 'name'), { format: 'name', priority: 1 }),
];

export const eventPrinters: PrinterEntry[] = [
  { group: '', kind: 'Event', printer: printer(eventColumns, printEvent) },
  // Both APIs are served from one store and one printer: the same columns, whichever is asked.
  {
    group: 'events.k8s.io',
    kind: 'Event',
    printer: printer(eventColumns, (e, now) => printEvent(eventsV1AsCore(e), now)),
  },
];
