import type { AdmissionPlugin } from '../api-server';
import { claimHasClass, defaultStorageClass } from '../../storage/helpers';

// plugin/pkg/admission/storage/storageclass/setdefault (DefaultStorageClass): a new claim that
// names no class at all gets the default class. `storageClassName: ""` is a choice (no class,
// static volumes only) and is left alone.

export const defaultStorageClassAdmission: AdmissionPlugin = {
  name: 'DefaultStorageClass',
  admit(op, type, pvc, _old, ctx) {
    if (op !== 'create' || type.group !== '' || type.kind !== 'PersistentVolumeClaim') return;
    if (claimHasClass(pvc)) return;
    const sc = defaultStorageClass(ctx.view);
    if (sc) (pvc.spec ??= {}).storageClassName = sc.metadata.name;
  },
};
