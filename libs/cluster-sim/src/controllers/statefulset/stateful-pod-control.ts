import { StatusError, type KubeObject } from '@kubelab/apimachinery';
import { isStatusError, type ControllerContext } from '../controller';
import {
  claimsFor,
  getOrdinal,
  identityMatches,
  podInOrdinalRange,
  updateIdentity,
} from './stateful-set-utils';

// pkg/controller/statefulset/stateful_pod_control.go: creating a pod after its claims, deleting,
// fixing identity, the claims' owner references for the retention policy, and the events.

export const STATEFULSET_SOURCE = { component: 'statefulset-controller' };

/** PersistentVolumeClaim is served by the storage part: without it, claims are left alone. */
export const claimsServed = (ctx: ControllerContext) =>
  !!ctx.registry.forKind('', 'PersistentVolumeClaim');

const title = (verb: string) => verb.charAt(0).toUpperCase() + verb.slice(1);

function recordPodEvent(
  ctx: ControllerContext,
  verb: string,
  set: any,
  pod: any,
  err?: StatusError | Error,
): void {
  ctx.api.event(
    set,
    err
      ? {
          type: 'Warning',
          reason: `Failed${title(verb)}`,
          message: `${verb} Pod ${pod.metadata.name} in StatefulSet ${set.metadata.name} failed error: ${err.message}`,
          source: STATEFULSET_SOURCE,
        }
      : {
          type: 'Normal',
          reason: `Successful${title(verb)}`,
          message: `${verb} Pod ${pod.metadata.name} in StatefulSet ${set.metadata.name} successful`,
          source: STATEFULSET_SOURCE,
        },
  );
}

function recordClaimEvent(
  ctx: ControllerContext,
  verb: string,
  set: any,
  pod: any,
  claim: any,
  err?: StatusError,
): void {
  ctx.api.event(
    set,
    err
      ? {
          type: 'Warning',
          reason: `Failed${title(verb)}`,
          message: `${verb} Claim ${claim.metadata.name} for Pod ${pod.metadata.name} in StatefulSet ${set.metadata.name} failed error: ${err.message}`,
          source: STATEFULSET_SOURCE,
        }
      : {
          type: 'Normal',
          reason: `Successful${title(verb)}`,
          message: `${verb} Claim ${claim.metadata.name} Pod ${pod.metadata.name} in StatefulSet ${set.metadata.name} success`,
          source: STATEFULSET_SOURCE,
        },
  );
}

/** createPersistentVolumeClaims: the pod's missing claims; an error if any could not be made. */
export function createPersistentVolumeClaims(
  ctx: ControllerContext,
  set: any,
  pod: any,
): Error | undefined {
  if (!claimsServed(ctx)) return undefined;
  const errs: string[] = [];
  for (const { claim } of claimsFor(set, getOrdinal(pod))) {
    const existing: any = ctx.state.get(
      '',
      'PersistentVolumeClaim',
      claim.metadata.namespace,
      claim.metadata.name,
    );
    if (existing) {
      if (existing.metadata.deletionTimestamp)
        errs.push(`pvc ${claim.metadata.name} is being deleted`);
      continue;
    }
    const created = ctx.api.create(claim);
    if (isStatusError(created)) {
      errs.push(`failed to create PVC ${claim.metadata.name}: ${created.message}`);
      if (created.reason !== 'AlreadyExists')
        recordClaimEvent(ctx, 'create', set, pod, claim, created);
    } else recordClaimEvent(ctx, 'create', set, pod, claim);
  }
  return errs.length ? new Error(errs.length === 1 ? errs[0] : `[${errs.join(', ')}]`) : undefined;
}

/** PodClaimIsStale: a claim still owned by an earlier pod of this ordinal (being collected). */
export function podClaimIsStale(ctx: ControllerContext, set: any, pod: any): boolean {
  if (!claimsServed(ctx)) return false;
  const live: any = ctx.state.get('', 'Pod', pod.metadata.namespace, pod.metadata.name);
  return claimsFor(set, getOrdinal(pod)).some(({ claim }) => {
    const existing: any = ctx.state.get(
      '',
      'PersistentVolumeClaim',
      claim.metadata.namespace,
      claim.metadata.name,
    );
    return (existing?.metadata.ownerReferences ?? []).some(
      (r: any) => r.kind === 'Pod' && r.uid !== live?.metadata.uid,
    );
  });
}

