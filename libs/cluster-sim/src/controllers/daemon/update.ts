import { deepClone } from '@kubelab/apimachinery';
import { scaledValue } from '../../apis/apps/intstr';
import { templateGenerationOf } from '../../apis/apps/daemonset';
import { jsonEqual } from '../../util/equal';
import { computePodTemplateHash } from '../../util/names';
import { isStatusError, type ControllerContext } from '../controller';
import {
  CONTROLLER_REVISION_HASH_LABEL,
  claimRevisions,
  controllerRevisionName,
  revisionNumber,
  sortRevisions,
} from '../history/controller-history';
import { isPodAvailable, ownerReferenceTo } from '../util/pods';
import { isPodUpdated, nodeShouldRunDaemonPod } from './util/daemonset-util';

// pkg/controller/daemon/update.go: the DaemonSet's history (one ControllerRevision per
// template, named <ds>-<hash>) and its rolling update — old pods replaced node by node, at most
// maxUnavailable at a time, or new pods surged next to old ones up to maxSurge.

/** getPatch: the DaemonSet's template as a "$patch: replace" snapshot. */
export function daemonSetPatch(ds: any): any {
  return { spec: { template: { ...deepClone(ds.spec.template ?? {}), $patch: 'replace' } } };
}

/** Match: the revision records this DaemonSet's current template. */
const matches = (ds: any, cr: any) => jsonEqual(daemonSetPatch(ds), cr.data);

export interface History {
  cur: any;
  old: any[];
  /** The DaemonSet as it is after any collision-count bump. */
  ds: any;
}

/** constructHistory: the revision of the current template (created if missing) and the others. */
export function constructHistory(ctx: ControllerContext, dsIn: any): History | undefined {
  let ds = dsIn;
  const histories = claimRevisions(ctx, ds, ds.spec.selector);
  const current: any[] = [];
  const old: any[] = [];
  for (let h of histories) {
    // Old revisions without the hash label get their own name as hash.
    if (!h.metadata.labels?.[CONTROLLER_REVISION_HASH_LABEL]) {
      const u = ctx.api.mutate(h, (c: any) => {
        c.metadata.labels = {
          ...(c.metadata.labels ?? {}),
          [CONTROLLER_REVISION_HASH_LABEL]: c.metadata.name,
        };
      });
      if (!isStatusError(u)) h = u;
    }
    (matches(ds, h) ? current : old).push(h);
  }
  const currRevision = old.reduce((m, h) => Math.max(m, revisionNumber(h)), 0) + 1;
  let cur: any;
  if (!current.length) {
    const snap = snapshot(ctx, ds, currRevision);
    if (!snap) return undefined;
    ({ cur, ds } = snap);
  } else {
    // dedupCurHistories: keep the highest-numbered equal revision.
    const sorted = sortRevisions(current);
    cur = sorted[sorted.length - 1];
    for (const dup of sorted.slice(0, -1)) ctx.api.delete(dup);
    if (revisionNumber(cur) < currRevision) {
      const u = ctx.api.mutate(cur, (c: any) => (c.revision = currRevision));
      if (!isStatusError(u)) cur = u;
    }
  }
  return { cur, old, ds };
}

/** snapshot: creates the revision; a name taken by another template bumps collisionCount. */
function snapshot(
  ctx: ControllerContext,
  dsIn: any,
  revision: number,
): { cur: any; ds: any } | undefined {
  let ds = dsIn;
  for (let attempt = 0; attempt < 10; attempt++) {
    const hash = computePodTemplateHash(ds.spec.template, ds.status?.collisionCount);
    const name = controllerRevisionName(ds.metadata.name, hash);
    const cr: any = {
      apiVersion: 'apps/v1',
      kind: 'ControllerRevision',
      metadata: {
        name,
        namespace: ds.metadata.namespace,
        labels: {
          ...(ds.spec.template?.metadata?.labels ?? {}),
          [CONTROLLER_REVISION_HASH_LABEL]: hash,
        },
        ownerReferences: [ownerReferenceTo(ds)],
      },
      data: daemonSetPatch(ds),
      revision,
    };
    // The DaemonSet's annotations ride along (change-cause, template generation).
    if (ds.metadata.annotations) cr.metadata.annotations = { ...ds.metadata.annotations };
    const existing: any = ctx.state.get('apps', 'ControllerRevision', ds.metadata.namespace, name);
    if (!existing) {
      const created = ctx.api.create(cr);
      return isStatusError(created) ? undefined : { cur: created, ds };
    }
    if (matches(ds, existing)) return { cur: existing, ds };
    const bumped = ctx.api.mutate(
      ds,
      (c: any) =>
        (c.status = { ...(c.status ?? {}), collisionCount: (c.status?.collisionCount ?? 0) + 1 }),
      true,
    );
    if (isStatusError(bumped)) return undefined;
    ds = bumped;
  }
  return undefined;
}

