// pkg/controller/podautoscaler/metrics/client.go: the HPA's view of the metrics APIs. Resource
// metrics come from metrics.k8s.io (metrics-server); no custom.metrics.k8s.io or
// external.metrics.k8s.io adapter runs in this cluster, so Pods, Object and External metrics fail
// the way they do without one.
import type { Selector } from '@kubelab/apimachinery';
import { METRICS_GROUP } from '../../apis/metrics/metrics';
import type { ControllerContext } from '../controller';
import { milli } from '../../util/quantity';

export interface PodMetric {
  /** Milli-units: millicores, or milli-bytes for memory (Quantity.MilliValue()). */
  value: number;
  timestamp: number;
  windowMs: number;
}

export class MetricsError extends Error {}

const durationMs = (s: string | undefined) => {
  const m = /^([\d.]+)(ms|s|m)$/.exec(s ?? '');
  if (!m) return 0;
  return Number(m[1]) * (m[2] === 'ms' ? 1 : m[2] === 's' ? 1000 : 60_000);
};

/** GetResourceMetric: per pod, the sum over its containers (or one container) of a resource. */
export function getResourceMetric(
  ctx: ControllerContext,
  resource: string,
  namespace: string,
  selector: Selector,
  container: string,
): { metrics: Map<string, PodMetric>; timestamp: number } {
  if (ctx.profile.metricsServer === false)
    throw new MetricsError(
      'unable to fetch metrics from resource metrics API: the server could not find the requested resource (get pods.metrics.k8s.io)',
    );
  const items = (ctx.state.list(METRICS_GROUP, 'PodMetrics', namespace) as any[]).filter((m) =>
    selector.matches(m.metadata.labels ?? {}),
  );
  if (!items.length) throw new MetricsError('no metrics returned from resource metrics API');
  const metrics = new Map<string, PodMetric>();
  for (const m of items) {
    const containers: any[] = m.containers ?? [];
    let sum = 0;
    let missing = containers.length === 0;
    let found = false;
    for (const c of containers) {
      if (container && c.name !== container) continue;
      const v = c.usage?.[resource];
      if (v === undefined) {
        missing = true;
        break;
      }
      found = true;
      sum += milli(v);
    }
    if (container && !found && !missing)
      throw new MetricsError(
        `failed to get container metrics: container ${container} not present in metrics for pod ${m.metadata.namespace}/${m.metadata.name}`,
      );
    if (!missing)
      metrics.set(m.metadata.name, {
        value: sum,
        timestamp: Date.parse(m.timestamp),
        windowMs: durationMs(m.window),
      });
  }
  return { metrics, timestamp: Date.parse(items[0].timestamp) };
}

/** GetRawMetric / GetObjectMetric: the custom metrics API is not there. */
export function customMetricsUnavailable(): MetricsError {
  return new MetricsError(
    'unable to fetch metrics from custom metrics API: no custom metrics API (custom.metrics.k8s.io) registered',
  );
}

/** GetExternalMetric: the external metrics API is not there. */
export function externalMetricsUnavailable(): MetricsError {
  return new MetricsError(
    'unable to fetch metrics from external metrics API: no external metrics API (external.metrics.k8s.io) registered',
  );
}
