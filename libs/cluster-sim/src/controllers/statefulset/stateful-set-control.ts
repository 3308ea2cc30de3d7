import { jsonEqual } from '../../util/equal';
import { isStatusError, type ControllerContext } from '../controller';
import {
  createControllerRevision,
  equalRevision,
  nextRevision,
  sortRevisions,
  updateRevisionNumber,
} from '../history/controller-history';
import { retryAfterFailures } from '../util/failure-backoff';
import { availableAt } from '../util/pods';
import {
  claimsServed,
  createPersistentVolumeClaims,
  createStatefulPod,
  deleteStatefulPod,
  podClaimIsStale,
  updatePodClaimForRetentionPolicy,
  updateStatefulPod,
} from './stateful-pod-control';
import {
  applyRevision,
  endOrdinal,
  getOrdinal,
  getPodRevision,
  identityMatches,
  isCreated,
  isFailed,
  isMemberOf,
  isPending,
  isRunningAndAvailable,
  isRunningAndReady,
  isSucceeded,
  isTerminating,
  isUnavailable,
  newRevision,
  newVersionedStatefulSetPod,
  podInOrdinalRange,
  startOrdinal,
  storageMatches,
} from './stateful-set-utils';

// pkg/controller/statefulset/stateful_set_control.go (UpdateStatefulSet): revisions, then pods
// in ordinal order — created one at a time and only after every lower ordinal is Running and
// Ready (OrderedReady) or all at once (Parallel), scaled down from the highest ordinal, updated
// from the highest ordinal down to the partition — then status and history.

/** getStatefulSetRevisions: the current and update revisions, creating or renumbering one. */
function getRevisions(
  ctx: ControllerContext,
  set: any,
  revisionsIn: any[],
): { current: any; update: any; collisionCount: number } | undefined {
  const revisions = sortRevisions(revisionsIn);
  const collision = { value: set.status?.collisionCount ?? 0 };
  const candidate = newRevision(set, nextRevision(revisions));
  const equal = revisions.filter((r) => equalRevision(r, candidate));
  let update: any;
  if (equal.length && equalRevision(revisions[revisions.length - 1], equal[equal.length - 1]))
    update = revisions[revisions.length - 1];
  else if (equal.length)
    // An earlier template came back (a rollback): that revision becomes the newest.
    update = updateRevisionNumber(ctx, equal[equal.length - 1], candidate.revision);
  else update = createControllerRevision(ctx, set, candidate, collision);
  if (!update) return undefined;
  const current = revisions.find((r) => r.metadata.name === set.status?.currentRevision) ?? update;
  return { current, update, collisionCount: collision.value };
}

