// pkg/controller/podautoscaler/horizontal.go: every 15 s (--horizontal-pod-autoscaler-sync-period)
// each HPA reads its target's scale and its metrics, computes the replica count they ask for,
// normalizes it (stabilization, limits) and rescales the target through its scale subresource,
// with the real conditions (AbleToScale, ScalingActive, ScalingLimited) and events
// (SuccessfulRescale, FailedGetResourceMetric, ...). The first sync comes one period after the
// HPA is created; later syncs are wake-ups only while something can still change.
import {
  deepClone,
  formatTime,
  labelSelectorAsSelector,
  newMilliQuantity,
  parseSelector,
  selectorFromSet,
  splitApiVersion,
  type KubeObject,
  type Selector,
} from '@kubelab/apimachinery';
import { jsonEqual } from '../../util/equal';
import { milli } from '../../util/quantity';
import { canonicalJson } from '../../util/names';
import type { Controller, ControllerContext } from '../controller';
import { readMemory, writeMemory } from '../util/memory';
import {
  customMetricsUnavailable,
  externalMetricsUnavailable,
  MetricsError,
} from './metrics-client';
import {
  DOWNSCALE_STABILIZATION_MS,
  normalizeDesiredReplicas,
  normalizeWithBehaviors,
  storeScaleEvent,
  type Condition,
  type HpaMemory,
} from './normalize';
import { getRawResourceReplicas, getResourceReplicas } from './replica-calculator';

export const SYNC_PERIOD_MS = 15_000;
const CONTROLLER = 'horizontal-pod-autoscaler';
const SOURCE = { component: CONTROLLER };

const plural = (t: { plural: string; group: string }) =>
  t.group ? `${t.plural}.${t.group}` : t.plural;

interface Scale {
  target: KubeObject;
  specReplicas: number;
  statusReplicas: number;
  selector: string;
}

/** The target's scale subresource (Scales().Get), or the error message the HPA reports. */
function getScale(ctx: ControllerContext, hpa: any): Scale | string {
  const ref = hpa.spec.scaleTargetRef ?? {};
  const { group } = splitApiVersion(ref.apiVersion ?? '');
  const type = ctx.registry.forKind(group, ref.kind);
  if (!type || type.internal) return `no matches for kind "${ref.kind}" in group "${group}"`;
  const target = ctx.state.get(type.group, type.kind, hpa.metadata.namespace, ref.name) as any;
  if (!type.subresources?.some((s) => s.name === 'scale'))
    return 'the server could not find the requested resource';
  if (!target) return `${plural(type)} "${ref.name}" not found`;
  const sel = target.spec?.selector;
  let selector = '';
  if (sel && typeof sel === 'object' && ('matchLabels' in sel || 'matchExpressions' in sel))
    selector = labelSelectorAsSelector(sel).toString();
  else if (sel && typeof sel === 'object') selector = selectorFromSet(sel).toString();
  return {
    target,
    specReplicas: target.spec?.replicas ?? 1,
    statusReplicas: target.status?.replicas ?? 0,
    selector,
  };
}

interface MetricResult {
  replicas: number;
  name: string;
  timestamp: number;
  status: any;
}

interface MetricFailure {
  error: string;
  condition: Condition;
}

