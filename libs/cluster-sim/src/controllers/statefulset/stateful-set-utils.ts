import { deepClone, type KubeObject } from '@kubelab/apimachinery';
import { CONTROLLER_REVISION_HASH_LABEL } from '../history/controller-history';
import { isPodReady, ownerReferenceTo, podCondition } from '../util/pods';

// pkg/controller/statefulset/stateful_set_utils.go: ordinals and identities, the claims a pod
// mounts, revisions of a set (its template as a "$patch: replace" snapshot) and pod health.

export const POD_NAME_LABEL = 'statefulset.kubernetes.io/pod-name';
export const POD_INDEX_LABEL = 'apps.kubernetes.io/pod-index';

const STATEFUL_POD = /^(.*)-([0-9]+)$/;

/** The set name and ordinal a pod's name encodes; ordinal -1 when it encodes none. */
export function parentAndOrdinal(pod: any): { parent: string; ordinal: number } {
  const m = STATEFUL_POD.exec(pod.metadata?.name ?? '');
  if (!m) return { parent: '', ordinal: -1 };
  const ordinal = Number(m[2]);
  return Number.isSafeInteger(ordinal)
    ? { parent: m[1]!, ordinal }
    : { parent: m[1]!, ordinal: -1 };
}

export const getOrdinal = (pod: any) => parentAndOrdinal(pod).ordinal;
export const podName = (set: any, ordinal: number) => `${set.metadata.name}-${ordinal}`;
export const startOrdinal = (set: any): number => set.spec?.ordinals?.start ?? 0;
export const endOrdinal = (set: any): number => startOrdinal(set) + (set.spec?.replicas ?? 1) - 1;

export function podInOrdinalRange(pod: any, set: any): boolean {
  const o = getOrdinal(pod);
  return o >= startOrdinal(set) && o <= endOrdinal(set);
}

/** isMemberOf: the pod's name says it belongs to this set. */
export const isMemberOf = (set: any, pod: any) =>
  parentAndOrdinal(pod).parent === set.metadata.name;

export function identityMatches(set: any, pod: any): boolean {
  const { parent, ordinal } = parentAndOrdinal(pod);
  return (
    ordinal >= 0 &&
    parent === set.metadata.name &&
    pod.metadata.name === podName(set, ordinal) &&
    pod.metadata.namespace === set.metadata.namespace &&
    pod.metadata.labels?.[POD_NAME_LABEL] === pod.metadata.name
  );
}

/** `<template>-<set>-<ordinal>`: the PVC of one volumeClaimTemplate for one ordinal. */
export const claimName = (set: any, template: any, ordinal: number) =>
  `${template.metadata?.name}-${set.metadata.name}-${ordinal}`;

/** The claims a pod of the set needs, each labelled with the set's matchLabels. */
export function claimsFor(set: any, ordinal: number): { volume: string; claim: any }[] {
  return (set.spec?.volumeClaimTemplates ?? []).map((t: any) => {
    const claim: any = {
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: {
        name: claimName(set, t, ordinal),
        namespace: set.metadata.namespace,
        labels: { ...(t.metadata?.labels ?? {}), ...(set.spec.selector?.matchLabels ?? {}) },
      },
      spec: deepClone(t.spec ?? {}),
    };
    if (t.metadata?.annotations) claim.metadata.annotations = deepClone(t.metadata.annotations);
    return { volume: t.metadata?.name, claim };
  });
}

/** storageMatches: every claim template is mounted from this ordinal's claim. */
export function storageMatches(set: any, pod: any): boolean {
  const ordinal = getOrdinal(pod);
  if (ordinal < 0) return false;
  const volumes = new Map<string, any>((pod.spec?.volumes ?? []).map((v: any) => [v.name, v]));
  return claimsFor(set, ordinal).every(
    ({ volume, claim }) =>
      volumes.get(volume)?.persistentVolumeClaim?.claimName === claim.metadata.name,
  );
}

/** updateStorage: the claim volumes first, then the template's other volumes. */
function updateStorage(set: any, pod: any): void {
  const claims = claimsFor(set, getOrdinal(pod));
  if (!claims.length) return;
  const names = new Set(claims.map((c) => c.volume));
  pod.spec.volumes = [
    ...claims.map(({ volume, claim }) => ({
      name: volume,
      persistentVolumeClaim: { claimName: claim.metadata.name },
    })),
    ...(pod.spec.volumes ?? []).filter((v: any) => !names.has(v.name)),
  ];
}

/** updateIdentity: the name, namespace and the two identity labels. */
export function updateIdentity(set: any, pod: any): void {
  const ordinal = getOrdinal(pod);
  pod.metadata.name = podName(set, ordinal);
  pod.metadata.namespace = set.metadata.namespace;
  pod.metadata.labels = {
    ...(pod.metadata.labels ?? {}),
    [POD_NAME_LABEL]: pod.metadata.name,
    [POD_INDEX_LABEL]: String(ordinal),
  };
}

