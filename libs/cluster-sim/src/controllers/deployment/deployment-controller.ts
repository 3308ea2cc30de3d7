import { controllerRef, deepClone, labelSelectorAsSelector } from '@kubelab/apimachinery';
import { jsonEqual } from '../../util/equal';
import { earliest, isStatusError, type Controller, type ControllerContext } from '../controller';
import { ownerReferenceTo } from '../util/pods';
import { syncRolloutStatus } from './progress';
import { rolloutRecreate } from './recreate';
import { rolloutRolling } from './rolling';
import { calculateStatus, scaleDeployment } from './sync';
import {
  DESIRED_REPLICAS,
  HASH_LABEL,
  MAX_REPLICAS,
  REVISION,
  REVISION_HISTORY,
  copyAnnotationsToReplicaSet,
  equalIgnoreHash,
  fenceposts,
  maxRevision,
  newCondition,
  revisionOf,
  setCondition,
  specReplicas,
  templateHash,
} from './util';

// pkg/controller/deployment/deployment_controller.go (syncDeployment) and sync.go
// (getNewReplicaSet, cleanupDeployment).

export const DEPLOYMENT_SOURCE = { component: 'deployment-controller' };

export interface DeploymentSync {
  ctx: ControllerContext;
  d: any;
  newRS: any | undefined;
  oldRSs: any[];
  allRSs: any[];
}

export const deploymentController: Controller = {
  name: 'deployment',
  reconcile(ctx) {
    let wake: number | undefined;
    for (const d of ctx.state.list('apps', 'Deployment') as any[])
      wake = earliest(wake, syncDeployment(ctx, d));
    return wake;
  },
};

/** The ReplicaSets a Deployment controls, adopting matching orphans and releasing strays. */
function claimReplicaSets(ctx: ControllerContext, d: any): any[] {
  let selector;
  try {
    selector = labelSelectorAsSelector(d.spec.selector);
  } catch {
    return [];
  }
  const out: any[] = [];
  for (const rs of ctx.state.list('apps', 'ReplicaSet', d.metadata.namespace) as any[]) {
    const ref = controllerRef(rs);
    if (ref?.uid === d.metadata.uid) {
      if (!selector.matches(rs.metadata.labels ?? {})) {
        ctx.api.mutate(rs, (c: any) => {
          c.metadata.ownerReferences = c.metadata.ownerReferences.filter(
            (r: any) => r.uid !== d.metadata.uid,
          );
        });
        continue;
      }
      out.push(rs);
    } else if (
      !ref &&
      !rs.metadata.deletionTimestamp &&
      !d.metadata.deletionTimestamp &&
      selector.matches(rs.metadata.labels ?? {})
    ) {
      const adopted = ctx.api.mutate(rs, (c: any) => {
        c.metadata.ownerReferences = [...(c.metadata.ownerReferences ?? []), ownerReferenceTo(d)];
      });
      if (!isStatusError(adopted)) out.push(adopted);
    }
  }
  return out;
}

function syncDeployment(ctx: ControllerContext, dIn: any): number | undefined {
  let d = dIn;
  if (d.metadata.deletionTimestamp) return undefined;
  const everything =
    !d.spec.selector ||
    (!Object.keys(d.spec.selector.matchLabels ?? {}).length &&
      !(d.spec.selector.matchExpressions ?? []).length);
  if (everything) {
    ctx.api.event(d, {
      type: 'Warning',
      reason: 'SelectingAll',
      message: 'This deployment is selecting all pods. A non-empty selector is required.',
      source: DEPLOYMENT_SOURCE,
    });
    return undefined;
  }
  let allRSs = claimReplicaSets(ctx, d);
  if (d.spec.paused) {
    const s = sync(ctx, d, allRSs, false);
    return s;
  }
  const strategy = d.spec.strategy?.type ?? 'RollingUpdate';
  // Recreate creates its new ReplicaSet only once the old pods are gone.
  const { newRS, oldRSs, deployment } = getAllReplicaSets(ctx, d, allRSs, strategy !== 'Recreate');
  d = deployment;
  allRSs = newRS ? [...oldRSs, newRS] : oldRSs;
  const sctx: DeploymentSync = { ctx, d, newRS, oldRSs, allRSs };
  // A plain scale while a rollout is not in progress scales proportionally (sync.go isScalingEvent).
  if (isScalingEvent(d, allRSs)) return sync(ctx, d, allRSs, true);
  return strategy === 'Recreate' ? rolloutRecreate(sctx) : rolloutRolling(sctx);
}

