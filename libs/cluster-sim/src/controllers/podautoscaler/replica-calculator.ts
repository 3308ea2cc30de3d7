// pkg/controller/podautoscaler/replica_calculator.go: the replica count a resource metric asks
// for. Pods are grouped as ready, unready (pending, or not ready / not yet sampled in their CPU
// initialization period), missing (no metrics) and ignored (deleted, failed); the usage ratio
// against the target is recomputed conservatively when some pods are unready or missing, and a
// change within the tolerance (10%) is no change.
import type { Selector } from '@kubelab/apimachinery';
import { podCondition } from '../util/pods';
import { milli } from '../../util/quantity';
import type { ControllerContext } from '../controller';
import { getResourceMetric, MetricsError, type PodMetric } from './metrics-client';

/** kube-controller-manager's --horizontal-pod-autoscaler-* defaults. */
export const TOLERANCE = 0.1;
export const CPU_INITIALIZATION_PERIOD_MS = 5 * 60_000;
export const INITIAL_READINESS_DELAY_MS = 30_000;

interface Groups {
  ready: Set<string>;
  unready: Set<string>;
  missing: Set<string>;
  ignored: Set<string>;
}

function groupPods(
  pods: any[],
  metrics: Map<string, PodMetric>,
  resource: string,
  now: number,
): Groups {
  const g: Groups = {
    ready: new Set(),
    unready: new Set(),
    missing: new Set(),
    ignored: new Set(),
  };
  for (const pod of pods) {
    const name = pod.metadata.name;
    if (pod.metadata.deletionTimestamp || pod.status?.phase === 'Failed') {
      g.ignored.add(name);
      continue;
    }
    if (pod.status?.phase === 'Pending') {
      g.unready.add(name);
      continue;
    }
    const metric = metrics.get(name);
    if (!metric) {
      g.missing.add(name);
      continue;
    }
    if (resource === 'cpu') {
      const cond = podCondition(pod, 'Ready');
      const start = Date.parse(pod.status?.startTime ?? '');
      let unready: boolean;
      if (!cond || Number.isNaN(start)) unready = true;
      else {
        const transition = Date.parse(cond.lastTransitionTime ?? '');
        if (start + CPU_INITIALIZATION_PERIOD_MS > now)
          // In its initialization period: unready, or not sampled for a whole window since it changed.
          unready = cond.status === 'False' || metric.timestamp < transition + metric.windowMs;
        else
          // Afterwards: only a pod that has never been ready is left out.
          unready = cond.status === 'False' && start + INITIAL_READINESS_DELAY_MS > transition;
      }
      if (unready) {
        g.unready.add(name);
        continue;
      }
    }
    g.ready.add(name);
  }
  return g;
}

/** calculatePodRequests: each pod's request for the resource (all its containers, or one). */
function podRequests(pods: any[], container: string, resource: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const pod of pods) {
    let sum = 0;
    const containers = [
      ...(pod.spec?.containers ?? []),
      ...(pod.spec?.initContainers ?? []).filter((c: any) => c.restartPolicy === 'Always'),
    ];
    for (const c of containers) {
      if (container && c.name !== container) continue;
      const req = c.resources?.requests?.[resource];
      if (req === undefined)
        throw new MetricsError(
          `missing request for ${resource} in container ${c.name} of Pod ${pod.metadata.name}`,
        );
      sum += milli(req);
    }
    out.set(pod.metadata.name, sum);
  }
  return out;
}

/** metricsclient.GetResourceUtilizationRatio. */
function utilizationRatio(
  metrics: Map<string, PodMetric>,
  requests: Map<string, number>,
  target: number,
) {
  let metricsTotal = 0;
  let requestsTotal = 0;
  let n = 0;
  for (const [name, m] of metrics) {
    const r = requests.get(name);
    if (r === undefined) continue;
    metricsTotal += m.value;
    requestsTotal += r;
    n++;
  }
  if (requestsTotal === 0) throw new MetricsError('no metrics returned matched known pods');
  const utilization = Math.trunc((metricsTotal * 100) / requestsTotal);
  return { ratio: utilization / target, utilization, rawAverage: Math.trunc(metricsTotal / n) };
}

export interface ResourceReplicas {
  replicas: number;
  utilization?: number;
  /** Average usage per pod, in milli-units. */
  rawAverage: number;
  timestamp: number;
}

function podsFor(ctx: ControllerContext, namespace: string, selector: Selector): any[] {
  const pods = (ctx.state.list('', 'Pod', namespace) as any[]).filter((p) =>
    selector.matches(p.metadata.labels ?? {}),
  );
  if (!pods.length)
    throw new MetricsError('no pods returned by selector while calculating replica count');
  return pods;
}