/** cleanupHistory: the oldest old revisions beyond revisionHistoryLimit no pod still uses. */
export function cleanupHistory(ctx: ControllerContext, ds: any, old: any[], pods: any[]): void {
  let toKill = old.length - (ds.spec.revisionHistoryLimit ?? 10);
  if (toKill <= 0) return;
  const live = new Set(pods.map((p) => p.metadata.labels?.[CONTROLLER_REVISION_HASH_LABEL]));
  for (const h of sortRevisions(old)) {
    if (toKill <= 0) break;
    if (live.has(h.metadata.labels?.[CONTROLLER_REVISION_HASH_LABEL])) continue;
    ctx.api.delete(h);
    toKill--;
  }
}

/** findUpdatedPodsOnNode: the node's new and old pod; not ok when it has two of either. */
export function findUpdatedPodsOnNode(
  ds: any,
  pods: any[],
  hash: string,
): { newPod?: any; oldPod?: any; ok: boolean } {
  let newPod: any;
  let oldPod: any;
  for (const p of pods) {
    if (p.metadata.deletionTimestamp) continue;
    if (isPodUpdated(p, hash, templateGenerationOf(ds))) {
      if (newPod) return { ok: false };
      newPod = p;
    } else {
      if (oldPod) return { ok: false };
      oldPod = p;
    }
  }
  return { newPod, oldPod, ok: true };
}

/** updatedDesiredNodeCounts: maxSurge and maxUnavailable resolved against the desired count. */
export function surgeAndUnavailable(
  ds: any,
  desired: number,
): { surge: number; unavailable: number } {
  const ru = ds.spec.updateStrategy?.rollingUpdate ?? {};
  const surge = scaledValue(ru.maxSurge ?? 0, desired, true);
  let unavailable = scaledValue(ru.maxUnavailable ?? 1, desired, true);
  if (desired > 0 && surge === 0 && unavailable === 0) unavailable = 1;
  return { surge, unavailable };
}

/**
 * rollingUpdate: which old pods to delete and on which nodes to create new ones now. Nodes are
 * visited in name order (upstream walks a map).
 */
export function rollingUpdate(
  ds: any,
  nodes: any[],
  nodeToPods: Map<string, any[]>,
  hash: string,
  now: number,
): { deletePods: any[]; createOn: string[] } {
  const minReady = ds.spec.minReadySeconds ?? 0;
  const desired = nodes.filter((n) => nodeShouldRunDaemonPod(n, ds).shouldRun).length;
  const { surge, unavailable } = surgeAndUnavailable(ds, desired);
  const available = (p: any) => isPodAvailable(p, minReady, now);
  const names = [...nodeToPods.keys()].sort();
  const nodeByName = new Map(nodes.map((n) => [n.metadata.name, n]));
  if (surge === 0) {
    let numUnavailable = 0;
    const replace: any[] = [];
    const candidates: any[] = [];
    for (const name of names) {
      const { newPod, oldPod, ok } = findUpdatedPodsOnNode(ds, nodeToPods.get(name)!, hash);
      if (!ok || (!oldPod && !newPod) || (oldPod && newPod)) numUnavailable++;
      else if (newPod) {
        if (!available(newPod)) numUnavailable++;
      } else if (!available(oldPod)) replace.push(oldPod);
      else if (numUnavailable < unavailable) candidates.push(oldPod);
    }
    const remaining = Math.max(0, Math.min(unavailable - numUnavailable, candidates.length));
    return { deletePods: [...replace, ...candidates.slice(0, remaining)], createOn: [] };
  }
  // Surge: new pods next to old ones; an old pod goes once its replacement is available.
  const deletePods: any[] = [];
  const allowed: string[] = [];
  const candidates: string[] = [];
  let numSurge = 0;
  for (const name of names) {
    const { newPod, oldPod, ok } = findUpdatedPodsOnNode(ds, nodeToPods.get(name)!, hash);
    if (!ok) {
      numSurge++;
      continue;
    }
    if (!oldPod) continue;
    const node = nodeByName.get(name);
    const shouldRun = node ? nodeShouldRunDaemonPod(node, ds).shouldRun : false;
    if (!newPod) {
      if (!available(oldPod)) {
        if (!shouldRun) deletePods.push(oldPod);
        else allowed.push(name);
      } else if (shouldRun && numSurge < surge) candidates.push(name);
    } else if (!available(newPod)) numSurge++;
    else deletePods.push(oldPod);
  }
  const remaining = Math.max(0, Math.min(surge - numSurge, candidates.length));
  return { deletePods, createOn: [...allowed, ...candidates.slice(0, remaining)] };
}