export function updateStatefulSet(
  ctx: ControllerContext,
  set: any,
  pods: any[],
  revisions: any[],
): number | undefined {
  const revs = getRevisions(ctx, set, revisions);
  if (!revs) return undefined;
  const { current, update, collisionCount } = revs;
  const currentSet = applyRevision(set, current);
  const updateSet = applyRevision(set, update);
  const minReady = set.spec.minReadySeconds ?? 0;
  const monotonic = (set.spec.podManagementPolicy ?? 'OrderedReady') !== 'Parallel';
  const now = ctx.now;

  const replicaCount = set.spec.replicas ?? 1;
  const start = startOrdinal(set);
  const replicas: any[] = new Array(replicaCount);
  const condemned: any[] = [];
  for (const pod of pods) {
    if (podInOrdinalRange(pod, set)) replicas[getOrdinal(pod) - start] = pod;
    else if (getOrdinal(pod) >= 0) condemned.push(pod);
  }
  for (let ord = start; ord <= endOrdinal(set); ord++) {
    if (!replicas[ord - start])
      replicas[ord - start] = newVersionedStatefulSetPod(
        currentSet,
        updateSet,
        current.metadata.name,
        update.metadata.name,
        ord,
        set.status?.currentReplicas ?? 0,
      );
  }
  condemned.sort((a, b) => getOrdinal(b) - getOrdinal(a));
  let firstUnhealthy: any;
  for (const p of replicas)
    if (!firstUnhealthy && isUnavailable(p, minReady, now)) firstUnhealthy = p;
  for (let i = condemned.length - 1; i >= 0; i--)
    if (!firstUnhealthy && isUnavailable(condemned[i], minReady, now))
      firstUnhealthy = condemned[i];

  // Creations the API refused are retried with the workqueue's back-off.
  const retryAt = retryAfterFailures(ctx, set, 'FailedCreate');
  if (!set.metadata.deletionTimestamp) {
    manage(
      ctx,
      set,
      updateSet,
      replicas,
      condemned,
      firstUnhealthy,
      monotonic,
      update.metadata.name,
      retryAt !== undefined,
    );
  }

  // Status from the pods as they are now.
  const live = (ctx.state.dependentsOf(set.metadata.uid) as any[]).filter(
    (p) =>
      p.kind === 'Pod' &&
      isMemberOf(set, p) &&
      (p.metadata.ownerReferences ?? []).some(
        (r: any) => r.uid === set.metadata.uid && r.controller,
      ),
  );
  const status = computeStatus(set, live, current, update, collisionCount, minReady, now);
  writeStatus(ctx, set, status);
  truncateHistory(ctx, set, live, revisions.concat(update), current, update);

  // Requeue for pods turning available after minReadySeconds.
  let wake: number | undefined = retryAt;
  if (minReady > 0)
    for (const p of live) {
      const at = availableAt(p, minReady);
      if (at !== undefined && at > now && (wake === undefined || at < wake)) wake = at;
    }
  return wake;
}

/** The ordered (or parallel) pod management of updateStatefulSet. */
function manage(
  ctx: ControllerContext,
  set: any,
  updateSet: any,
  replicas: any[],
  condemned: any[],
  firstUnhealthy: any,
  monotonic: boolean,
  updateRevision: string,
  backingOff: boolean,
): void {
  const minReady = set.spec.minReadySeconds ?? 0;
  const now = ctx.now;
  // Each living replica, lowest ordinal first; OrderedReady stops at the first that blocks.
  for (const pod of replicas) {
    if (processReplica(ctx, set, updateSet, monotonic, pod, backingOff) && monotonic) return;
  }
  for (const pod of condemned) updatePodClaimForRetentionPolicy(ctx, updateSet, pod);
  // Scale down from the highest ordinal; OrderedReady one at a time, each after the last is gone.
  for (const pod of condemned) {
    if (isTerminating(pod)) {
      if (monotonic) return;
      continue;
    }
    if (monotonic && pod !== firstUnhealthy) {
      if (!isRunningAndReady(pod) || !isRunningAndAvailable(pod, minReady, now)) return;
    }
    deleteStatefulPod(ctx, set, pod);
    if (monotonic) return;
  }
  const us = set.spec.updateStrategy ?? {};
  if (us.type === 'OnDelete') return;
  // Rolling update: replace the highest ordinal not at the update revision, one at a time,
  // never below the partition.
  const partition = us.rollingUpdate?.partition ?? 0;
  for (let target = replicas.length - 1; target >= partition; target--) {
    const pod = replicas[target];
    if (getPodRevision(pod) !== updateRevision && !isTerminating(pod)) {
      deleteStatefulPod(ctx, set, pod);
      return;
    }
    if (isUnavailable(pod, minReady, now)) return;
  }
}