/** CreateStatefulPod: claims first, then the pod; the claims' owners follow the policy. */
export function createStatefulPod(ctx: ControllerContext, set: any, pod: any): KubeObject | Error {
  const claimErr = createPersistentVolumeClaims(ctx, set, pod);
  if (claimErr) {
    recordPodEvent(ctx, 'create', set, pod, claimErr);
    return claimErr;
  }
  const created = ctx.api.create(pod);
  if (isStatusError(created) && created.reason === 'AlreadyExists') return created;
  if (!isStatusError(created)) updatePodClaimForRetentionPolicy(ctx, set, created);
  recordPodEvent(ctx, 'create', set, pod, isStatusError(created) ? created : undefined);
  return created;
}

export function deleteStatefulPod(ctx: ControllerContext, set: any, pod: any): boolean {
  const err = ctx.api.delete(pod);
  if (err && err.reason === 'NotFound') return true;
  recordPodEvent(ctx, 'delete', set, pod, err);
  return !err;
}

/** UpdateStatefulPod: restores the pod's identity labels and creates claims it lacks. */
export function updateStatefulPod(ctx: ControllerContext, set: any, pod: any): void {
  if (!identityMatches(set, pod)) {
    const u = ctx.api.mutate(pod, (c: any) => updateIdentity(set, c));
    if (isStatusError(u)) recordPodEvent(ctx, 'update', set, pod, u);
    else recordPodEvent(ctx, 'update', set, pod);
  }
  createPersistentVolumeClaims(ctx, set, pod);
  updatePodClaimForRetentionPolicy(ctx, set, pod);
}

const refTo = (o: any, apiVersion: string, kind: string) => ({
  apiVersion,
  kind,
  name: o.metadata.name,
  uid: o.metadata.uid,
});

/**
 * updateClaimOwnerRefForSetAndPod: whenDeleted=Delete makes the set own the claims, so they go
 * with it; whenScaled=Delete makes a condemned pod own them, so they go when it is scaled away.
 */
export function updatePodClaimForRetentionPolicy(ctx: ControllerContext, set: any, pod: any): void {
  if (!claimsServed(ctx) || !pod.metadata.uid) return;
  const policy = set.spec.persistentVolumeClaimRetentionPolicy ?? {};
  const scaledDown = !podInOrdinalRange(pod, set);
  const deleteWithSet =
    policy.whenDeleted === 'Delete' && !(policy.whenScaled === 'Delete' && scaledDown);
  const deleteWithPod = policy.whenScaled === 'Delete' && scaledDown;
  for (const { claim } of claimsFor(set, getOrdinal(pod))) {
    const existing: any = ctx.state.get(
      '',
      'PersistentVolumeClaim',
      claim.metadata.namespace,
      claim.metadata.name,
    );
    if (!existing || existing.metadata.deletionTimestamp) continue;
    const refs: any[] = existing.metadata.ownerReferences ?? [];
    let next = refs.filter(
      (r) =>
        (r.uid !== set.metadata.uid || deleteWithSet) &&
        (r.uid !== pod.metadata.uid || deleteWithPod),
    );
    if (deleteWithSet && !next.some((r) => r.uid === set.metadata.uid))
      next = [...next, refTo(set, 'apps/v1', 'StatefulSet')];
    if (deleteWithPod && !next.some((r) => r.uid === pod.metadata.uid))
      next = [...next, refTo(pod, 'v1', 'Pod')];
    if (next.length === refs.length && next.every((r, i) => r === refs[i])) continue;
    ctx.api.mutate(existing, (c: any) => {
      if (next.length) c.metadata.ownerReferences = next;
      else delete c.metadata.ownerReferences;
    });
  }
}
