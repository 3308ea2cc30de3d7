import { forbiddenError } from '@kubelab/apimachinery';
import type { AdmissionPlugin } from '../api-server';
import { claimClass, quantity } from '../../storage/helpers';

// plugin/pkg/admission/storage/persistentvolume/resize (PersistentVolumeClaimResize): a claim may
// only grow when it is bound and its StorageClass says allowVolumeExpansion: true.

export const persistentVolumeClaimResize: AdmissionPlugin = {
  name: 'PersistentVolumeClaimResize',
  validate(op, type, pvc, old, ctx) {
    if (op !== 'update' || type.group !== '' || type.kind !== 'PersistentVolumeClaim' || !old)
      return;
    const oldSize = quantity(old.spec?.resources?.requests?.storage);
    const newSize = quantity(pvc.spec?.resources?.requests?.storage);
    if (newSize.cmp(oldSize) <= 0) return;
    const refuse = (why: string) =>
      forbiddenError({ group: '', resource: 'persistentvolumeclaims' }, pvc.metadata.name, why);
    if (old.status?.phase !== 'Bound')
      throw refuse('Only bound persistent volume claims can be expanded');
    const cls = claimClass(pvc);
    const oldCls = claimClass(old);
    const sc =
      cls && cls === oldCls ? ctx.view.get('storage.k8s.io', 'StorageClass', '', cls) : undefined;
    if (sc?.allowVolumeExpansion !== true)
      throw refuse(
        'only dynamically provisioned pvc can be resized and the storageclass that provisions the pvc must support resize',
      );
  },
};