/** processReplica: true when nothing more may happen this round (in OrderedReady). */
function processReplica(
  ctx: ControllerContext,
  set: any,
  updateSet: any,
  monotonic: boolean,
  pod: any,
  backingOff: boolean,
): boolean {
  const minReady = set.spec.minReadySeconds ?? 0;
  // A finished pod is replaced: deleted now, created again once it is gone.
  if (isFailed(pod) || isSucceeded(pod)) {
    if (!isTerminating(pod)) deleteStatefulPod(ctx, set, pod);
    return true;
  }
  if (!isCreated(pod)) {
    if (backingOff || podClaimIsStale(ctx, set, pod)) return true;
    const created = createStatefulPod(ctx, set, pod);
    if (created instanceof Error || isStatusError(created)) return true;
    if (monotonic) return true;
    pod = created;
  }
  if (isPending(pod)) createPersistentVolumeClaims(ctx, set, pod);
  if (monotonic) {
    if (isTerminating(pod)) return true;
    if (!isRunningAndReady(pod)) return true;
    if (!isRunningAndAvailable(pod, minReady, ctx.now)) return true;
  }
  if (!identityMatches(set, pod) || (claimsServed(ctx) && !storageMatches(set, pod)))
    updateStatefulPod(ctx, updateSet, pod);
  else updatePodClaimForRetentionPolicy(ctx, updateSet, pod);
  return false;
}

function computeStatus(
  set: any,
  pods: any[],
  current: any,
  update: any,
  collisionCount: number,
  minReady: number,
  now: number,
): any {
  let replicas = 0;
  let ready = 0;
  let available = 0;
  let currentReplicas = 0;
  let updated = 0;
  for (const p of pods) {
    if (getOrdinal(p) < 0) continue;
    if (isCreated(p)) replicas++;
    if (isRunningAndReady(p)) {
      ready++;
      if (isRunningAndAvailable(p, minReady, now)) available++;
    }
    if (isCreated(p) && !isTerminating(p)) {
      const rev = getPodRevision(p);
      if (rev === current.metadata.name) currentReplicas++;
      if (rev === update.metadata.name) updated++;
    }
  }
  let currentRevision = current.metadata.name;
  // completeRollingUpdate: once every pod is updated and ready, the update is the current.
  if (
    (set.spec.updateStrategy?.type ?? 'RollingUpdate') === 'RollingUpdate' &&
    updated === replicas &&
    ready === replicas
  ) {
    currentReplicas = updated;
    currentRevision = update.metadata.name;
  }
  const status: any = {
    observedGeneration: set.metadata.generation,
    replicas,
    readyReplicas: ready,
    currentReplicas,
    updatedReplicas: updated,
    currentRevision,
    updateRevision: update.metadata.name,
    collisionCount,
    availableReplicas: available,
  };
  for (const k of ['readyReplicas', 'currentReplicas', 'updatedReplicas'])
    if (status[k] === 0) delete status[k];
  if (set.status?.conditions) status.conditions = set.status.conditions;
  return status;
}

function writeStatus(ctx: ControllerContext, set: any, status: any): void {
  const fresh: any = ctx.state.get(
    'apps',
    'StatefulSet',
    set.metadata.namespace,
    set.metadata.name,
  );
  if (!fresh || jsonEqual(fresh.status, status)) return;
  ctx.api.mutate(fresh, (c: any) => (c.status = status), true);
}

/** truncateHistory: drops the oldest revisions no pod uses, beyond revisionHistoryLimit. */
function truncateHistory(
  ctx: ControllerContext,
  set: any,
  pods: any[],
  revisions: any[],
  current: any,
  update: any,
): void {
  const live = new Set<string>([current.metadata.name, update.metadata.name]);
  for (const p of pods) live.add(getPodRevision(p));
  const seen = new Set<string>();
  const history = sortRevisions(
    revisions.filter((r) => {
      if (seen.has(r.metadata.name) || live.has(r.metadata.name)) return false;
      seen.add(r.metadata.name);
      return true;
    }),
  );
  const limit = set.spec.revisionHistoryLimit ?? 10;
  if (limit < 0 || history.length <= limit) return;
  for (const r of history.slice(0, history.length - limit)) {
    const fresh = ctx.state.get(
      'apps',
      'ControllerRevision',
      r.metadata.namespace,
      r.metadata.name,
    );
    if (fresh) ctx.api.delete(fresh);
  }
}
