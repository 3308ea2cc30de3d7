// metrics.k8s.io/v1beta1 PodMetrics and NodeMetrics (k8s.io/metrics/pkg/apis/metrics/v1beta1):
// read-only kinds whose objects the simulated metrics-server keeps up to date from the kubelets'
// usage (src/metrics/metrics-server.ts), as the real one answers from its in-memory scrapes.
// Served like the aggregated API: resources `pods` and `nodes`, verbs get and list only. The
// stored samples carry API-server bookkeeping (uid, resourceVersion) the real API never shows,
// so they are served through a view that drops it.
import type { ResourceType } from '../../registry/resource-type';

export const METRICS_GROUP = 'metrics.k8s.io';

/** What a sample shows: metrics-server builds fresh objects on every request. */
function present(o: any): any {
  const { metadata: m, apiVersion, kind, ...rest } = o;
  const metadata: any = { name: m.name };
  if (m.namespace) metadata.namespace = m.namespace;
  metadata.creationTimestamp = o.timestamp ?? m.creationTimestamp;
  if (m.labels) metadata.labels = m.labels;
  return { kind, apiVersion, metadata, ...rest };
}

const sameShape = (o: any) => o;

const metricsKind = (kind: string, plural: string, namespaced: boolean): ResourceType => ({
  group: METRICS_GROUP,
  version: 'v1beta1',
  kind,
  plural,
  // The aggregated metrics API publishes no singular name.
  singular: '',
  namespaced,
  verbs: ['get', 'list'],
  hasStatus: false,
  generation: 'none',
  storedAs: { group: METRICS_GROUP, kind, toStored: sameShape, fromStored: present },
});

export const podMetricsType = metricsKind('PodMetrics', 'pods', true);
export const nodeMetricsType = metricsKind('NodeMetrics', 'nodes', false);