/** computeReplicasForMetric: one metric's proposal and status, or why it failed. */
function computeForMetric(
  ctx: ControllerContext,
  hpa: any,
  spec: any,
  specReplicas: number,
  selector: Selector,
  events: { reason: string; message: string }[],
): MetricResult | MetricFailure {
  const fail = (reason: string, err: string, wrap: string): MetricFailure => {
    events.push({ reason, message: err });
    return {
      error: wrap,
      condition: {
        type: 'ScalingActive',
        status: 'False',
        reason,
        message: `the HPA was unable to compute the replica count: ${err}`,
      },
    };
  };
  const ns = hpa.metadata.namespace;
  switch (spec.type) {
    case 'Resource':
    case 'ContainerResource': {
      const container = spec.type === 'ContainerResource';
      const src = container ? spec.containerResource : spec.resource;
      const reason = container ? 'FailedGetContainerResourceMetric' : 'FailedGetResourceMetric';
      const wrapOf = (e: string) =>
        container
          ? `failed to get ${src.container} container metric value: ${e}`
          : `failed to get ${src.name} resource metric value: ${e}`;
      const target = src.target ?? {};
      try {
        if (target.averageValue != null) {
          const targetMilli = milli(target.averageValue);
          const r = getRawResourceReplicas(
            ctx,
            specReplicas,
            targetMilli,
            src.name,
            ns,
            selector,
            container ? src.container : '',
          );
          const status = {
            type: spec.type,
            [container ? 'containerResource' : 'resource']: {
              name: src.name,
              ...(container ? { container: src.container } : {}),
              current: { averageValue: newMilliQuantity(r.rawAverage, 'DecimalSI').toString() },
            },
          };
          return {
            replicas: r.replicas,
            name: `${src.name} resource`,
            timestamp: r.timestamp,
            status,
          };
        }
        if (target.averageUtilization == null)
          throw new MetricsError(
            'invalid resource metric source: neither an average utilization target nor an average value (usage) target was set',
          );
        const r = getResourceReplicas(
          ctx,
          specReplicas,
          target.averageUtilization,
          src.name,
          ns,
          selector,
          container ? src.container : '',
        );
        const status = {
          type: spec.type,
          [container ? 'containerResource' : 'resource']: {
            name: src.name,
            ...(container ? { container: src.container } : {}),
            current: {
              averageUtilization: r.utilization,
              averageValue: newMilliQuantity(r.rawAverage, 'DecimalSI').toString(),
            },
          },
        };
        const name = container
          ? `${src.name} container resource utilization (percentage of request)`
          : `${src.name} resource utilization (percentage of request)`;
        return { replicas: r.replicas, name, timestamp: r.timestamp, status };
      } catch (e) {
        if (!(e instanceof MetricsError)) throw e;
        const verb = target.averageValue != null ? 'usage' : 'utilization';
        const err = `failed to get ${src.name} ${verb}: ${e.message}`;
        return fail(reason, err, wrapOf(err));
      }
    }
    case 'Pods': {
      const err = `unable to get metric ${spec.pods?.metric?.name}: ${customMetricsUnavailable().message}`;
      return fail('FailedGetPodsMetric', err, `failed to get pods metric value: ${err}`);
    }
    case 'Object': {
      const err = `unable to get metric ${spec.object?.metric?.name}: ${spec.object?.describedObject?.kind} on ${ns} ${spec.object?.describedObject?.name}/${customMetricsUnavailable().message}`;
      return fail('FailedGetObjectMetric', err, `failed to get object metric value: ${err}`);
    }
    case 'External': {
      const err = `unable to get external metric ${ns}/${spec.external?.metric?.name}/${canonicalJson(spec.external?.metric?.selector ?? null)}: ${externalMetricsUnavailable().message}`;
      return fail(
        'FailedGetExternalMetric',
        err,
        `failed to get ${spec.external?.metric?.name} external metric value: ${err}`,
      );
    }
  }
  const err = `unknown metric source type "${spec.type}"`;
  return fail('InvalidMetricSourceType', err, err);
}

function setCondition(status: any, c: Condition, now: number): void {
  const list: any[] = (status.conditions ??= []);
  let existing = list.find((x) => x.type === c.type);
  if (!existing) {
    existing = { type: c.type };
    list.push(existing);
  }
  if (existing.status !== c.status) existing.lastTransitionTime = formatTime(now);
  existing.status = c.status;
  existing.reason = c.reason;
  existing.message = c.message;
  // Keep Go's field order: type, status, lastTransitionTime, reason, message.
  const ordered = {
    type: existing.type,
    status: existing.status,
    lastTransitionTime: existing.lastTransitionTime,
    reason: existing.reason,
    message: existing.message,
  };
  list[list.indexOf(existing)] = ordered;
}

