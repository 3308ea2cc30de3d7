import { ownedBy } from '../util/pods';
import type { DeploymentSync } from './deployment-controller';
import { getAllReplicaSets } from './deployment-controller';
import { syncRolloutStatus } from './progress';
import { scaleReplicaSet } from './sync';
import { specReplicas } from './util';

// pkg/controller/deployment/recreate.go: all old pods go first; the new ReplicaSet scales up
// only once none of them is left running.

export function rolloutRecreate(s: DeploymentSync): number | undefined {
  const { ctx, d } = s;
  let oldRSs = s.oldRSs;
  let scaledDown = false;
  for (const rs of oldRSs) {
    if (specReplicas(rs) > 0) {
      scaleReplicaSet(ctx, rs, 0, d);
      scaledDown = true;
    }
  }
  const fresh = (rs: any) =>
    rs ? (ctx.state.get('apps', 'ReplicaSet', rs.metadata.namespace, rs.metadata.name) ?? rs) : rs;
  oldRSs = oldRSs.map(fresh);
  const pods = ctx.state.list('', 'Pod', d.metadata.namespace);
  // Any old pod not finished counts, terminating ones included (recreate.go oldPodsRunning).
  const oldPodsRunning =
    oldRSs.some((rs) => (rs.status?.replicas ?? 0) > 0) ||
    oldRSs.some((rs) =>
      ownedBy(pods, rs).some(
        (p: any) => p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed',
      ),
    );
  let newRS = s.newRS;
  if (!scaledDown && !oldPodsRunning) {
    if (!newRS) newRS = getAllReplicaSets(ctx, d, oldRSs, true).newRS;
    if (newRS && specReplicas(newRS) !== (d.spec.replicas ?? 1))
      newRS = scaleReplicaSet(ctx, newRS, d.spec.replicas ?? 1, d);
  }
  newRS = fresh(newRS);
  return syncRolloutStatus({ ctx, d, newRS, oldRSs, allRSs: newRS ? [...oldRSs, newRS] : oldRSs });
}
