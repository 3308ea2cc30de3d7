import { deepClone } from '@kubelab/apimachinery';
import { isStatusError, type ControllerContext } from '../controller';
import { DEPLOYMENT_SOURCE } from './deployment-controller';
import {
  DESIRED_REPLICAS,
  MAX_REPLICAS,
  fenceposts,
  maxUnavailable,
  newCondition,
  setCondition,
  specReplicas,
  statusReplicas,
  sum,
} from './util';

// pkg/controller/deployment/sync.go: scaling (proportional across active ReplicaSets),
// scaleReplicaSetAndRecordEvent, and calculateStatus.

/** Sets a ReplicaSet's replicas (and the Deployment's desired/max annotations), with its event. */
export function scaleReplicaSet(ctx: ControllerContext, rs: any, newScale: number, d: any): any {
  const { surge } = fenceposts(d);
  const oldScale = specReplicas(rs);
  const sizeChanged = oldScale !== newScale;
  const ann = rs.metadata.annotations ?? {};
  const annChanged =
    ann[DESIRED_REPLICAS] !== String(d.spec.replicas) ||
    ann[MAX_REPLICAS] !== String(d.spec.replicas + surge);
  if (!sizeChanged && !annChanged) return rs;
  const updated = ctx.api.mutate(rs, (c: any) => {
    c.spec.replicas = newScale;
    c.metadata.annotations = {
      ...(c.metadata.annotations ?? {}),
      [DESIRED_REPLICAS]: String(d.spec.replicas),
      [MAX_REPLICAS]: String(d.spec.replicas + surge),
    };
  });
  if (isStatusError(updated)) return rs;
  if (sizeChanged) {
    const op = oldScale < newScale ? 'up' : 'down';
    ctx.api.event(d, {
      type: 'Normal',
      reason: 'ScalingReplicaSet',
      message: `Scaled ${op} replica set ${rs.metadata.name} to ${newScale} from ${oldScale}`,
      source: DEPLOYMENT_SOURCE,
    });
  }
  return updated;
}

/** Proportional scaling of a Deployment whose replicas changed mid-rollout. */
export function scaleDeployment(
  ctx: ControllerContext,
  d: any,
  newRS: any | undefined,
  oldRSs: any[],
): void {
  const active = [...(newRS ? [newRS] : []), ...oldRSs].filter((rs) => specReplicas(rs) > 0);
  const desired = d.spec.replicas ?? 1;
  if (active.length <= 1) {
    const target = active[0] ?? newRS;
    if (target) scaleReplicaSet(ctx, target, desired, d);
    else if (newRS) scaleReplicaSet(ctx, newRS, desired, d);
    return;
  }
  if (newRS && isComplete(newRS, desired)) {
    scaleReplicaSet(ctx, newRS, desired, d);
    for (const rs of oldRSs) scaleReplicaSet(ctx, rs, 0, d);
    return;
  }
  const { surge } = fenceposts(d);
  const allowed = desired + surge;
  const current = sum(active, specReplicas);
  const toAdd = allowed - current;
  if (toAdd === 0) return;
  // Bigger ReplicaSets get (or lose) proportionally more; the remainder goes to the largest.
  const sorted = [...active].sort((a, b) =>
    toAdd > 0 ? specReplicas(b) - specReplicas(a) : specReplicas(a) - specReplicas(b),
  );
  let added = 0;
  const sizes = new Map<any, number>();
  for (const rs of sorted) {
    const share = Math.trunc((specReplicas(rs) * toAdd) / Math.max(1, current));
    const s = Math.max(0, specReplicas(rs) + share);
    added += s - specReplicas(rs);
    sizes.set(rs, s);
  }
  const leftover = toAdd - added;
  if (sorted[0]) sizes.set(sorted[0], Math.max(0, (sizes.get(sorted[0]) ?? 0) + leftover));
  for (const [rs, s] of sizes) scaleReplicaSet(ctx, rs, s, d);
}

const isComplete = (rs: any, desired: number) =>
  specReplicas(rs) === desired && (rs.status?.availableReplicas ?? 0) === desired;

/** calculateStatus: counts from the ReplicaSets, and the Available condition. */
export function calculateStatus(allRSs: any[], newRS: any | undefined, d: any, now: number): any {
  const available = sum(allRSs, (rs) => rs.status?.availableReplicas ?? 0);
  const total = sum(allRSs, specReplicas);
  const status: any = {
    observedGeneration: d.metadata.generation,
    replicas: sum(allRSs, statusReplicas),
    updatedReplicas: newRS ? statusReplicas(newRS) : 0,
    readyReplicas: sum(allRSs, (rs) => rs.status?.readyReplicas ?? 0),
    availableReplicas: available,
    unavailableReplicas: Math.max(0, total - available),
    conditions: deepClone(d.status?.conditions ?? []),
  };
  if (d.status?.collisionCount !== undefined) status.collisionCount = d.status.collisionCount;
  const desired = d.spec.replicas ?? 1;
  if (available >= desired - maxUnavailable(d)) {
    setCondition(
      status,
      newCondition(
        'Available',
        'True',
        'MinimumReplicasAvailable',
        'Deployment has minimum availability.',
        now,
      ),
    );
  } else {
    setCondition(
      status,
      newCondition(
        'Available',
        'False',
        'MinimumReplicasUnavailable',
        'Deployment does not have minimum availability.',
        now,
      ),
    );
  }
  for (const k of [
    'replicas',
    'updatedReplicas',
    'readyReplicas',
    'availableReplicas',
    'unavailableReplicas',
  ])
    if (status[k] === 0) delete status[k];
  if (!status.conditions.length) delete status.conditions;
  return status;
}
