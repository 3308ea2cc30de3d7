import { isStatusError } from '../controller';
import { isPodAvailable, isPodActive, ownedBy } from '../util/pods';
import type { DeploymentSync } from './deployment-controller';
import { newRSReplicas } from './deployment-controller';
import { syncRolloutStatus } from './progress';
import { scaleReplicaSet } from './sync';
import { maxUnavailable, specReplicas, sum } from './util';

// pkg/controller/deployment/rolling.go: scale the new ReplicaSet up within maxSurge, scale old
// ones down within maxUnavailable, step by step as pods become available.

export function rolloutRolling(s: DeploymentSync): number | undefined {
  const { ctx, d } = s;
  let newRS = s.newRS;
  if (newRS) {
    const desired = d.spec.replicas ?? 1;
    const cur = specReplicas(newRS);
    if (cur > desired) newRS = scaleReplicaSet(ctx, newRS, desired, d);
    else if (cur < desired) {
      const want = newRSReplicas(d, s.oldRSs, newRS);
      if (want !== cur) newRS = scaleReplicaSet(ctx, newRS, want, d);
    }
  }
  let oldRSs = s.oldRSs.map(
    (rs) => ctx.state.get('apps', 'ReplicaSet', rs.metadata.namespace, rs.metadata.name) ?? rs,
  );
  oldRSs = reconcileOldReplicaSets(s, oldRSs, newRS);
  const fresh = (rs: any) =>
    rs ? (ctx.state.get('apps', 'ReplicaSet', rs.metadata.namespace, rs.metadata.name) ?? rs) : rs;
  newRS = fresh(newRS);
  oldRSs = oldRSs.map(fresh);
  return syncRolloutStatus({ ctx, d, newRS, oldRSs, allRSs: newRS ? [...oldRSs, newRS] : oldRSs });
}

function reconcileOldReplicaSets(s: DeploymentSync, oldRSs: any[], newRS: any | undefined): any[] {
  const { ctx, d } = s;
  const oldPods = sum(oldRSs, specReplicas);
  if (oldPods === 0) return oldRSs;
  const all = [...oldRSs, ...(newRS ? [newRS] : [])];
  const allPods = sum(all, specReplicas);
  const desired = d.spec.replicas ?? 1;
  const minAvailable = desired - maxUnavailable(d);
  const newUnavailable = newRS ? specReplicas(newRS) - (newRS.status?.availableReplicas ?? 0) : 0;
  const maxScaledDown = allPods - minAvailable - newUnavailable;
  if (maxScaledDown <= 0) return oldRSs;

  // First remove old pods that are not available anyway (cleanupUnhealthyReplicas).
  let cleaned = 0;
  const sorted = [...oldRSs].sort(
    (a, b) => Date.parse(a.metadata.creationTimestamp) - Date.parse(b.metadata.creationTimestamp),
  );
  const out = new Map<string, any>(oldRSs.map((rs) => [rs.metadata.uid, rs]));
  for (const rs of sorted) {
    if (cleaned >= maxScaledDown) break;
    const replicas = specReplicas(rs);
    if (replicas === 0) continue;
    const available = rs.status?.availableReplicas ?? 0;
    if (replicas === available) continue;
    const remove = Math.min(maxScaledDown - cleaned, replicas - available);
    const u = scaleReplicaSet(ctx, rs, replicas - remove, d);
    out.set(rs.metadata.uid, u);
    cleaned += remove;
  }
  // Then scale down available old pods, keeping minAvailable across all ReplicaSets.
  const current = [...out.values(), ...(newRS ? [newRS] : [])];
  const pods = ctx.state.list('', 'Pod', d.metadata.namespace);
  const availableNow = current.reduce(
    (n, rs) =>
      n +
      ownedBy(pods, rs).filter(
        (p: any) => isPodActive(p) && isPodAvailable(p, d.spec.minReadySeconds ?? 0, ctx.now),
      ).length,
    0,
  );
  const availableCounted = Math.min(
    availableNow,
    sum(current, (rs) => rs.status?.availableReplicas ?? 0),
  );
  if (availableCounted <= minAvailable) return [...out.values()];
  let remaining = Math.min(availableCounted - minAvailable, maxScaledDown - cleaned);
  for (const rs of [...out.values()].sort(
    (a, b) => Date.parse(a.metadata.creationTimestamp) - Date.parse(b.metadata.creationTimestamp),
  )) {
    if (remaining <= 0) break;
    const replicas = specReplicas(rs);
    if (replicas === 0) continue;
    const down = Math.min(replicas, remaining);
    const u = scaleReplicaSet(ctx, rs, replicas - down, d);
    if (!isStatusError(u)) out.set(rs.metadata.uid, u);
    remaining -= down;
  }
  return [...out.values()];
}
