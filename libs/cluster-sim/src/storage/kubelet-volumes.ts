// The kubelet's view of a pod's persistent volumes (pkg/kubelet/volumemanager: the desired state
// populator's "error processing PVC", WaitForAttachAndMount): a pod on a node cannot start while
// a claim it names is missing, unbound or being deleted, or while its volume is not attached to
// the node (Multi-Attach). The kubelet reports these as FailedMount and keeps the pod in
// ContainerCreating; they clear as soon as the claim binds or the volume attaches.

import { attachmentName, attachRequired } from './attachment';
import { podClaimNames, type StorageView } from './helpers';

export interface PersistentMountProblem {
  volume: string;
  message: string;
}

export function persistentVolumeMountProblems(
  view: StorageView,
  pod: any,
): PersistentMountProblem[] {
  const ns = pod.metadata.namespace;
  const out: PersistentMountProblem[] = [];
  const fail = (volume: string, processed: boolean, attached: boolean, why: string) =>
    out.push({
      volume,
      message: `Unable to attach or mount volumes: unmounted volumes=[${volume}], unattached volumes=[${attached ? '' : volume}], failed to process volumes=[${processed ? '' : volume}]: ${why}`,
    });
  for (const c of podClaimNames(pod)) {
    const pvc = view.get('', 'PersistentVolumeClaim', ns, c.claim);
    const claimError = (e: string) =>
      fail(c.volume, false, true, `error processing PVC ${ns}/${c.claim}: ${e}`);
    if (!pvc) {
      claimError(
        `failed to fetch PVC from API server: persistentvolumeclaims "${c.claim}" not found`,
      );
      continue;
    }
    if (pvc.metadata.deletionTimestamp) {
      claimError('PVC is being deleted');
      continue;
    }
    if (pvc.status?.phase !== 'Bound') {
      claimError('PVC is not bound');
      continue;
    }
    const pv = view.get('', 'PersistentVolume', '', pvc.spec?.volumeName ?? '');
    if (!pv) {
      claimError(
        `failed to fetch PV "${pvc.spec?.volumeName}" from API server: persistentvolumes "${pvc.spec?.volumeName}" not found`,
      );
      continue;
    }
    if (!attachRequired(view, pv) || !pod.spec?.nodeName) continue;
    const va = view.get(
      'storage.k8s.io',
      'VolumeAttachment',
      '',
      attachmentName(pv, pod.spec.nodeName),
    );
    // Attaching is under way (or about to be): no error until it fails.
    if (!va || va.status?.attached) {
      const elsewhere = view
        .list('storage.k8s.io', 'VolumeAttachment')
        .some(
          (a) =>
            a.spec?.source?.persistentVolumeName === pv.metadata.name &&
            a.spec?.nodeName !== pod.spec.nodeName,
        );
      const rwo = !['ReadWriteMany', 'ReadOnlyMany'].some((m) =>
        (pv.spec?.accessModes ?? []).includes(m),
      );
      if (!va && elsewhere && rwo)
        fail(c.volume, true, false, 'timed out waiting for the condition');
      continue;
    }
  }
  return out;
}
