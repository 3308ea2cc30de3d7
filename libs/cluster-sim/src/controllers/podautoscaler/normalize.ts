// The normalization half of pkg/controller/podautoscaler/horizontal.go: from the replica count
// the metrics ask for to the one the HPA sets — stabilized over recent recommendations (a
// 5-minute window for scale-down by default), limited by min/max replicas and by the scale-up
// rate (double, or +4) or, with spec.behavior, by its policies over their periods.
import {
  defaultScaleDownRules,
  defaultScaleUpRules,
} from '../../apis/autoscaling/horizontal-pod-autoscaler';

/** --horizontal-pod-autoscaler-downscale-stabilization. */
export const DOWNSCALE_STABILIZATION_MS = 5 * 60_000;
const SCALE_UP_LIMIT_FACTOR = 2;
const SCALE_UP_LIMIT_MINIMUM = 4;

export interface Recommendation {
  replicas: number;
  at: number;
}

export interface ScaleEvent {
  change: number;
  at: number;
}

/** What the controller remembers of one HPA between syncs. */
export interface HpaMemory {
  recommendations: Recommendation[];
  scaleUpEvents: ScaleEvent[];
  scaleDownEvents: ScaleEvent[];
  lastSync?: number;
  /** What the last sync read, to know whether anything changed since. */
  inputs?: string;
  /** The last sync left something that a later one may change (a rescale, a stabilization). */
  pending?: boolean;
}

export interface Condition {
  type: 'AbleToScale' | 'ScalingActive' | 'ScalingLimited';
  status: 'True' | 'False';
  reason: string;
  message: string;
}

export interface Normalized {
  replicas: number;
  ableToScale: Condition;
  scalingLimited: Condition;
}

const able = (reason: string, message: string): Condition => ({
  type: 'AbleToScale',
  status: 'True',
  reason,
  message,
});
const limited = (status: boolean, reason: string, message: string): Condition => ({
  type: 'ScalingLimited',
  status: status ? 'True' : 'False',
  reason,
  message,
});

/** stabilizeRecommendation (no behavior): the highest recommendation of the window. */
function stabilize(mem: HpaMemory, desired: number, now: number): number {
  const cutoff = now - DOWNSCALE_STABILIZATION_MS;
  let max = desired;
  let oldIndex = -1;
  mem.recommendations.forEach((r, i) => {
    if (r.at < cutoff) oldIndex = i;
    else if (r.replicas > max) max = r.replicas;
  });
  const rec = { replicas: desired, at: now };
  if (oldIndex >= 0) mem.recommendations[oldIndex] = rec;
  else mem.recommendations.push(rec);
  return max;
}

/** convertDesiredReplicasWithRules: min/max replicas and the default scale-up limit. */
function withRules(current: number, desired: number, min: number, max: number) {
  const scaleUpLimit = Math.trunc(
    Math.max(SCALE_UP_LIMIT_FACTOR * current, SCALE_UP_LIMIT_MINIMUM),
  );
  let maximum: number;
  let reason: string;
  let message: string;
  if (max > scaleUpLimit) {
    maximum = scaleUpLimit;
    reason = 'ScaleUpLimit';
    message = 'the desired replica count is increasing faster than the maximum scale rate';
  } else {
    maximum = max;
    reason = 'TooManyReplicas';
    message = 'the desired replica count is more than the maximum replica count';
  }
  if (desired < min)
    return {
      replicas: min,
      reason: 'TooFewReplicas',
      message: 'the desired replica count is less than the minimum replica count',
    };
  if (desired > maximum) return { replicas: maximum, reason, message };
  return {
    replicas: desired,
    reason: 'DesiredWithinRange',
    message: 'the desired count is within the acceptable range',
  };
}

export function normalizeDesiredReplicas(
  mem: HpaMemory,
  now: number,
  current: number,
  desired: number,
  min: number,
  max: number,
): Normalized {
  const stabilized = stabilize(mem, desired, now);
  const ableToScale =
    stabilized !== desired
      ? able(
          'ScaleDownStabilized',
          'recent recommendations were higher than current one, applying the highest recent recommendation',
        )
      : able('ReadyForNewScale', 'recommended size matches current size');
  const r = withRules(current, stabilized, min, max);
  return {
    replicas: r.replicas,
    ableToScale,
    scalingLimited: limited(r.replicas !== stabilized, r.reason, r.message),
  };
}

const changeInPeriod = (periodSeconds: number, events: ScaleEvent[], now: number) =>
  events.filter((e) => e.at > now - periodSeconds * 1000).reduce((n, e) => n + e.change, 0);

function scaleUpLimit(current: number, mem: HpaMemory, rules: any, now: number): number {
  if (rules.selectPolicy === 'Disabled') return current;
  const min = rules.selectPolicy === 'Min';
  let result = min ? Number.MAX_SAFE_INTEGER : Number.MIN_SAFE_INTEGER;
  for (const p of rules.policies ?? []) {
    const start =
      current -
      changeInPeriod(p.periodSeconds, mem.scaleUpEvents, now) +
      changeInPeriod(p.periodSeconds, mem.scaleDownEvents, now);
    const proposed = p.type === 'Pods' ? start + p.value : Math.ceil(start * (1 + p.value / 100));
    result = min ? Math.min(result, proposed) : Math.max(result, proposed);
  }
  return result;
}

