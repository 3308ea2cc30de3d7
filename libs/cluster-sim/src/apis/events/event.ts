import type { ResourceType } from '../../registry/resource-type';
import { ALL_VERBS } from '../../registry/resource-type';

// events.k8s.io/v1 Event: a newer shape of the same objects as core/v1 Events, which is how
// they are stored. Field mapping as in pkg/apis/events/v1/conversion.go.

export function coreToEventsV1(e: any): any {
  const out: any = {
    apiVersion: 'events.k8s.io/v1',
    kind: 'Event',
    metadata: e.metadata,
    eventTime: e.eventTime ?? null,
    reason: e.reason,
    note: e.message,
    type: e.type,
    regarding: e.involvedObject,
    reportingController: e.reportingComponent || e.source?.component || '',
    reportingInstance: e.reportingInstance || e.source?.host || '',
    action: e.action,
  };
  if (e.related) out.related = e.related;
  if ((e.count ?? 1) > 1 || e.series)
    out.series = e.series ?? { count: e.count, lastObservedTime: e.lastTimestamp };
  out.deprecatedCount = e.count;
  out.deprecatedFirstTimestamp = e.firstTimestamp;
  out.deprecatedLastTimestamp = e.lastTimestamp;
  out.deprecatedSource = e.source;
  for (const k of Object.keys(out)) if (out[k] === undefined) delete out[k];
  return out;
}

export function eventsV1ToCore(e: any): any {
  const out: any = {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: e.metadata,
    involvedObject: e.regarding ?? {},
    reason: e.reason,
    message: e.note,
    type: e.type,
    eventTime: e.eventTime,
    reportingComponent: e.reportingController,
    reportingInstance: e.reportingInstance,
    action: e.action,
    related: e.related,
    count: e.series?.count ?? e.deprecatedCount,
    firstTimestamp: e.deprecatedFirstTimestamp,
    lastTimestamp: e.series?.lastObservedTime ?? e.deprecatedLastTimestamp,
    source: e.deprecatedSource ?? { component: e.reportingController },
  };
  for (const k of Object.keys(out)) if (out[k] === undefined) delete out[k];
  return out;
}

export const eventsV1Type: ResourceType = {
  group: 'events.k8s.io',
  version: 'v1',
  kind: 'Event',
  plural: 'events',
  singular: 'event',
  shortNames: ['ev'],
  namespaced: true,
  verbs: ALL_VERBS,
  hasStatus: false,
  generation: 'none',
  storedAs: { group: '', kind: 'Event', toStored: eventsV1ToCore, fromStored: coreToEventsV1 },
};
