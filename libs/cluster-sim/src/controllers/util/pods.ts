import { controllerRef, type KubeObject } from '@kubelab/apimachinery';

// pkg/api/v1/pod util: readiness and availability as controllers judge them.

export function podCondition(pod: any, type: string): any | undefined {
  return (pod.status?.conditions ?? []).find((c: any) => c.type === type);
}

export function isPodReady(pod: any): boolean {
  return podCondition(pod, 'Ready')?.status === 'True';
}

/** Ready for at least minReadySeconds (podutil.IsPodAvailable). */
export function isPodAvailable(pod: any, minReadySeconds: number, now: number): boolean {
  const c = podCondition(pod, 'Ready');
  if (c?.status !== 'True') return false;
  if (!minReadySeconds) return true;
  const since = Date.parse(c.lastTransitionTime ?? '');
  return !Number.isNaN(since) && since + minReadySeconds * 1000 <= now;
}

/** When a ready pod becomes available, if it is not yet. */
export function availableAt(pod: any, minReadySeconds: number): number | undefined {
  const c = podCondition(pod, 'Ready');
  if (c?.status !== 'True' || !minReadySeconds) return undefined;
  return Date.parse(c.lastTransitionTime) + minReadySeconds * 1000;
}

/** Not terminating and not finished: a pod that counts toward replicas. */
export function isPodActive(pod: any): boolean {
  return (
    !pod.metadata.deletionTimestamp &&
    pod.status?.phase !== 'Succeeded' &&
    pod.status?.phase !== 'Failed'
  );
}

export function ownedBy(objects: KubeObject[], owner: KubeObject): KubeObject[] {
  return objects.filter((o) => controllerRef(o)?.uid === owner.metadata.uid);
}

export function ownerReferenceTo(owner: KubeObject) {
  return {
    apiVersion: owner.apiVersion,
    kind: owner.kind,
    name: owner.metadata.name,
    uid: owner.metadata.uid!,
    controller: true,
    blockOwnerDeletion: true,
  };
}

export const restarts = (pod: any) =>
  (pod.status?.containerStatuses ?? []).reduce((n: number, c: any) => n + (c.restartCount ?? 0), 0);