function scaleDownLimit(current: number, mem: HpaMemory, rules: any, now: number): number {
  if (rules.selectPolicy === 'Disabled') return current;
  const min = rules.selectPolicy === 'Min';
  let result = min ? Number.MIN_SAFE_INTEGER : Number.MAX_SAFE_INTEGER;
  for (const p of rules.policies ?? []) {
    const start =
      current -
      changeInPeriod(p.periodSeconds, mem.scaleUpEvents, now) +
      changeInPeriod(p.periodSeconds, mem.scaleDownEvents, now);
    const proposed = p.type === 'Pods' ? start - p.value : Math.trunc(start * (1 - p.value / 100));
    result = min ? Math.max(result, proposed) : Math.min(result, proposed);
  }
  return result;
}

/** normalizeDesiredReplicasWithBehaviors: stabilization windows both ways, then the policies' rates. */
export function normalizeWithBehaviors(
  mem: HpaMemory,
  now: number,
  behavior: any,
  current: number,
  desired: number,
  min: number,
  max: number,
): Normalized {
  const up = defaultScaleUpRules(behavior.scaleUp ?? {});
  const down = defaultScaleDownRules(behavior.scaleDown ?? {});
  const upWindow = (up.stabilizationWindowSeconds ?? 0) * 1000;
  const downWindow = (down.stabilizationWindowSeconds ?? DOWNSCALE_STABILIZATION_MS / 1000) * 1000;
  let upRec = desired;
  let downRec = desired;
  let oldIndex = -1;
  mem.recommendations.forEach((r, i) => {
    if (r.at > now - upWindow) upRec = Math.min(r.replicas, upRec);
    if (r.at > now - downWindow) downRec = Math.max(r.replicas, downRec);
    if (r.at < now - upWindow && r.at < now - downWindow) oldIndex = i;
  });
  let stabilized = current;
  if (stabilized < upRec) stabilized = upRec;
  if (stabilized > downRec) stabilized = downRec;
  const rec = { replicas: desired, at: now };
  if (oldIndex >= 0) mem.recommendations[oldIndex] = rec;
  else mem.recommendations.push(rec);
  const ableToScale =
    stabilized !== desired
      ? desired >= current
        ? able(
            'ScaleUpStabilized',
            'recent recommendations were lower than current one, applying the lowest recent recommendation',
          )
        : able(
            'ScaleDownStabilized',
            'recent recommendations were higher than current one, applying the highest recent recommendation',
          )
      : able('ReadyForNewScale', 'recommended size matches current size');
  let replicas = stabilized;
  let reason = 'DesiredWithinRange';
  let message = 'the desired count is within the acceptable range';
  if (stabilized > current) {
    const limit = Math.max(scaleUpLimit(current, mem, up, now), current);
    let maximum = max;
    if (maximum > limit) {
      maximum = limit;
      reason = 'ScaleUpLimit';
      message = 'the desired replica count is increasing faster than the maximum scale rate';
    } else {
      reason = 'TooManyReplicas';
      message = 'the desired replica count is more than the maximum replica count';
    }
    if (stabilized > maximum) replicas = maximum;
    else
      [reason, message] = [
        'DesiredWithinRange',
        'the desired count is within the acceptable range',
      ];
  } else if (stabilized < current) {
    const limit = Math.min(scaleDownLimit(current, mem, down, now), current);
    let minimum = min;
    if (minimum < limit) {
      minimum = limit;
      reason = 'ScaleDownLimit';
      message = 'the desired replica count is decreasing faster than the maximum scale rate';
    } else {
      reason = 'TooFewReplicas';
      message = 'the desired replica count is less than the minimum replica count';
    }
    if (stabilized < minimum) replicas = minimum;
    else
      [reason, message] = [
        'DesiredWithinRange',
        'the desired count is within the acceptable range',
      ];
  }
  return {
    replicas,
    ableToScale,
    scalingLimited: limited(replicas !== stabilized, reason, message),
  };
}

/** storeScaleEvent: remembered only with a behavior (its policies look back over their periods). */
export function storeScaleEvent(
  mem: HpaMemory,
  behavior: any,
  prev: number,
  next: number,
  now: number,
): void {
  if (!behavior) return;
  const upRules = defaultScaleUpRules(behavior.scaleUp ?? {});
  const downRules = defaultScaleDownRules(behavior.scaleDown ?? {});
  const longest = (rules: any) =>
    Math.max(0, ...(rules.policies ?? []).map((p: any) => p.periodSeconds)) * 1000;
  const events = next > prev ? mem.scaleUpEvents : mem.scaleDownEvents;
  const period = longest(next > prev ? upRules : downRules);
  const event = { change: Math.abs(next - prev), at: now };
  const outdated = events.findIndex((e) => e.at < now - period);
  if (outdated >= 0) events[outdated] = event;
  else events.push(event);
}
