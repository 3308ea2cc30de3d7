// kubernetes-csi/external-resizer, for the CSI drivers of the profile that run one: it takes a
// claim handed to it (storage-resizer annotation), records the size it is working towards
// (status.allocatedResources, RecoverVolumeExpansionFailure being on in 1.32), grows the volume
// in the profile's time, and then either finishes or leaves the file system to the kubelet of
// the node using it (FileSystemResizePending).

import { formatTime } from '@kubelab/apimachinery';
import { earliest, type Controller, type ControllerContext } from '../../controller';
import { storageOf, type ProvisionerProfile } from '../../../profile/storage-profile';
import { ANN_STORAGE_RESIZER, quantity } from '../../../storage/helpers';
import { resizeRequested } from '../expand/expand-controller';

export const FS_RESIZE_PENDING_MESSAGE =
  'Waiting for user to (re-)start a pod to finish file system resize of volume on node.';

const condition = (type: string, now: number, message?: string) => ({
  type,
  status: 'True',
  lastProbeTime: null,
  lastTransitionTime: formatTime(now),
  ...(message ? { message } : {}),
});

function resize(ctx: ControllerContext, p: ProvisionerProfile, pvc: any): number | undefined {
  if (pvc.metadata.annotations?.[ANN_STORAGE_RESIZER] !== p.name || !resizeRequested(pvc))
    return undefined;
  const pv: any = ctx.state.get('', 'PersistentVolume', '', pvc.spec.volumeName);
  if (!pv) return undefined;
  const request: string = pvc.spec.resources.requests.storage;
  const source = { component: `external-resizer ${p.name}` };
  const allocated = pvc.status?.allocatedResources?.storage;
  const state = pvc.status?.allocatedResourceStatuses?.storage;
  if (!allocated || quantity(allocated).cmp(quantity(request)) !== 0) {
    ctx.api.mutate(
      pvc,
      (c: any) => {
        c.status.allocatedResources = { ...(c.status.allocatedResources ?? {}), storage: request };
        c.status.allocatedResourceStatuses = { storage: 'ControllerResizeInProgress' };
        c.status.conditions = [condition('Resizing', ctx.now)];
      },
      true,
    );
    ctx.api.event(pvc, {
      type: 'Normal',
      reason: 'Resizing',
      message: `External resizer is resizing volume ${pv.metadata.name}`,
      source,
    });
    return ctx.now + (p.resizeMs ?? 1_000);
  }
  if (state !== 'ControllerResizeInProgress') return undefined;
  const since = Date.parse(
    (pvc.status?.conditions ?? []).find((c: any) => c.type === 'Resizing')?.lastTransitionTime ??
      '',
  );
  const due = (Number.isNaN(since) ? ctx.now : since) + (p.resizeMs ?? 1_000);
  if (ctx.now < due) return due;
  ctx.api.mutate(pv, (c: any) => (c.spec.capacity = { ...c.spec.capacity, storage: request }));
  const current: any = ctx.state.get(
    '',
    'PersistentVolumeClaim',
    pvc.metadata.namespace,
    pvc.metadata.name,
  );
  if (p.nodeExpansion) {
    ctx.api.mutate(
      current,
      (c: any) => {
        c.status.allocatedResourceStatuses = { storage: 'NodeResizePending' };
        c.status.conditions = [
          condition('FileSystemResizePending', ctx.now, FS_RESIZE_PENDING_MESSAGE),
        ];
      },
      true,
    );
    ctx.api.event(current, {
      type: 'Normal',
      reason: 'FileSystemResizeRequired',
      message: 'Require file system resize of volume on node',
      source,
    });
    return undefined;
  }
  ctx.api.mutate(
    current,
    (c: any) => {
      c.status.capacity = { ...(c.status.capacity ?? {}), storage: request };
      delete c.status.allocatedResourceStatuses;
      delete c.status.conditions;
    },
    true,
  );
  ctx.api.event(current, {
    type: 'Normal',
    reason: 'VolumeResizeSuccessful',
    message: 'Resize volume succeeded',
    source,
  });
  return undefined;
}

export const externalResizer: Controller = {
  name: 'external-resizer',
  reconcile(ctx) {
    const resizers = storageOf(ctx.profile).provisioners.filter((p) => p.csi && p.resizer);
    let wake: number | undefined;
    for (const p of resizers)
      for (const pvc of [...ctx.state.list('', 'PersistentVolumeClaim')])
        wake = earliest(wake, resize(ctx, p, pvc));
    return wake;
  },
};