/** Pods and metrics an HPA reads, to tell whether anything changed since its last sync. */
function inputsOf(ctx: ControllerContext, hpa: any, scale: Scale | string): string {
  if (typeof scale === 'string') return `${canonicalJson(hpa.spec)}|${scale}`;
  let selector: Selector | undefined;
  try {
    selector = parseSelector(scale.selector);
  } catch {
    selector = undefined;
  }
  const ns = hpa.metadata.namespace;
  const pods = selector
    ? (ctx.state.list('', 'Pod', ns) as any[])
        .filter((p) => selector!.matches(p.metadata.labels ?? {}))
        .map((p) => [
          p.metadata.name,
          p.status?.phase,
          p.metadata.deletionTimestamp ?? '',
          (p.status?.conditions ?? []).map((c: any) => c.status).join(''),
        ])
    : [];
  const metrics = selector
    ? (ctx.state.list('metrics.k8s.io', 'PodMetrics', ns) as any[])
        .filter((m) => selector!.matches(m.metadata.labels ?? {}))
        .map((m) => [m.metadata.name, m.containers])
    : [];
  return canonicalJson([
    hpa.spec,
    scale.specReplicas,
    scale.statusReplicas,
    scale.selector,
    pods,
    metrics,
  ]);
}

interface SyncOutcome {
  /** Whether the next sync could decide differently on the same inputs. */
  unsettled: boolean;
}

