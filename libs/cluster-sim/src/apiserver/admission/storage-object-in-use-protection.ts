import type { AdmissionPlugin } from '../api-server';
import { PV_PROTECTION_FINALIZER, PVC_PROTECTION_FINALIZER } from '../../storage/helpers';

// plugin/pkg/admission/storage/storageobjectinuseprotection: every new claim and volume carries
// a finalizer, so deleting one that is still in use leaves it Terminating until the pvc- or
// pv-protection controller sees it is free.

export const storageObjectInUseProtection: AdmissionPlugin = {
  name: 'StorageObjectInUseProtection',
  admit(op, type, obj) {
    if (op !== 'create' || type.group !== '') return;
    const finalizer =
      type.kind === 'PersistentVolumeClaim'
        ? PVC_PROTECTION_FINALIZER
        : type.kind === 'PersistentVolume'
          ? PV_PROTECTION_FINALIZER
          : undefined;
    if (!finalizer) return;
    const list: string[] = (obj.metadata.finalizers ??= []);
    if (!list.includes(finalizer)) list.push(finalizer);
  },
};
