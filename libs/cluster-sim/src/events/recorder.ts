import {
  formatMicroTime,
  formatTime,
  splitApiVersion,
  type KubeObject,
} from '@kubelab/apimachinery';

// client-go's EventRecorder with its correlator: an event repeating the same reason and message
// about the same object from the same source updates the existing Event (count, lastTimestamp)
// instead of adding another (tools/record/events_cache.go).

export interface EventSource {
  component: string;
  host?: string;
}

export interface EventSink {
  now: number;
  random: () => number;
  /** Events in `namespace` that may be about the object with `uid` (a superset is fine). */
  find(namespace: string, uid: string): KubeObject[];
  create(ev: KubeObject): void;
  update(ev: KubeObject): void;
}

export interface RecordOptions {
  type: 'Normal' | 'Warning';
  reason: string;
  message: string;
  source: EventSource;
  fieldPath?: string;
  /** New-style events (events.k8s.io): eventTime and reporting fields, no timestamps or count. */
  action?: string;
  reportingInstance?: string;
}

export function involvedObjectOf(o: KubeObject, fieldPath?: string) {
  const ref: Record<string, string> = {
    kind: o.kind,
    namespace: o.metadata.namespace ?? '',
    name: o.metadata.name,
    uid: o.metadata.uid ?? '',
    apiVersion: o.apiVersion,
    resourceVersion: o.metadata.resourceVersion ?? '',
  };
  if (!ref.namespace) delete ref.namespace;
  if (fieldPath) ref.fieldPath = fieldPath;
  return ref;
}

const HEX = '0123456789abcdef';

/** `<name>.<unix nanoseconds in hex>`, as the recorder names events. */
export function eventName(objName: string, nowMs: number, random: () => number): string {
  const nanos = BigInt(Math.floor(nowMs)) * 1_000_000n + BigInt(Math.floor(random() * 1_000_000));
  return `${objName}.${nanos
    .toString(16)
    .padStart(16, '0')
    .replace(/[^0-9a-f]/g, () => HEX[Math.floor(random() * 16)]!)}`;
}

export function recordEvent(sink: EventSink, about: KubeObject, o: RecordOptions): void {
  const namespace = about.metadata.namespace || 'default';
  const ref = involvedObjectOf(about, o.fieldPath);
  const now = formatTime(sink.now);
  if (o.action) {
    // New-style event: one object per occurrence series; repeats bump series.count.
    const existing = sink
      .find(namespace, ref.uid ?? '')
      .find(
        (e: any) =>
          e.involvedObject?.uid === ref.uid &&
          e.reason === o.reason &&
          e.message === o.message &&
          e.reportingComponent === o.source.component,
      );
    if (existing) {
      const e: any = structuredClone(existing);
      e.series = { count: (e.series?.count ?? 1) + 1, lastObservedTime: formatMicroTime(sink.now) };
      sink.update(e);
      return;
    }
    sink.create({
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: eventName(about.metadata.name, sink.now, sink.random), namespace },
      involvedObject: ref,
      reason: o.reason,
      message: o.message,
      type: o.type,
      source: {},
      firstTimestamp: null,
      lastTimestamp: null,
      eventTime: formatMicroTime(sink.now),
      action: o.action,
      reportingComponent: o.source.component,
      reportingInstance: o.reportingInstance ?? '',
    } as unknown as KubeObject);
    return;
  }
  const existing = sink
    .find(namespace, ref.uid ?? '')
    .find(
      (e: any) =>
        e.involvedObject?.uid === ref.uid &&
        (e.involvedObject?.fieldPath ?? '') === (o.fieldPath ?? '') &&
        e.reason === o.reason &&
        e.message === o.message &&
        e.type === o.type &&
        e.source?.component === o.source.component &&
        (e.source?.host ?? '') === (o.source.host ?? ''),
    );
  if (existing) {
    const e: any = structuredClone(existing);
    e.count = (e.count ?? 1) + 1;
    e.lastTimestamp = now;
    e.involvedObject = ref;
    sink.update(e);
    return;
  }
  const source: Record<string, string> = { component: o.source.component };
  if (o.source.host) source.host = o.source.host;
  sink.create({
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name: eventName(about.metadata.name, sink.now, sink.random), namespace },
    involvedObject: ref,
    reason: o.reason,
    message: o.message,
    source,
    firstTimestamp: now,
    lastTimestamp: now,
    count: 1,
    type: o.type,
    eventTime: null,
    reportingComponent: o.source.component,
    reportingInstance: o.source.host ?? '',
  } as unknown as KubeObject);
}

export const groupOf = (o: KubeObject) => splitApiVersion(o.apiVersion).group;