/** Whether desired-replicas annotations disagree with spec.replicas (a scale, not a rollout). */
function isScalingEvent(d: any, rss: any[]): boolean {
  const active = rss.filter((rs) => specReplicas(rs) > 0);
  for (const rs of active) {
    const desired = Number(rs.metadata.annotations?.[DESIRED_REPLICAS]);
    if (!Number.isNaN(desired) && desired !== d.spec.replicas) return true;
  }
  return false;
}

/**
 * The new ReplicaSet (matching the current template) and the old ones; creates the new one when
 * asked and it is missing, and keeps revision annotations current.
 */
export function getAllReplicaSets(
  ctx: ControllerContext,
  dIn: any,
  allRSs: any[],
  create: boolean,
): { newRS: any | undefined; oldRSs: any[]; deployment: any } {
  let d = dIn;
  const matching = allRSs.filter((rs) => equalIgnoreHash(rs.spec?.template, d.spec.template));
  // The oldest wins when several match (FindNewReplicaSet sorts by creation).
  matching.sort(
    (a, b) => Date.parse(a.metadata.creationTimestamp) - Date.parse(b.metadata.creationTimestamp),
  );
  let existing = matching[0];
  const oldRSs = allRSs.filter((rs) => rs !== existing);
  const maxOld = maxRevision(oldRSs);
  const newRevision = String(maxOld + 1);
  const { surge } = fenceposts(d);

  if (existing) {
    // Bring the new RS's annotations up to date (revision bump on rollback, desired/max replicas).
    const rsCopy = deepClone(existing);
    let changed = copyAnnotationsToReplicaSet(d, rsCopy);
    const ann = rsCopy.metadata.annotations;
    const oldRevision = ann[REVISION];
    if (!oldRevision || Number(oldRevision) < Number(newRevision)) {
      if (oldRevision)
        ann[REVISION_HISTORY] = ann[REVISION_HISTORY]
          ? `${ann[REVISION_HISTORY]},${oldRevision}`
          : oldRevision;
      ann[REVISION] = newRevision;
      changed = true;
    }
    if (
      ann[DESIRED_REPLICAS] !== String(d.spec.replicas) ||
      ann[MAX_REPLICAS] !== String(d.spec.replicas + surge)
    ) {
      ann[DESIRED_REPLICAS] = String(d.spec.replicas);
      ann[MAX_REPLICAS] = String(d.spec.replicas + surge);
      changed = true;
    }
    if (changed) {
      const u = ctx.api.update(rsCopy);
      if (!isStatusError(u)) existing = u;
    }
    d = setRevisionAndProgressing(ctx, d, existing, false);
    return { newRS: existing, oldRSs, deployment: d };
  }
  if (!create) return { newRS: undefined, oldRSs, deployment: d };

  // Create it: name <deployment>-<hash>, bumping collisionCount on a name clash.
  for (let attempt = 0; attempt < 10; attempt++) {
    const hash = templateHash(d);
    const name = `${d.metadata.name}-${hash}`;
    const template = deepClone(d.spec.template);
    template.metadata ??= {};
    template.metadata.labels = { ...(template.metadata.labels ?? {}), [HASH_LABEL]: hash };
    const selector = deepClone(d.spec.selector);
    selector.matchLabels = { ...(selector.matchLabels ?? {}), [HASH_LABEL]: hash };
    const replicas = newRSReplicas(d, oldRSs, undefined);
    const rs: any = {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: {
        name,
        namespace: d.metadata.namespace,
        labels: { ...(template.metadata.labels ?? {}) },
        annotations: {},
        ownerReferences: [ownerReferenceTo(d)],
      },
      spec: { replicas, minReadySeconds: d.spec.minReadySeconds ?? 0, selector, template },
    };
    copyAnnotationsToReplicaSet(d, rs);
    rs.metadata.annotations[REVISION] = newRevision;
    rs.metadata.annotations[DESIRED_REPLICAS] = String(d.spec.replicas);
    rs.metadata.annotations[MAX_REPLICAS] = String(d.spec.replicas + surge);
    const clash = ctx.state.get('apps', 'ReplicaSet', d.metadata.namespace, name);
    if (clash) {
      if (
        controllerRef(clash)?.uid === d.metadata.uid &&
        equalIgnoreHash((clash as any).spec?.template, d.spec.template)
      ) {
        return { newRS: clash, oldRSs, deployment: d };
      }
      const bumped = ctx.api.mutate(
        d,
        (c: any) =>
          (c.status = { ...(c.status ?? {}), collisionCount: (c.status?.collisionCount ?? 0) + 1 }),
        true,
      );
      if (isStatusError(bumped)) break;
      d = bumped;
      continue;
    }
    const created = ctx.api.create(rs);
    if (isStatusError(created)) {
      const status = deepClone(d.status ?? {});
      setCondition(
        status,
        newCondition('ReplicaFailure', 'True', 'FailedCreate', created.message, ctx.now),
      );
      const u = ctx.api.mutate(d, (c: any) => (c.status = status), true);
      return { newRS: undefined, oldRSs, deployment: isStatusError(u) ? d : u };
    }
    if (replicas > 0) {
      ctx.api.event(d, {
        type: 'Normal',
        reason: 'ScalingReplicaSet',
        message: `Scaled up replica set ${created.metadata.name} to ${replicas}`,
        source: DEPLOYMENT_SOURCE,
      });
    }
    d = setRevisionAndProgressing(ctx, d, created, true);
    return { newRS: created, oldRSs, deployment: d };
  }
  return { newRS: undefined, oldRSs, deployment: d };
}

