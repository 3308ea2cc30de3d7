// The kubelet's online file-system expansion (pkg/kubelet/volumemanager reconciler →
// operation_generator NodeExpandVolume): a claim whose volume the resizer grew but whose file
// system still waits (allocatedResourceStatuses: NodeResizePending) is finished by the kubelet
// of a node where a running pod uses it; the claim's capacity then shows the new size.

import type { Controller } from '../controllers/controller';
import { podClaimNames } from '../storage/helpers';

export const nodeVolumeExpansion: Controller = {
  name: 'kubelet-volume-expansion',
  reconcile(ctx) {
    for (const pvc of [...ctx.state.list('', 'PersistentVolumeClaim')] as any[]) {
      if (pvc.status?.allocatedResourceStatuses?.storage !== 'NodeResizePending') continue;
      const pod = (ctx.state.list('', 'Pod', pvc.metadata.namespace) as any[]).find(
        (p) =>
          p.spec?.nodeName &&
          p.status?.phase === 'Running' &&
          !p.metadata.deletionTimestamp &&
          podClaimNames(p).some((c) => c.claim === pvc.metadata.name),
      );
      if (!pod) continue;
      const size = pvc.status.allocatedResources?.storage ?? pvc.spec.resources?.requests?.storage;
      ctx.api.mutate(
        pvc,
        (c: any) => {
          c.status.capacity = { ...(c.status.capacity ?? {}), storage: size };
          delete c.status.allocatedResourceStatuses;
          c.status.conditions = (c.status.conditions ?? []).filter(
            (x: any) => x.type !== 'FileSystemResizePending',
          );
          if (!c.status.conditions.length) delete c.status.conditions;
        },
        true,
      );
      const message = `MountVolume.NodeExpandVolume succeeded for volume "${pvc.spec.volumeName}" ${pod.spec.nodeName}`;
      const source = { component: 'kubelet', host: pod.spec.nodeName };
      ctx.api.event(pod, { type: 'Normal', reason: 'FileSystemResizeSuccessful', message, source });
      const current = ctx.state.get(
        '',
        'PersistentVolumeClaim',
        pvc.metadata.namespace,
        pvc.metadata.name,
      );
      if (current)
        ctx.api.event(current, {
          type: 'Normal',
          reason: 'FileSystemResizeSuccessful',
          message,
          source,
        });
    }
    return undefined;
  },
};