/** GetResourceReplicas: against a utilization target (percent of request). */
export function getResourceReplicas(
  ctx: ControllerContext,
  currentReplicas: number,
  targetUtilization: number,
  resource: string,
  namespace: string,
  selector: Selector,
  container: string,
): ResourceReplicas {
  let fetched: ReturnType<typeof getResourceMetric>;
  try {
    fetched = getResourceMetric(ctx, resource, namespace, selector, container);
  } catch (e) {
    throw new MetricsError(
      `unable to get metrics for resource ${resource}: ${(e as Error).message}`,
    );
  }
  const metrics = new Map(fetched.metrics);
  const pods = podsFor(ctx, namespace, selector);
  const g = groupPods(pods, metrics, resource, ctx.now);
  for (const name of [...g.ignored, ...g.unready]) metrics.delete(name);
  if (!metrics.size)
    throw new MetricsError('did not receive metrics for targeted pods (pods might be unready)');
  const requests = podRequests(pods, container, resource);
  const first = utilizationRatio(metrics, requests, targetUtilization);
  const result = (replicas: number): ResourceReplicas => ({
    replicas,
    utilization: first.utilization,
    rawAverage: first.rawAverage,
    timestamp: fetched.timestamp,
  });
  const scaleUpWithUnready = g.unready.size > 0 && first.ratio > 1;
  if (!scaleUpWithUnready && g.missing.size === 0) {
    if (Math.abs(1 - first.ratio) <= TOLERANCE) return result(currentReplicas);
    return result(Math.ceil(first.ratio * g.ready.size));
  }
  if (g.missing.size) {
    // Missing pods count as using 100% (or the target, if higher) on a scale-down, 0% on a scale-up.
    const fallback = Math.max(100, targetUtilization);
    for (const name of g.missing)
      metrics.set(name, {
        value: first.ratio < 1 ? ((requests.get(name) ?? 0) * fallback) / 100 : 0,
        timestamp: 0,
        windowMs: 0,
      });
  }
  if (scaleUpWithUnready)
    for (const name of g.unready) metrics.set(name, { value: 0, timestamp: 0, windowMs: 0 });
  const second = utilizationRatio(metrics, requests, targetUtilization);
  if (
    Math.abs(1 - second.ratio) <= TOLERANCE ||
    (first.ratio < 1 && second.ratio > 1) ||
    (first.ratio > 1 && second.ratio < 1)
  )
    return result(currentReplicas);
  const replicas = Math.ceil(second.ratio * metrics.size);
  if (
    (second.ratio < 1 && replicas > currentReplicas) ||
    (second.ratio > 1 && replicas < currentReplicas)
  )
    return result(currentReplicas);
  return result(replicas);
}

/** GetRawResourceReplicas: against an average value target (usage per pod). */
export function getRawResourceReplicas(
  ctx: ControllerContext,
  currentReplicas: number,
  targetMilli: number,
  resource: string,
  namespace: string,
  selector: Selector,
  container: string,
): ResourceReplicas {
  let fetched: ReturnType<typeof getResourceMetric>;
  try {
    fetched = getResourceMetric(ctx, resource, namespace, selector, container);
  } catch (e) {
    throw new MetricsError(
      `unable to get metrics for resource ${resource}: ${(e as Error).message}`,
    );
  }
  const metrics = new Map(fetched.metrics);
  const pods = podsFor(ctx, namespace, selector);
  const g = groupPods(pods, metrics, resource, ctx.now);
  for (const name of [...g.ignored, ...g.unready]) metrics.delete(name);
  if (!metrics.size)
    throw new MetricsError('did not receive metrics for targeted pods (pods might be unready)');
  let total = 0;
  for (const m of metrics.values()) total += m.value;
  const usage = total / metrics.size;
  const ratio = usage / targetMilli;
  const raw = Math.trunc(usage);
  const result = (replicas: number): ResourceReplicas => ({
    replicas,
    rawAverage: raw,
    timestamp: fetched.timestamp,
  });
  const scaleUpWithUnready = g.unready.size > 0 && ratio > 1;
  if (!scaleUpWithUnready && !g.missing.size) {
    if (Math.abs(1 - ratio) <= TOLERANCE) return result(currentReplicas);
    return result(Math.ceil(ratio * g.ready.size));
  }
  for (const name of g.missing)
    metrics.set(name, { value: ratio < 1 ? targetMilli : 0, timestamp: 0, windowMs: 0 });
  if (scaleUpWithUnready)
    for (const name of g.unready) metrics.set(name, { value: 0, timestamp: 0, windowMs: 0 });
  total = 0;
  for (const m of metrics.values()) total += m.value;
  const newRatio = total / metrics.size / targetMilli;
  if (
    Math.abs(1 - newRatio) <= TOLERANCE ||
    (ratio < 1 && newRatio > 1) ||
    (ratio > 1 && newRatio < 1)
  )
    return result(currentReplicas);
  const replicas = Math.ceil(newRatio * metrics.size);
  if ((newRatio < 1 && replicas > currentReplicas) || (newRatio > 1 && replicas < currentReplicas))
    return result(currentReplicas);
  return result(replicas);
}