function sync(ctx: ControllerContext, hpa: any, mem: HpaMemory): SyncOutcome {
  const now = ctx.now;
  const status: any = deepClone(hpa.status ?? {});
  const original = deepClone(hpa.status ?? {});
  const events: { type?: 'Normal' | 'Warning'; reason: string; message: string }[] = [];
  const warn = (reason: string, message: string) =>
    events.push({ type: 'Warning', reason, message });
  const finish = (s: any, unsettled: boolean): SyncOutcome => {
    for (const e of events)
      ctx.api.event(hpa, {
        type: e.type ?? 'Warning',
        reason: e.reason,
        message: e.message,
        source: SOURCE,
      });
    if (!jsonEqual(s, original)) ctx.api.updateStatus({ ...hpa, status: s });
    return { unsettled };
  };
  const scale = getScale(ctx, hpa);
  if (typeof scale === 'string') {
    warn('FailedGetScale', scale);
    setCondition(
      status,
      {
        type: 'AbleToScale',
        status: 'False',
        reason: 'FailedGetScale',
        message: `the HPA controller was unable to get the target's current scale: ${scale}`,
      },
      now,
    );
    return finish(status, false);
  }
  setCondition(
    status,
    {
      type: 'AbleToScale',
      status: 'True',
      reason: 'SucceededGetScale',
      message: "the HPA controller was able to get the target's current scale",
    },
    now,
  );
  const current = scale.specReplicas;
  if (!mem.recommendations.length) mem.recommendations.push({ replicas: current, at: now });
  const min = hpa.spec.minReplicas ?? 1;
  const max = hpa.spec.maxReplicas;
  let desired = 0;
  let reason = '';
  let rescale = true;
  // What the metrics asked for, and whether a rate limit held it back: with the same inputs a
  // later sync decides differently only while the window holds other recommendations.
  let proposal: number | undefined;
  let rateLimited = false;
  let metricStatuses: any[] | undefined = status.currentMetrics;
  if (current === 0 && min !== 0) {
    rescale = false;
    setCondition(
      status,
      {
        type: 'ScalingActive',
        status: 'False',
        reason: 'ScalingDisabled',
        message: 'scaling is disabled since the replica count of the target is zero',
      },
      now,
    );
  } else if (current > max) {
    reason = 'Current number of replicas above Spec.MaxReplicas';
    desired = max;
  } else if (current < min) {
    reason = 'Current number of replicas below Spec.MinReplicas';
    desired = min;
  } else {
    // computeReplicasForMetrics
    let selector: Selector | undefined;
    if (!scale.selector) {
      warn('SelectorRequired', 'selector is required');
      setCondition(
        status,
        {
          type: 'ScalingActive',
          status: 'False',
          reason: 'InvalidSelector',
          message: "the HPA target's scale is missing a selector",
        },
        now,
      );
    } else selector = parseSelector(scale.selector);
    if (!selector) {
      setStatus(status, current, status.desiredReplicas ?? 0, undefined, false, now);
      warn('FailedComputeMetricsReplicas', 'selector is required');
      return finish(status, false);
    }
    const specs: any[] = hpa.spec.metrics ?? [];
    const statuses: any[] = [];
    let metricReplicas = 0;
    let metricName = '';
    let invalid = 0;
    let firstFailure: MetricFailure | undefined;
    for (const spec of specs) {
      const r = computeForMetric(ctx, hpa, spec, current, selector, events);
      if ('error' in r) {
        if (!firstFailure) firstFailure = r;
        invalid++;
        statuses.push({ type: '' });
        continue;
      }
      statuses.push(r.status);
      if (metricReplicas === 0 || r.replicas > metricReplicas) {
        metricReplicas = r.replicas;
        metricName = r.name;
      }
    }
    const clean = statuses.map((s) => (s.type ? s : {}));
    metricStatuses = clean.some((s) => s.type) ? clean : undefined;
    if (invalid >= specs.length || (invalid > 0 && metricReplicas < current)) {
      setCondition(status, firstFailure!.condition, now);
      setStatus(status, current, status.desiredReplicas ?? 0, metricStatuses, false, now);
      warn(
        'FailedComputeMetricsReplicas',
        `invalid metrics (${invalid} invalid out of ${specs.length}), first error is: ${firstFailure!.error}`,
      );
      return finish(status, false);
    }
    setCondition(
      status,
      {
        type: 'ScalingActive',
        status: 'True',
        reason: 'ValidMetricFound',
        message: `the HPA was able to successfully calculate a replica count from ${metricName}`,
      },
      now,
    );
    desired = metricReplicas;
    if (desired > current) reason = `${metricName} above target`;
    if (desired < current) reason = 'All metrics below target';
    const n = hpa.spec.behavior
      ? normalizeWithBehaviors(mem, now, hpa.spec.behavior, current, desired, min, max)
      : normalizeDesiredReplicas(mem, now, current, desired, min, max);
    setCondition(status, n.ableToScale, now);
    setCondition(status, n.scalingLimited, now);
    proposal = desired;
    rateLimited =
      n.scalingLimited.reason === 'ScaleUpLimit' || n.scalingLimited.reason === 'ScaleDownLimit';
    desired = n.replicas;
    rescale = desired !== current;
  }
  if (rescale) {
    const res = ctx.api.mutate(scale.target, (t: any) => {
      t.spec.replicas = desired;
    });
    if (res instanceof Error) {
      warn('FailedRescale', `New size: ${desired}; reason: ${reason}; error: ${res.message}`);
      setCondition(
        status,
        {
          type: 'AbleToScale',
          status: 'False',
          reason: 'FailedUpdateScale',
          message: `the HPA controller was unable to update the target scale: ${res.message}`,
        },
        now,
      );
      setStatus(status, current, status.desiredReplicas ?? 0, metricStatuses, false, now);
      return finish(status, true);
    }
    setCondition(
      status,
      {
        type: 'AbleToScale',
        status: 'True',
        reason: 'SucceededRescale',
        message: `the HPA controller was able to update the target scale to ${desired}`,
      },
      now,
    );
    events.push({
      type: 'Normal',
      reason: 'SuccessfulRescale',
      message: `New size: ${desired}; reason: ${reason}`,
    });
    storeScaleEvent(mem, hpa.spec.behavior, current, desired, now);
  } else desired = current;
  setStatus(status, current, desired, metricStatuses, rescale, now);
  const window = stabilizationWindowMs(hpa.spec.behavior);
  const unsettled =
    rescale ||
    rateLimited ||
    (proposal !== undefined &&
      mem.recommendations.some((r) => r.replicas !== proposal && r.at >= now - window));
  return finish(status, unsettled);
}

