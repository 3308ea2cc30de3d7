import {
  controllerRef,
  deepClone,
  labelSelectorAsSelector,
  type KubeObject,
} from '@kubelab/apimachinery';
import { jsonEqual } from '../../util/equal';
import { earliest, isStatusError, type Controller, type ControllerContext } from '../controller';
import { createRetryAt } from './create-backoff';
import {
  availableAt,
  isPodActive,
  isPodAvailable,
  isPodReady,
  ownerReferenceTo,
  podCondition,
  restarts,
} from '../util/pods';

// pkg/controller/replicaset/replica_set.go: keeps spec.replicas pods running, adopting
// matching orphans and releasing pods that stop matching; ranks pods for deletion as upstream.

const SOURCE = { component: 'replicaset-controller' };

const PHASE_RANK: Record<string, number> = { Pending: 0, Unknown: 1, Running: 2 };

/** controller.ActivePodsWithRanks ordering: the first pods of the result are deleted first. */
export function rankForDeletion(pods: any[], allActiveOnNode: Map<string, number>): any[] {
  return [...pods].sort((a, b) => {
    const an = a.spec?.nodeName ?? '';
    const bn = b.spec?.nodeName ?? '';
    if (!an !== !bn) return an ? 1 : -1; // unassigned first
    const ap = PHASE_RANK[a.status?.phase] ?? 1;
    const bp = PHASE_RANK[b.status?.phase] ?? 1;
    if (ap !== bp) return ap - bp; // Pending < Unknown < Running
    const ar = isPodReady(a);
    const br = isPodReady(b);
    if (ar !== br) return ar ? 1 : -1; // not ready first
    const ac = Number(a.metadata.annotations?.['controller.kubernetes.io/pod-deletion-cost'] ?? 0);
    const bc = Number(b.metadata.annotations?.['controller.kubernetes.io/pod-deletion-cost'] ?? 0);
    if (ac !== bc) return ac - bc; // lower cost first
    const ak = allActiveOnNode.get(an) ?? 0;
    const bk = allActiveOnNode.get(bn) ?? 0;
    if (ak !== bk) return bk - ak; // more crowded nodes first
    if (ar && br) {
      const at = Date.parse(podCondition(a, 'Ready')?.lastTransitionTime ?? '') || 0;
      const bt = Date.parse(podCondition(b, 'Ready')?.lastTransitionTime ?? '') || 0;
      if (at !== bt) return bt - at; // ready for less time first
    }
    const ra = restarts(a);
    const rb = restarts(b);
    if (ra !== rb) return rb - ra; // more restarts first
    const ta = Date.parse(a.metadata.creationTimestamp) || 0;
    const tb = Date.parse(b.metadata.creationTimestamp) || 0;
    return tb - ta; // newer first
  });
}

export function podFromTemplate(owner: KubeObject, template: any): KubeObject {
  const meta = template?.metadata ?? {};
  const pod: any = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      generateName: `${owner.metadata.name}-`,
      namespace: owner.metadata.namespace,
      labels: deepClone(meta.labels ?? {}),
      ownerReferences: [ownerReferenceTo(owner)],
    },
    spec: deepClone(template?.spec ?? {}),
  };
  if (meta.annotations) pod.metadata.annotations = deepClone(meta.annotations);
  if (meta.finalizers) pod.metadata.finalizers = deepClone(meta.finalizers);
  return pod;
}

export const replicaSetController: Controller = {
  name: 'replicaset',
  reconcile(ctx: ControllerContext) {
    let wake: number | undefined;
    const orphans = new Map<string, any[]>();
    const orphansIn = (ns: string) => {
      let o = orphans.get(ns);
      if (!o)
        orphans.set(
          ns,
          (o = (ctx.state.list('', 'Pod', ns) as any[]).filter(
            (p) => !controllerRef(p) && !p.metadata.deletionTimestamp,
          )),
        );
      return o;
    };
    for (const rs of ctx.state.list('apps', 'ReplicaSet') as any[])
      wake = earliest(wake, syncReplicaSet(ctx, rs, orphansIn(rs.metadata.namespace)));
    return wake;
  },
};