/** newStatefulSetPod: the template's pod with its ordinal's name, hostname, subdomain and claims. */
export function newStatefulSetPod(set: any, ordinal: number): any {
  const meta = set.spec.template?.metadata ?? {};
  const pod: any = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: podName(set, ordinal),
      // GetPodFromTemplate sets the prefix too, though the name is fixed.
      generateName: `${set.metadata.name}-`,
      namespace: set.metadata.namespace,
      labels: deepClone(meta.labels ?? {}),
      ownerReferences: [ownerReferenceTo(set)],
    },
    spec: deepClone(set.spec.template?.spec ?? {}),
  };
  if (meta.annotations) pod.metadata.annotations = deepClone(meta.annotations);
  if (meta.finalizers) pod.metadata.finalizers = deepClone(meta.finalizers);
  updateIdentity(set, pod);
  // Set only at creation: the stable DNS name <pod>.<serviceName>.<ns>.svc.
  pod.spec.hostname = pod.metadata.name;
  if (set.spec.serviceName) pod.spec.subdomain = set.spec.serviceName;
  updateStorage(set, pod);
  return pod;
}

export const getPodRevision = (pod: any): string =>
  pod.metadata?.labels?.[CONTROLLER_REVISION_HASH_LABEL] ?? '';

function setPodRevision(pod: any, revision: string): void {
  pod.metadata.labels = {
    ...(pod.metadata.labels ?? {}),
    [CONTROLLER_REVISION_HASH_LABEL]: revision,
  };
}

/**
 * newVersionedStatefulSetPod: ordinals below the partition are (re)created at the current
 * revision, the others at the update revision.
 */
export function newVersionedStatefulSetPod(
  currentSet: any,
  updateSet: any,
  currentRevision: string,
  updateRevision: string,
  ordinal: number,
  currentReplicas: number,
): any {
  const us = currentSet.spec.updateStrategy ?? {};
  const atCurrent =
    (us.type === 'RollingUpdate' &&
      !us.rollingUpdate &&
      ordinal < startOrdinal(currentSet) + currentReplicas) ||
    (!!us.rollingUpdate && ordinal < startOrdinal(currentSet) + (us.rollingUpdate.partition ?? 0));
  const pod = newStatefulSetPod(atCurrent ? currentSet : updateSet, ordinal);
  setPodRevision(pod, atCurrent ? currentRevision : updateRevision);
  return pod;
}

/** getPatch: the part of the set a revision records — its template, replacing the whole. */
export function statefulSetPatch(set: any): any {
  return { spec: { template: { ...deepClone(set.spec.template ?? {}), $patch: 'replace' } } };
}

/** ApplyRevision: the set with the template its revision recorded. */
export function applyRevision(set: any, revision: any): any {
  const out = deepClone(set);
  const t = deepClone(revision?.data?.spec?.template);
  if (t) {
    delete t.$patch;
    out.spec.template = t;
  }
  return out;
}

/** newRevision: an unsaved ControllerRevision of the set (named once its hash is known). */
export function newRevision(set: KubeObject & { spec: any }, revision: number): any {
  const cr: any = {
    apiVersion: 'apps/v1',
    kind: 'ControllerRevision',
    metadata: {
      namespace: set.metadata.namespace,
      labels: { ...(set.spec.template?.metadata?.labels ?? {}) },
      ownerReferences: [ownerReferenceTo(set)],
    },
    data: statefulSetPatch(set),
    revision,
  };
  // The set's annotations ride along (kubectl rollout history reads change-cause from them).
  if (set.metadata.annotations) cr.metadata.annotations = { ...set.metadata.annotations };
  return cr;
}

// Pod health as the StatefulSet controller judges it.
export const isCreated = (pod: any) => !!pod.status?.phase;
export const isFailed = (pod: any) => pod.status?.phase === 'Failed';
export const isSucceeded = (pod: any) => pod.status?.phase === 'Succeeded';
export const isPending = (pod: any) => pod.status?.phase === 'Pending';
export const isTerminating = (pod: any) => !!pod.metadata?.deletionTimestamp;
export const isRunningAndReady = (pod: any) => pod.status?.phase === 'Running' && isPodReady(pod);

export function isRunningAndAvailable(pod: any, minReadySeconds: number, now: number): boolean {
  if (!isRunningAndReady(pod)) return false;
  if (!minReadySeconds) return true;
  const since = Date.parse(podCondition(pod, 'Ready')?.lastTransitionTime ?? '');
  return !Number.isNaN(since) && since + minReadySeconds * 1000 <= now;
}

export const isUnavailable = (pod: any, minReadySeconds: number, now: number) =>
  !isRunningAndAvailable(pod, minReadySeconds, now) || isTerminating(pod);
