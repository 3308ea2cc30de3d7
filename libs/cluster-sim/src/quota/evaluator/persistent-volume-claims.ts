import { one, q, type ResourceList } from '../resources';
import { matchesNoScope, type Evaluator } from './evaluator';

// pkg/quota/v1/evaluator/core/persistent_volume_claims.go: a claim counts once and charges
// its requested storage, also against its StorageClass
// (<class>.storageclass.storage.k8s.io/requests.storage and .../persistentvolumeclaims).

const STORAGE_CLASS_SUFFIX = '.storageclass.storage.k8s.io/';
const PVC_RESOURCES = ['persistentvolumeclaims', 'requests.storage'];

/** GetPersistentVolumeClaimClass: the beta annotation still wins over spec.storageClassName. */
function claimClass(pvc: any): string {
  const beta = pvc.metadata?.annotations?.['volume.beta.kubernetes.io/storage-class'];
  if (beta !== undefined) return beta;
  return pvc.spec?.storageClassName ?? '';
}

export const persistentVolumeClaimEvaluator: Evaluator = {
  group: '',
  kind: 'PersistentVolumeClaim',
  matchingResources: (hard) =>
    hard.filter(
      (r) =>
        r === 'count/persistentvolumeclaims' ||
        PVC_RESOURCES.includes(r) ||
        PVC_RESOURCES.some((p) => r.endsWith(STORAGE_CLASS_SUFFIX + p)),
    ),
  usage(pvc) {
    const out: ResourceList = {
      persistentvolumeclaims: one(),
      'count/persistentvolumeclaims': one(),
    };
    const cls = claimClass(pvc);
    if (cls) out[`${cls}${STORAGE_CLASS_SUFFIX}persistentvolumeclaims`] = one();
    let storage = pvc.spec?.resources?.requests?.storage;
    // An expansion in progress charges the larger of the request and what is allocated.
    const allocated = pvc.status?.allocatedResources?.storage;
    if (allocated !== undefined && (storage === undefined || q(allocated).cmp(q(storage)) > 0))
      storage = allocated;
    if (storage !== undefined) {
      out['requests.storage'] = q(storage);
      if (cls) out[`${cls}${STORAGE_CLASS_SUFFIX}requests.storage`] = q(storage);
    }
    return out;
  },
  matchesScope: matchesNoScope,
  handles: () => true,
};