/** Also syncs ReplicationControllers (seen as ReplicaSets), with their own event source. */
export function syncReplicaSet(
  ctx: ControllerContext,
  rsIn: any,
  orphanPods: any[],
  source = SOURCE,
): number | undefined {
  const { api, state } = ctx;
  let rs = rsIn;
  const ns = rs.metadata.namespace;
  let selector;
  try {
    selector = labelSelectorAsSelector(rs.spec?.selector);
  } catch {
    return undefined;
  }
  const pods = [
    ...(state
      .dependentsOf(rs.metadata.uid)
      .filter((o) => o.kind === 'Pod' && o.apiVersion === 'v1') as any[]),
    ...orphanPods,
  ];
  const owned: any[] = [];
  for (const p of pods) {
    if (p.metadata.namespace !== ns) continue;
    const ref = controllerRef(p);
    if (ref?.uid === rs.metadata.uid) {
      if (!selector.matches(p.metadata.labels ?? {}) && !p.metadata.deletionTimestamp) {
        // Release: the pod no longer matches the selector.
        api.mutate(p, (c: any) => {
          c.metadata.ownerReferences = c.metadata.ownerReferences.filter(
            (r: any) => r.uid !== rs.metadata.uid,
          );
          if (!c.metadata.ownerReferences.length) delete c.metadata.ownerReferences;
        });
        continue;
      }
      owned.push(p);
    } else if (
      !ref &&
      !p.metadata.deletionTimestamp &&
      !rs.metadata.deletionTimestamp &&
      selector.matches(p.metadata.labels ?? {})
    ) {
      // Adopt an orphan that matches (if another ReplicaSet did not just take it).
      const fresh: any = state.get('', 'Pod', ns, p.metadata.name);
      if (!fresh || controllerRef(fresh)) continue;
      const adopted = api.mutate(fresh, (c: any) => {
        c.metadata.ownerReferences = [...(c.metadata.ownerReferences ?? []), ownerReferenceTo(rs)];
      });
      if (!isStatusError(adopted)) owned.push(adopted);
    }
  }
  let active = owned.filter(isPodActive);
  const desired = rs.spec?.replicas ?? 1;
  let failure: string | undefined;
  const retryAt = createRetryAt(ctx, rs);
  if (!rs.metadata.deletionTimestamp) {
    const diff = active.length - desired;
    if (diff < 0 && retryAt !== undefined && ctx.now < retryAt) {
      // Backing off after a refused create: the failure stands until the next attempt.
      failure = rs.status.conditions.find((c: any) => c.type === 'ReplicaFailure').message;
    } else if (diff < 0) {
      for (let i = 0; i < -diff; i++) {
        const created = api.create(podFromTemplate(rs, rs.spec.template));
        if (isStatusError(created)) {
          failure = created.message;
          api.event(rs, {
            type: 'Warning',
            reason: 'FailedCreate',
            message: `Error creating: ${created.message}`,
            source,
          });
          break;
        }
        active.push(created);
        api.event(rs, {
          type: 'Normal',
          reason: 'SuccessfulCreate',
          message: `Created pod: ${created.metadata.name}`,
          source,
        });
      }
    } else if (diff > 0) {
      const perNode = new Map<string, number>();
      for (const p of active)
        if (p.spec?.nodeName) perNode.set(p.spec.nodeName, (perNode.get(p.spec.nodeName) ?? 0) + 1);
      const victims = rankForDeletion(active, perNode).slice(0, diff);
      for (const v of victims) {
        const err = api.delete(v);
        if (!err)
          api.event(rs, {
            type: 'Normal',
            reason: 'SuccessfulDelete',
            message: `Deleted pod: ${v.metadata.name}`,
            source,
          });
      }
      const gone = new Set(victims.map((v) => v.metadata.uid));
      active = active.filter((p) => !gone.has(p.metadata.uid));
    }
  }
  // Status, from the pods as they are now.
  const minReady = rs.spec?.minReadySeconds ?? 0;
  const templateLabels = rs.spec?.template?.metadata?.labels ?? {};
  const status: any = {
    replicas: active.length,
    fullyLabeledReplicas: active.filter((p) =>
      Object.entries(templateLabels).every(([k, v]) => p.metadata.labels?.[k] === v),
    ).length,
    readyReplicas: active.filter(isPodReady).length,
    availableReplicas: active.filter((p) => isPodAvailable(p, minReady, ctx.now)).length,
    observedGeneration: rs.metadata.generation,
  };
  const conditions = (rs.status?.conditions ?? []).filter((c: any) => c.type !== 'ReplicaFailure');
  if (failure) {
    const prev = (rs.status?.conditions ?? []).find((c: any) => c.type === 'ReplicaFailure');
    conditions.push({
      type: 'ReplicaFailure',
      status: 'True',
      lastTransitionTime:
        prev?.lastTransitionTime ?? new Date(ctx.now).toISOString().replace(/\.\d{3}Z$/, 'Z'),
      reason: 'FailedCreate',
      // Set once, by the first failure (calculateStatus leaves an existing condition alone).
      message: prev?.message ?? failure,
    });
  }
  if (conditions.length) status.conditions = conditions;
  for (const k of ['fullyLabeledReplicas', 'readyReplicas', 'availableReplicas'])
    if (status[k] === 0) delete status[k];
  if (!jsonEqual(status, rs.status)) {
    const updated = api.mutate(rs, (c: any) => (c.status = status), true);
    if (!isStatusError(updated)) rs = updated;
  }
  let wake: number | undefined = failure ? createRetryAt(ctx, rs) : undefined;
  for (const p of active)
    if (!isPodAvailable(p, minReady, ctx.now)) wake = earliest(wake, availableAt(p, minReady));
  return wake;
}