function stabilizationWindowMs(behavior: any): number {
  if (!behavior) return DOWNSCALE_STABILIZATION_MS;
  const up = (behavior.scaleUp?.stabilizationWindowSeconds ?? 0) * 1000;
  const down = behavior.scaleDown?.stabilizationWindowSeconds;
  return Math.max(up, down == null ? DOWNSCALE_STABILIZATION_MS : down * 1000);
}

/** setStatus: current/desired replicas, metrics, and lastScaleTime on a rescale. */
function setStatus(
  status: any,
  current: number,
  desired: number,
  metrics: any[] | undefined,
  rescale: boolean,
  now: number,
) {
  const out: any = {};
  if (status.observedGeneration !== undefined) out.observedGeneration = status.observedGeneration;
  const lastScaleTime = rescale ? formatTime(now) : status.lastScaleTime;
  if (lastScaleTime) out.lastScaleTime = lastScaleTime;
  if (current) out.currentReplicas = current;
  out.desiredReplicas = desired;
  if (metrics?.length) out.currentMetrics = metrics;
  if (status.conditions?.length) out.conditions = status.conditions;
  for (const k of Object.keys(status)) delete status[k];
  Object.assign(status, out);
}

export const horizontalPodAutoscalerController: Controller = {
  name: CONTROLLER,
  reconcile(ctx) {
    let wake: number | undefined;
    const due = (t: number) => (wake = wake === undefined ? t : Math.min(wake, t));
    for (const hpa of ctx.state.list('autoscaling', 'HorizontalPodAutoscaler') as any[]) {
      if (hpa.metadata.deletionTimestamp) continue;
      const mem: HpaMemory = deepClone(
        readMemory<HpaMemory>(ctx, CONTROLLER, hpa) ?? {
          recommendations: [],
          scaleUpEvents: [],
          scaleDownEvents: [],
        },
      );
      const created = Date.parse(hpa.metadata.creationTimestamp);
      const nextSync =
        mem.lastSync === undefined ? created + SYNC_PERIOD_MS : mem.lastSync + SYNC_PERIOD_MS;
      const inputs = inputsOf(ctx, hpa, getScale(ctx, hpa));
      if (ctx.now < nextSync) {
        // Wait for the period, unless nothing could change at it.
        if (mem.lastSync === undefined || inputs !== mem.inputs || mem.pending) due(nextSync);
        continue;
      }
      if (mem.lastSync !== undefined && inputs === mem.inputs && !mem.pending) continue;
      // Syncs skipped while nothing changed would have recommended the same size again.
      const lastRec = mem.recommendations[mem.recommendations.length - 1];
      if (lastRec && mem.lastSync !== undefined && ctx.now - mem.lastSync > SYNC_PERIOD_MS) {
        const missed = ctx.now - SYNC_PERIOD_MS;
        if (missed > lastRec.at)
          mem.recommendations.push({ replicas: lastRec.replicas, at: missed });
      }
      const outcome = sync(ctx, hpa, mem);
      const after =
        ctx.state.get(
          'autoscaling',
          'HorizontalPodAutoscaler',
          hpa.metadata.namespace,
          hpa.metadata.name,
        ) ?? hpa;
      mem.lastSync = ctx.now;
      mem.pending = outcome.unsettled;
      mem.inputs = inputsOf(ctx, after, getScale(ctx, after));
      pruneRecommendations(mem, ctx.now);
      writeMemory(ctx, CONTROLLER, after, mem);
      if (outcome.unsettled) due(ctx.now + SYNC_PERIOD_MS);
    }
    return wake;
  },
};

/** Recommendations older than any window cannot matter; dropping them keeps the memory small. */
function pruneRecommendations(mem: HpaMemory, now: number) {
  const horizon = now - 60 * 60_000;
  mem.recommendations = mem.recommendations.filter((r) => r.at >= horizon);
  mem.scaleUpEvents = mem.scaleUpEvents.filter((e) => e.at >= now - 30 * 60_000);
  mem.scaleDownEvents = mem.scaleDownEvents.filter((e) => e.at >= now - 30 * 60_000);
}