function setRevisionAndProgressing(
  ctx: ControllerContext,
  d: any,
  newRS: any,
  created: boolean,
): any {
  const revision = String(revisionOf(newRS));
  let out = d;
  if (d.metadata.annotations?.[REVISION] !== revision) {
    const u = ctx.api.mutate(d, (c: any) => {
      c.metadata.annotations = { ...(c.metadata.annotations ?? {}), [REVISION]: revision };
    });
    if (!isStatusError(u)) out = u;
  }
  const status = deepClone(out.status ?? {});
  const before = deepClone(status);
  if (created) {
    setCondition(
      status,
      newCondition(
        'Progressing',
        'True',
        'NewReplicaSetCreated',
        `Created new replica set "${newRS.metadata.name}"`,
        ctx.now,
      ),
    );
  } else if (!status.conditions?.some((c: any) => c.type === 'Progressing')) {
    setCondition(
      status,
      newCondition(
        'Progressing',
        'True',
        'FoundNewReplicaSet',
        `Found new replica set "${newRS.metadata.name}"`,
        ctx.now,
      ),
    );
  }
  if (!jsonEqual(status, before)) {
    const u = ctx.api.mutate(out, (c: any) => (c.status = status), true);
    if (!isStatusError(u)) out = u;
  }
  return out;
}

/** deploymentutil.NewRSNewReplicas: how far the new ReplicaSet may scale up now. */
export function newRSReplicas(d: any, oldRSs: any[], newRS: any | undefined): number {
  const desired = d.spec.replicas ?? 1;
  if ((d.spec.strategy?.type ?? 'RollingUpdate') !== 'RollingUpdate') return desired;
  const { surge } = fenceposts(d);
  const current = [...oldRSs, ...(newRS ? [newRS] : [])].reduce((n, rs) => n + specReplicas(rs), 0);
  const maxTotal = desired + surge;
  const currentNew = newRS ? specReplicas(newRS) : 0;
  if (current >= maxTotal) return currentNew;
  const scaleUp = Math.min(maxTotal - current, desired - currentNew);
  return currentNew + Math.max(0, scaleUp);
}

/** Scale and status only: for paused Deployments and scaling events (sync.go sync). */
function sync(
  ctx: ControllerContext,
  dIn: any,
  allRSs: any[],
  scaling: boolean,
): number | undefined {
  let d = dIn;
  const { newRS, oldRSs, deployment } = getAllReplicaSets(ctx, d, allRSs, false);
  d = deployment;
  const rss = newRS ? [...oldRSs, newRS] : oldRSs;
  if (scaling || d.spec.paused) scaleDeployment(ctx, d, newRS, oldRSs);
  const fresh = rss.map(
    (rs) => ctx.state.get('apps', 'ReplicaSet', rs.metadata.namespace, rs.metadata.name) ?? rs,
  );
  const newFresh = newRS
    ? ctx.state.get('apps', 'ReplicaSet', newRS.metadata.namespace, newRS.metadata.name)
    : undefined;
  if (d.spec.paused) {
    const status = calculateStatus(fresh, newFresh, d, ctx.now);
    if (
      !status.conditions?.some(
        (c: any) => c.type === 'Progressing' && c.reason === 'DeploymentPaused',
      )
    ) {
      setCondition(
        status,
        newCondition('Progressing', 'Unknown', 'DeploymentPaused', 'Deployment is paused', ctx.now),
      );
    }
    if (!jsonEqual(status, d.status)) ctx.api.mutate(d, (c: any) => (c.status = status), true);
    return undefined;
  }
  return syncRolloutStatus({
    ctx,
    d,
    newRS: newFresh,
    oldRSs: fresh.filter((r) => r !== newFresh),
    allRSs: fresh,
  });
}
