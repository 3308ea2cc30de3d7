import type { AdmissionPlugin } from '../api-server';
import { defaultIngressClass } from './default-ingress-class';
import { defaultStorageClassAdmission } from './default-storage-class';
import { defaultTolerationSeconds } from './default-tolerations';
import { limitRanger } from './limit-ranger';
import { namespaceLifecycle } from './namespace-lifecycle';
import { persistentVolumeClaimResize } from './persistent-volume-claim-resize';
import { priorityAdmission } from './priority';
import { resourceQuotaAdmission } from './resource-quota';
import { serviceAccountAdmission } from './service-account';
import { storageObjectInUseProtection } from './storage-object-in-use-protection';

/** The default admission chain, in kube-apiserver's order. */
export const DEFAULT_ADMISSION: AdmissionPlugin[] = [
  namespaceLifecycle,
  limitRanger,
  serviceAccountAdmission,
  defaultTolerationSeconds,
  priorityAdmission,
  defaultStorageClassAdmission,
  storageObjectInUseProtection,
  persistentVolumeClaimResize,
  defaultIngressClass,
  // Always last, as in kube-apiserver: it charges what the other plugins admitted.
  resourceQuotaAdmission,
];
