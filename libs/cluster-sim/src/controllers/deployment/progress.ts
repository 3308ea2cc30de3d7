import { deepClone } from '@kubelab/apimachinery';
import { jsonEqual } from '../../util/equal';
import { earliest, type ControllerContext } from '../controller';
import type { DeploymentSync } from './deployment-controller';
import { calculateStatus } from './sync';
import {
  getCondition,
  newCondition,
  removeCondition,
  revisionOf,
  setCondition,
  specReplicas,
} from './util';

// pkg/controller/deployment/progress.go: the Progressing condition, the progress deadline, and
// sync.go's cleanupDeployment (revisionHistoryLimit).

function isComplete(d: any, status: any): boolean {
  const desired = d.spec.replicas ?? 1;
  return (
    (status.updatedReplicas ?? 0) === desired &&
    (status.replicas ?? 0) === desired &&
    (status.availableReplicas ?? 0) === desired &&
    (status.observedGeneration ?? 0) >= (d.metadata.generation ?? 0)
  );
}

function hasProgressed(old: any, status: any): boolean {
  return (
    (status.updatedReplicas ?? 0) !== (old?.updatedReplicas ?? 0) ||
    (status.replicas ?? 0) < (old?.replicas ?? 0) ||
    (status.readyReplicas ?? 0) > (old?.readyReplicas ?? 0) ||
    (status.availableReplicas ?? 0) > (old?.availableReplicas ?? 0)
  );
}

/** When the Deployment times out if nothing progresses, or undefined. */
export function progressDeadline(d: any): number | undefined {
  const c = getCondition(d.status, 'Progressing');
  if (
    !c ||
    c.reason === 'NewReplicaSetAvailable' ||
    c.reason === 'ProgressDeadlineExceeded' ||
    d.spec.progressDeadlineSeconds === undefined
  )
    return undefined;
  return Date.parse(c.lastUpdateTime) + d.spec.progressDeadlineSeconds * 1000;
}

export function syncRolloutStatus(s: DeploymentSync): number | undefined {
  const { ctx, d, newRS, allRSs } = s;
  const status = calculateStatus(allRSs, newRS, d, ctx.now);
  const current = getCondition(d.status, 'Progressing');
  if (current?.reason === 'DeploymentPaused' && !d.spec.paused) {
    setCondition(
      status,
      newCondition('Progressing', 'Unknown', 'DeploymentResumed', 'Deployment is resumed', ctx.now),
    );
  }
  const rsName = newRS?.metadata.name;
  if (
    d.spec.progressDeadlineSeconds !== undefined &&
    current?.reason !== 'ProgressDeadlineExceeded'
  ) {
    if (isComplete(d, status)) {
      setCondition(
        status,
        newCondition(
          'Progressing',
          'True',
          'NewReplicaSetAvailable',
          rsName
            ? `ReplicaSet "${rsName}" has successfully progressed.`
            : `Deployment "${d.metadata.name}" has successfully progressed.`,
          ctx.now,
        ),
      );
    } else if (hasProgressed(d.status, status)) {
      const c = newCondition(
        'Progressing',
        'True',
        'ReplicaSetUpdated',
        rsName
          ? `ReplicaSet "${rsName}" is progressing.`
          : `Deployment "${d.metadata.name}" is progressing.`,
        ctx.now,
      );
      const cur = getCondition(status, 'Progressing');
      if (cur) {
        if (cur.status === 'True') c.lastTransitionTime = cur.lastTransitionTime;
        removeCondition(status, 'Progressing');
      }
      setCondition(status, c);
    } else {
      const deadline = progressDeadline({ ...d, status });
      if (deadline !== undefined && ctx.now >= deadline && rsName) {
        setCondition(
          status,
          newCondition(
            'Progressing',
            'False',
            'ProgressDeadlineExceeded',
            `ReplicaSet "${rsName}" has timed out progressing.`,
            ctx.now,
          ),
        );
      }
    }
  }
  // getReplicaFailures: a ReplicaSet's ReplicaFailure (pods refused by a quota, ...) shows on the
  // Deployment, the new ReplicaSet's first; none clears it once the new ReplicaSet exists.
  const failed = [newRS, ...allRSs]
    .flatMap((rs: any) => rs?.status?.conditions ?? [])
    .find((c: any) => c.type === 'ReplicaFailure');
  if (failed)
    setCondition(status, {
      type: 'ReplicaFailure',
      status: failed.status,
      lastUpdateTime: failed.lastTransitionTime,
      lastTransitionTime: failed.lastTransitionTime,
      reason: failed.reason,
      message: failed.message,
    });
  else if (newRS) removeCondition(status, 'ReplicaFailure');
  if (!status.conditions?.length) delete status.conditions;
  let updated = d;
  if (!jsonEqual(status, d.status)) {
    const u = ctx.api.mutate(d, (c: any) => (c.status = status), true);
    if (!(u instanceof Error)) updated = u;
  }
  cleanupDeployment(ctx, updated, s.oldRSs);
  return earliest(progressDeadline(updated));
}

/** Deletes old, scaled-down ReplicaSets beyond spec.revisionHistoryLimit (oldest first). */
function cleanupDeployment(ctx: ControllerContext, d: any, oldRSs: any[]): void {
  const limit = d.spec.revisionHistoryLimit;
  if (limit === undefined || limit === null) return;
  const candidates = oldRSs
    .map((rs) => ctx.state.get('apps', 'ReplicaSet', rs.metadata.namespace, rs.metadata.name))
    .filter(
      (rs: any) =>
        rs &&
        !rs.metadata.deletionTimestamp &&
        specReplicas(rs) === 0 &&
        (rs.status?.replicas ?? 0) === 0,
    );
  const diff = candidates.length - limit;
  if (diff <= 0) return;
  candidates.sort(
    (a: any, b: any) =>
      revisionOf(a) - revisionOf(b) ||
      Date.parse(a.metadata.creationTimestamp) - Date.parse(b.metadata.creationTimestamp),
  );
  for (const rs of candidates.slice(0, diff)) ctx.api.delete(deepClone(rs as any));
}
